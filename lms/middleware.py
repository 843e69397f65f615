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
