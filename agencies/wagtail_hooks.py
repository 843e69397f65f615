from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from .admin_views import roles
from .admin_views.agencies import AgencyViewSet
from .admin_views.link_requests import RosterLinkRequestViewSet
from .admin_views.roster_upload import RosterImportViewSet
from .admin_views.staff import StaffMemberViewSet
from .permissions import is_province_admin


class RosterGroup(ViewSetGroup):
    menu_label = _("Agencies and staff")
    menu_icon = "group"
    menu_order = 250
    items = (
        AgencyViewSet("agencies_agency"),
        StaffMemberViewSet("agencies_staff"),
        RosterImportViewSet(),
        RosterLinkRequestViewSet("agencies_link_requests"),
    )


@hooks.register("register_admin_viewset")
def register_roster_viewsets():
    return RosterGroup()


# Roles and HR scopes: at /admin/accounts/roles/, where the screen has always been (bookmarks).
roles_urls = (
    [
        path("", roles.index, name="index"),
        path("<int:user_id>/", roles.edit, name="edit"),
    ],
    "agencies_roles",
)


@hooks.register("register_admin_urls")
def register_roles_urls():
    return [path("accounts/roles/", include(roles_urls))]


class ProvinceAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return is_province_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_roles_menu_item():
    return ProvinceAdminMenuItem(_("Roles and HR scopes"), reverse("agencies_roles:index"), icon_name="key", order=260)
