"""The learner's own certificates: every one, with its status (a revoked one with its reason)."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import services


@login_required
@require_GET
def mine(request):
    certificates = list(services.certificates_for(request.user).select_related("replaced_by"))
    return TemplateResponse(request, "certificates/mine.html", {"certificates": certificates})
