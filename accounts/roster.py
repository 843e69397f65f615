"""Offering a new account its roster entry, and linking it only when the learner confirms.

An entry is offered only when the account proves it: a verified e-mail address or a verified phone number
equal to the entry's, or the staff code the learner typed together with one more attribute that agrees
(e-mail, phone or full name). Entries already linked to an account are never offered.
"""

import unicodedata

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import LearnerCategory, LearnerProfile


def _name_key(value):
    text = unicodedata.normalize("NFC", value or "").casefold()
    return " ".join(text.split())


def _profile(user):
    return LearnerProfile.objects.filter(user=user).first()


def roster_candidates(user):
    """The roster entries this account may claim (usually none or one), for the confirmation page."""
    from agencies.services import find_roster_matches, staff_member_for

    if not getattr(user, "is_authenticated", False) or staff_member_for(user) is not None:
        return []
    profile = _profile(user)
    if profile is not None and profile.roster_declined:
        return []
    staff_code = profile.staff_code if profile else ""
    addresses = {a.email.lower(): a.verified for a in EmailAddress.objects.filter(user=user)}
    if user.email:
        addresses.setdefault(user.email.lower(), False)
    verified_emails = {address for address, verified in addresses.items() if verified}
    verified_phone = user.phone if user.phone and user.phone_verified else ""
    if not (staff_code or verified_emails or verified_phone):
        return []
    matches = find_roster_matches(
        staff_code=staff_code or None, email=next(iter(verified_emails), None), phone=verified_phone or None
    )
    if len(verified_emails) > 1:
        for address in list(verified_emails)[1:]:
            matches = matches | find_roster_matches(email=address)
    candidates = []
    for entry in matches.distinct():
        if entry.user_id is not None:
            continue
        proven = (entry.email and entry.email in verified_emails) or (verified_phone and entry.phone == verified_phone)
        if not proven and staff_code and entry.staff_code == staff_code:
            proven = bool(
                (entry.email and entry.email in addresses)
                or (entry.phone and entry.phone == user.phone)
                or (_name_key(entry.full_name) and _name_key(entry.full_name) == _name_key(user.full_name))
            )
        if proven:
            candidates.append(entry)
    return candidates


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
