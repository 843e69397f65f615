from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _sees_reports(user):
    from agencies.services import sees_reports

    return sees_reports(user)


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # Lazy: pages that never show the header's report link never ask.
        "SEES_REPORTS": SimpleLazyObject(lambda: _sees_reports(user)),
    }
