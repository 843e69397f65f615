from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        from agencies.services import sees_reports

        return sees_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    """HR officers and administrators reach the coverage report from the admin too."""
    return ReportsMenuItem(_("Reports"), reverse("reporting:coverage"), icon_name="table", order=240)
