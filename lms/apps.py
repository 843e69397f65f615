from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SEES_REPORTS_KEY = "kns_sees_reports"
USES_ADMIN_KEY = "kns_uses_admin"


def remember_roles(sender, request, user, **kwargs):
    """Decided once at sign-in and kept in the session: the header's report link and the Wagtail userbar
    cost no query per page.

    A role given while the person is signed in shows from their next sign-in.
    """
    from agencies.services import sees_reports

    request.session[SEES_REPORTS_KEY] = sees_reports(user)
    request.session[USES_ADMIN_KEY] = user.has_perm("wagtailadmin.access_admin")


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Site")

    def ready(self):
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site

        from . import navigation, sites

        user_logged_in.connect(remember_roles, dispatch_uid="lms.remember_roles")
        # Connected per page model, not to every model: a receiver for all would make every bulk delete slow.
        page_models = [model for model in apps.get_models() if issubclass(model, Page)]
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(sites.clear, sender=Site, dispatch_uid=f"lms.sites.clear.{name}")
            signal.connect(navigation.clear, sender=Site, dispatch_uid=f"lms.navigation.site.{name}")
            for model in page_models:
                label = model._meta.label
                signal.connect(sites.page_changed, sender=model, dispatch_uid=f"lms.sites.{label}.{name}")
                signal.connect(navigation.clear, sender=model, dispatch_uid=f"lms.navigation.{label}.{name}")
