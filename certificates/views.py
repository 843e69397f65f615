"""Public verification, the PDF and the badge of a certificate, and HR officers' bulk downloads."""

import json
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from agencies.services import visible_agencies
from common.clients import client_ip
from courses.services import live_courses

from . import services
from .bulk import certificates_in_scope, may_bulk_download
from .issuing import normalise_code
from .models import BulkDownload
from .pdf import ensure_pdf

logger = logging.getLogger(__name__)

# Enumeration: a code that is not found costs MISS_WEIGHT; a client whose misses pass RATE_LIMIT within
# RATE_WINDOW seconds gets 429 for further misses until the window ends. A code that exists is always
# answered and costs nothing: a limited client (or everyone behind one NAT) can still check real codes.
RATE_LIMIT = 60
RATE_WINDOW = 600
MISS_WEIGHT = 5


def _rate_key(request):
    window = int(timezone.now().timestamp() // RATE_WINDOW)
    return f"certificates:verify:{client_ip(request)}:{window}"


def _charge_miss(request):
    """Count a miss atomically (add, then incr) and say whether the client is over the limit.

    With the cache unreachable the limit is not enforced (logged): verifying must not depend on Redis.
    """
    key = _rate_key(request)
    try:
        cache.add(key, 0, RATE_WINDOW + 5)
        try:
            spent = cache.incr(key, MISS_WEIGHT)
        except ValueError:  # expired between add and incr, or dropped by a cache that is down
            cache.set(key, MISS_WEIGHT, RATE_WINDOW + 5)
            spent = MISS_WEIGHT
    except Exception as exc:  # any cache failure: fail open, never a 500
        logger.warning("certificate verify limit not enforced, cache unavailable: %s", exc)
        return False
    if spent > RATE_LIMIT >= spent - MISS_WEIGHT:
        logger.warning("certificate verify limit reached by %s: codes that do not exist", client_ip(request))
    return spent > RATE_LIMIT


def _too_many(request):
    response = TemplateResponse(request, "certificates/rate_limited.html", {}, status=429)
    response["Retry-After"] = str(RATE_WINDOW)
    return response


@require_GET
def verify(request, code):
    certificate = services.find(code)
    if certificate is None:
        if _charge_miss(request):
            return _too_many(request)
        return TemplateResponse(request, "certificates/not_found.html", {"code": code[:40]}, status=404)
    if certificate.code != code:
        return redirect("certificates:verify", code=certificate.code)
    credential = services.credential_for(certificate)
    signature_ok, _reason = services.verify_credential(credential)
    context = {
        "certificate": certificate,
        "status": certificate.status(),
        "signature_ok": signature_ok,
        "issuer": credential["issuer"]["name"],
        "successor": certificate.replaced_by,
    }
    return TemplateResponse(request, "certificates/verify.html", context)


def pdf(request, code):
    certificate = services.find(code)
    if certificate is None or certificate.code != code:
        raise Http404
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not services.can_download(request.user, certificate):
        return HttpResponseForbidden(_("You may not download this certificate."))
    file = ensure_pdf(certificate)
    # Every link to it says "download": a browser with a PDF viewer would otherwise only show it.
    return FileResponse(
        file.open("rb"), content_type="application/pdf", as_attachment=True, filename=f"{certificate.code}.pdf"
    )


@require_GET
def badge(request, code):
    certificate = services.find(code)
    if certificate is None or certificate.code != code:
        if _charge_miss(request):
            response = JsonResponse({"error": _("Too many codes that do not exist; try again later.")}, status=429)
            response["Retry-After"] = str(RATE_WINDOW)
            return response
        return JsonResponse({"error": _("No certificate has this code.")}, status=404)
    response = JsonResponse(services.credential_for(certificate), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/vc+ld+json; charset=utf-8"
    response["Cache-Control"] = "no-store"
    return response


class VerifyBadgeForm(forms.Form):
    credential = forms.CharField(label=gettext_lazy("Badge (JSON)"), widget=forms.Textarea, max_length=200_000)


@require_http_methods(["GET", "POST"])
def check_badge(request):
    """Type the code printed on a certificate, or paste a badge's JSON to check its proof."""
    typed = request.GET.get("ma", "")
    if typed:
        code = normalise_code(typed)
        # The verify page itself answers (and counts misses); only well-formed codes go there.
        if code:
            return redirect("certificates:verify", code=code)
        messages.error(request, _("A certificate code looks like NA-2026-7KQ4-M2XD. Check what you typed."))
    form = VerifyBadgeForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            document = json.loads(form.cleaned_data["credential"])
        except ValueError:
            form.add_error("credential", _("This is not valid JSON."))
        else:
            ok, _reason = services.verify_credential(document)
            result = {"ok": ok}
    return TemplateResponse(request, "certificates/check_badge.html", {"form": form, "result": result})


# Bulk downloads ------------------------------------------------------------------------------------


class BulkForm(forms.Form):
    course = forms.ModelChoiceField(label=gettext_lazy("Course"), queryset=None, required=False)
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=None, required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = live_courses()
        self.fields["agency"].queryset = visible_agencies(user)
        self.fields["course"].error_messages["invalid_choice"] = _("Choose a course from the list.")
        self.fields["agency"].error_messages["invalid_choice"] = _("Choose an agency within your scope.")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("course") and not data.get("agency"):
            raise forms.ValidationError(_("Choose a course, an agency, or both."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def bulk_start(request):
    if not may_bulk_download(request.user):
        return HttpResponseForbidden(_("Only HR officers and administrators may download certificates in bulk."))
    form = BulkForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        course, agency = form.cleaned_data["course"], form.cleaned_data["agency"]
        if not certificates_in_scope(request.user, course, agency).exists():
            form.add_error(None, _("There are no certificates to download for this choice."))
        else:
            download = BulkDownload.objects.create(requested_by=request.user, course=course, agency=agency)
            from .tasks import build_bulk_download

            try:
                build_bulk_download.delay(download.pk)
            except Exception:
                BulkDownload.objects.filter(pk=download.pk).update(
                    state=BulkDownload.State.FAILED, error="queue unavailable"
                )
            return redirect("certificates:bulk_status", pk=download.pk)
    recent = BulkDownload.objects.filter(requested_by=request.user)[:10]
    return TemplateResponse(request, "certificates/bulk_start.html", {"form": form, "recent": recent})


@login_required
def bulk_status(request, pk):
    download = get_object_or_404(BulkDownload, pk=pk, requested_by=request.user)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"state": download.state, "done": download.done, "total": download.total, "percent": download.percent}
        )
    return TemplateResponse(request, "certificates/bulk_status.html", {"download": download})


@login_required
def bulk_file(request, pk):
    download = get_object_or_404(BulkDownload, pk=pk, requested_by=request.user, state=BulkDownload.State.DONE)
    return FileResponse(
        download.archive.open("rb"), content_type="application/zip", filename=f"chung-nhan-{download.pk}.zip"
    )
