from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import navigation


def site(request):
    session = getattr(request, "session", None)
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # Set at sign-in (lms.apps.remember_roles): no query on every page.
        "SEES_REPORTS": bool(session and session.get("kns_sees_reports")),
        # From the page tree, kept per process (lms.navigation): no query on a page.
        "CATALOGUE_URL": SimpleLazyObject(lambda: navigation.links()["catalogue"] or ""),
        "MY_LEARNING_URL": SimpleLazyObject(lambda: navigation.links()["my_learning"] or ""),
    }
