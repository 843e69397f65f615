from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from .admin_agencies import AgencyViewSet
from .admin_link_requests import RosterLinkRequestViewSet
from .admin_roster_upload import RosterImportViewSet
from .admin_staff import StaffMemberViewSet


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
