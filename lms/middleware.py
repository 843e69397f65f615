import logging

from django.conf import settings
from django.utils import translation


class SiteLanguageMiddleware:
    """Vietnamese unless the visitor chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language; a provincial site should greet
    every visitor in Vietnamese and switch only on an explicit choice (the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every response.

    Public pages get CSP_POLICY: only this site's own scripts, styles, images and fonts (the templates
    carry no inline script or style), frames only from CSP_FRAME_SOURCES (video and xAPI content hosts).
    Wagtail's admin relies on inline scripts and styles, so paths under CSP_ADMIN_PATHS get the looser
    CSP_ADMIN_POLICY. A view that sets its own header keeps it. With CSP_REPORT_ONLY the policy is only
    reported by browsers, for trying a change out in production.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = self.render(settings.CSP_POLICY)
        self.admin = self.render(settings.CSP_ADMIN_POLICY)
        self.admin_paths = tuple(settings.CSP_ADMIN_PATHS)
        self.header = "Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY else "Content-Security-Policy"

    @staticmethod
    def render(policy):
        return "; ".join(f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header not in response:
            response[self.header] = self.admin if request.path.startswith(self.admin_paths) else self.public
        return response


def database_unavailable(exc):
    """True for an error saying the database cannot be reached (restarting, down, connection lost)."""
    from django.db import InterfaceError, OperationalError

    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    from django.db import connections

    # Drop connections the server closed under us, so the next request opens a fresh one.
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    return True


def unavailable_response(request):
    """503 with a short message: JSON for the machine interfaces, a page needing nothing else for people."""
    from django.http import HttpResponse, JsonResponse
    from django.template.loader import render_to_string
    from django.utils.translation import gettext as _

    message = _("The system cannot reach its database at the moment. Please try again in a minute.")
    if request.path.startswith(("/xapi/", "/api/")) or "json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"error": True, "message": message, "status": 503}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        # Rendered without a request context: the context processors would query the database.
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers 503 with a message instead of a 500 traceback.

    Errors raised outside views (sessions, other middleware) reach `lms.views.server_error`, which answers
    the same way. Transactions roll back as usual, so nothing is half written.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            logging.getLogger(__name__).warning("database unavailable: %s %s: %s", request.method, request.path,
                                                exception)  # fmt: skip
            return unavailable_response(request)
        return None
