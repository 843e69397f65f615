from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_roles

urls = (
    [
        path("", admin_roles.index, name="index"),
        path("<int:user_id>/", admin_roles.edit, name="edit"),
    ],
    "accounts_roles",
)


@hooks.register("register_admin_urls")
def register_roles_urls():
    return [path("accounts/roles/", include(urls))]


class ProvinceAdminMenuItem(MenuItem):
    def is_shown(self, request):
        from agencies.services import is_province_admin

        return is_province_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_roles_menu_item():
    return ProvinceAdminMenuItem(_("Roles and HR scopes"), reverse("accounts_roles:index"), icon_name="key", order=260)
