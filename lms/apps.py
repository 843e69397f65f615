from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SEES_REPORTS_KEY = "kns_sees_reports"


def remember_roles(sender, request, user, **kwargs):
    """Decided once at sign-in and kept in the session: the header's report link costs no query per page.

    A role given while the person is signed in shows from their next sign-in.
    """
    from agencies.services import sees_reports

    request.session[SEES_REPORTS_KEY] = sees_reports(user)


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Site")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(remember_roles, dispatch_uid="lms.remember_roles")
