"""Offering an account its roster entry, and linking it only when the learner confirms.

An entry is offered only when the account proves it: a verified e-mail address or a verified phone number
equal to the entry's. Entries already linked to an account are never offered. A staff code proves nothing
(codes are short and often sequential): with one alone, or with unverified details or a name, the learner
may only ask, and the HR officer of that agency approves or rejects the request in the admin
(requests.py).

accounts keeps what the learner told us (staff code, "not me") and which contacts are verified; this
module reads and writes them through accounts.services. It also tells accounts where sign-in should land
(`after_login`) and what the profile page shows of the roster (`profile_section`); apps.py registers both.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services import (
    LearnerCategory,
    ProfileSection,
    record_roster_link,
    roster_declined,
    set_roster_declined,
    staff_code_given,
    verified_contacts,
)

from ..services import staff_member_for
from .matching import find_roster_matches, link_account
from .requests import pending_request_of, request_link


def roster_candidates(user):
    """The roster entries this account may claim (usually none or one), for the confirmation page."""
    if not getattr(user, "is_authenticated", False) or staff_member_for(user) is not None:
        return []
    if roster_declined(user):
        return []
    verified_emails, verified_phone = verified_contacts(user)
    if not (verified_emails or verified_phone):
        return []
    matches = find_roster_matches(phone=verified_phone or None)
    for address in verified_emails:
        matches = matches | find_roster_matches(email=address)
    candidates = []
    for entry in matches.distinct():
        if entry.user_id is not None:
            continue
        if (entry.email and entry.email in verified_emails) or (verified_phone and entry.phone == verified_phone):
            candidates.append(entry)
    return candidates


def can_request_link(user):
    """A staff code typed at sign-up, no verified match, not linked, no request waiting: the learner may ask."""
    if not getattr(user, "is_authenticated", False) or staff_member_for(user) is not None:
        return False
    return bool(staff_code_given(user)) and pending_request_of(user) is None


def pending_link_request(user):
    return pending_request_of(user) if getattr(user, "is_authenticated", False) else None


def request_roster_link(user):
    """Ask the HR officer to link the entry with the staff code typed at sign-up (the evidence goes along)."""
    staff_code = staff_code_given(user)
    if not staff_code:
        raise ValidationError(_("Enter your staff code in your profile first."), code="no_staff_code")
    verified_emails, verified_phone = verified_contacts(user)
    email = (user.email or "").lower()
    return request_link(
        user,
        staff_code,
        email=email,
        email_verified=email in verified_emails,
        phone=user.phone or "",
        phone_verified=bool(verified_phone),
    )


@transaction.atomic
def confirm_roster_match(user, staff_pk):
    """Link the account to the offered entry `staff_pk`; ValidationError when it is not (or no longer) offered."""
    entry = next((c for c in roster_candidates(user) if c.pk == staff_pk), None)
    if entry is None:
        raise ValidationError(_("This roster entry cannot be linked to your account."), code="not_offered")
    entry = link_account(entry, user)
    record_roster_link(user)
    return entry


def decline_roster_match(user):
    """The learner said "not me": stop offering roster entries on sign-in."""
    set_roster_declined(user, True)


def reset_roster_decline(user):
    set_roster_declined(user, False)


def after_login(user):
    """An account with a roster entry to claim lands on the confirmation page after signing in (or up)."""
    return reverse("agencies:roster_match") if roster_candidates(user) else None


def profile_section(request):
    """The roster entry (and agency) on the learner's profile, or the way to find or confirm it."""
    staff = staff_member_for(request.user)
    context = {"staff": staff, "candidates": roster_candidates(request.user)}
    return ProfileSection(
        details=("agencies/profile_roster_entry.html", context),
        below=("agencies/profile_roster_link.html", context),
        fixed_category=LearnerCategory.CIVIL_SERVANT.value if staff is not None else None,
    )
