import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import personal_data, phones
from .forms import PRIVACY_NOTICE_VERSION, DeleteAccountForm, ProfileForm
from .models import LearnerProfile
from .roster import (
    can_request_link,
    confirm_roster_match,
    decline_roster_match,
    pending_link_request,
    request_roster_link,
    reset_roster_decline,
    roster_candidates,
)


def privacy(request):
    return render(request, "accounts/privacy.html", {"version": PRIVACY_NOTICE_VERSION})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    from agencies.services import staff_member_for

    user = request.user
    learner_profile = LearnerProfile.objects.filter(user=user).first()
    form = ProfileForm(request.POST or None, instance=learner_profile or LearnerProfile(user=user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "learner_profile": learner_profile,
            "form": form,
            "staff": staff_member_for(user),
            "phone_display": phones.display(user.phone),
            "candidates": roster_candidates(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_match(request):
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            try:
                entry = confirm_roster_match(user, int(request.POST.get("staff") or 0))
            except (ValidationError, ValueError) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [_("Invalid request.")])))
                return redirect("accounts:roster_match")
            messages.success(
                request,
                _("Your account is now linked to your roster entry at %(agency)s.") % {"agency": entry.agency.name},
            )
            return redirect("accounts:profile")
        if action == "decline":
            decline_roster_match(user)
            messages.info(request, _("Understood: we will not link that roster entry to your account."))
            return redirect("accounts:profile")
        if action == "search":
            reset_roster_decline(user)
            return redirect("accounts:roster_match")
        if action == "request" and can_request_link(user):
            try:
                request_roster_link(user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("accounts:roster_match")
            # The same answer whether or not the code exists: staff codes are not to be probed here.
            messages.success(
                request,
                _(
                    "Your request was sent. If an entry with your staff code is on a roster, the HR officer of "
                    "that agency will check your details and link your account."
                ),
            )
            return redirect("accounts:roster_match")
        messages.error(request, _("Invalid request."))
        return redirect("accounts:roster_match")
    context = {
        "candidates": roster_candidates(user),
        "can_request": can_request_link(user),
        "pending": pending_link_request(user),
    }
    return render(request, "accounts/roster_match.html", context)


@login_required
def export_data(request):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="kynangso-du-lieu-ca-nhan-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.delete_account(user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})
