import sys

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as django_server_error

from .health import run_checks


@never_cache
@require_GET
def healthz(request):
    """200 when every configured part answers, 503 naming the parts that do not.

    `?deep=1` also sends a task through the broker to a worker and waits for its answer.
    """
    parts = run_checks(deep=request.GET.get("deep") == "1")
    failing = sorted(name for name, part in parts.items() if not part["ok"])
    body = {"status": "error" if failing else "ok", "failing": failing, "parts": parts}
    return JsonResponse(body, status=503 if failing else 200, json_dumps_params={"ensure_ascii": False})


def server_error(request, *args, **kwargs):
    """handler500: a lost database connection anywhere in the request is a 503 with a message."""
    from .middleware import database_unavailable, unavailable_response

    exc = sys.exc_info()[1]
    if exc is not None and database_unavailable(exc):
        return unavailable_response(request)
    return django_server_error(request, *args, **kwargs)


@login_required
def landing(request):
    """Where sign-in lands: HR officers and administrators on their report, learners on their learning."""
    from agencies.services import sees_reports
    from courses.services import my_learning_url

    if sees_reports(request.user):
        return redirect("reporting:coverage")
    return redirect(my_learning_url() or "/")


@require_GET
def favicon(request):
    # Resolved per request: at import time the production manifest of static files may not exist yet.
    from django.templatetags.static import static

    return redirect(static("img/favicon.svg"), permanent=True)
