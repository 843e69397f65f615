from django.conf import settings


def site(request):
    session = getattr(request, "session", None)
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # Set at sign-in (lms.apps.remember_roles): no query on every page.
        "SEES_REPORTS": bool(session and session.get("kns_sees_reports")),
    }
