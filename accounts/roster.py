"""Offering a new account its roster entry, and linking it only when the learner confirms.

An entry is offered only when the account proves it: a verified e-mail address or a verified phone number
equal to the entry's. Entries already linked to an account are never offered. A staff code proves nothing
(codes are short and often sequential): with one alone, or with unverified details or a name, the learner
may only ask, and the HR officer of that agency approves or rejects the request in the admin.
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import LearnerCategory, LearnerProfile


def _profile(user):
    return LearnerProfile.objects.filter(user=user).first()


def _verified(user):
    """The account's verified e-mail addresses and verified phone (or "")."""
    emails = {a.email.lower() for a in EmailAddress.objects.filter(user=user, verified=True)}
    return emails, user.phone if user.phone and user.phone_verified else ""


def roster_candidates(user):
    """The roster entries this account may claim (usually none or one), for the confirmation page."""
    from agencies.services import find_roster_matches, staff_member_for

    if not getattr(user, "is_authenticated", False) or staff_member_for(user) is not None:
        return []
    profile = _profile(user)
    if profile is not None and profile.roster_declined:
        return []
    verified_emails, verified_phone = _verified(user)
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
    from agencies.services import pending_request_of, staff_member_for

    if not getattr(user, "is_authenticated", False) or staff_member_for(user) is not None:
        return False
    profile = _profile(user)
    return bool(profile and profile.staff_code) and pending_request_of(user) is None


def pending_link_request(user):
    from agencies.services import pending_request_of

    return pending_request_of(user) if getattr(user, "is_authenticated", False) else None


def request_roster_link(user):
    """Ask the HR officer to link the entry with the staff code typed at sign-up (the evidence goes along)."""
    from agencies.services import request_roster_link as file_request

    profile = _profile(user)
    if profile is None or not profile.staff_code:
        raise ValidationError(_("Enter your staff code in your profile first."), code="no_staff_code")
    verified_emails, verified_phone = _verified(user)
    email = (user.email or "").lower()
    return file_request(
        user,
        profile.staff_code,
        email=email,
        email_verified=email in verified_emails,
        phone=user.phone or "",
        phone_verified=bool(verified_phone),
    )


@transaction.atomic
def confirm_roster_match(user, staff_pk):
    """Link the account to the offered entry `staff_pk`; ValidationError when it is not (or no longer) offered."""
    from agencies.services import link_account

    entry = next((c for c in roster_candidates(user) if c.pk == staff_pk), None)
    if entry is None:
        raise ValidationError(_("This roster entry cannot be linked to your account."), code="not_offered")
    entry = link_account(entry, user)
    LearnerProfile.objects.update_or_create(
        user=user, defaults={"category": LearnerCategory.CIVIL_SERVANT, "roster_declined": False}
    )
    return entry


def decline_roster_match(user):
    """The learner said "not me": stop offering roster entries on sign-in."""
    LearnerProfile.objects.update_or_create(user=user, defaults={"roster_declined": True})


def reset_roster_decline(user):
    LearnerProfile.objects.filter(user=user).update(roster_declined=False)
