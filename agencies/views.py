"""The learner's side of the roster: confirming the entry offered to their account, or asking for a link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .linking.learner import (
    can_request_link,
    confirm_roster_match,
    decline_roster_match,
    pending_link_request,
    request_roster_link,
    reset_roster_decline,
    roster_candidates,
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
                return redirect("agencies:roster_match")
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
            return redirect("agencies:roster_match")
        if action == "request" and can_request_link(user):
            try:
                request_roster_link(user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("agencies:roster_match")
            # The same answer whether or not the code exists: staff codes are not to be probed here.
            messages.success(
                request,
                _(
                    "Your request was sent. If an entry with your staff code is on a roster, the HR officer of "
                    "that agency will check your details and link your account."
                ),
            )
            return redirect("agencies:roster_match")
        messages.error(request, _("Invalid request."))
        return redirect("agencies:roster_match")
    context = {
        "candidates": roster_candidates(user),
        "can_request": can_request_link(user),
        "pending": pending_link_request(user),
    }
    return render(request, "agencies/roster_match.html", context)
