"""A learner's personal data: the JSON export, and deleting an account (Personal Data Protection Law).

accounts sits below the other apps and asks none of them: each app that keeps personal data registers
its part here (`register`, from its AppConfig.ready), the way statement processors are registered with
the LRS. A part names its key in the export, and may say how to erase it and whether its rows must
outlive the account:
- agencies: the roster entry (kept: it is the province's roster), HR scopes (erased);
- xapi: every statement naming the learner (by their account, a verified e-mail or its sha1 sum, or
  their verified phone; as actor, object, in context or as authority), anonymised in place; LRS
  documents and launch credentials deleted;
- courses: enrolments and completions; certificates: certificates. Both are records of the province:
  `Certificate.learner` is PROTECT and enrolments CASCADE from the user, so an account with any of them
  is not deleted but deactivated and scrubbed (name, e-mail, phone, username, password, organisation,
  roles), keeping the rows that prove what was learnt. An account with none of those is deleted outright.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import LearnerProfile


class Identifiers(NamedTuple):
    """How other systems may name a user besides their account: verified e-mails and phones only."""

    emails: list
    phones: list


@dataclass(frozen=True)
class Part:
    key: str
    export: Callable[[Any, Identifiers], Any]
    erase: Callable[[Any, Identifiers], None] | None = None
    keeps_account: Callable[[Any], bool] | None = None


_parts: dict[str, Part] = {}


def register(key, export, *, erase=None, keeps_account=None):
    """Add an app's part of a user's personal data (idempotent per key: the last registration wins).

    `export(user, identifiers)` returns JSON-ready data for the export under `key`; `erase(user,
    identifiers)` forgets it when the account is deleted; `keeps_account(user)` is True when the part
    holds records that must outlive the account (the account is then scrubbed, not deleted).
    """
    _parts[key] = Part(key, export, erase, keeps_account)


def registered_parts():
    return list(_parts)


def _iso(value):
    return value.isoformat() if value else None


def known_identifiers(user):
    """The verified e-mails and phones by which other systems may name `user`: an unverified address may
    belong to someone else, whose data must be neither exported nor erased here."""
    emails = sorted(set(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)))
    phones = [user.phone] if user.phone and user.phone_verified else []
    return Identifiers(emails, phones)


def export(user):
    """Everything the site holds about `user`, as JSON-ready data."""
    profile = LearnerProfile.objects.filter(user=user).first()
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "public_id": str(user.public_id),
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "phone": user.phone or "",
            "phone_verified": user.phone_verified,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "profile": None,
    }
    if profile is not None:
        data["profile"] = {
            "category": profile.category,
            "category_label": str(profile.get_category_display()),
            "organisation": profile.organisation,
            "staff_code_given": profile.staff_code,
            "consent_at": _iso(profile.consent_at),
            "consent_version": profile.consent_version,
        }
    identifiers = known_identifiers(user)
    for part in _parts.values():
        data[part.key] = part.export(user, identifiers)
    return data


@transaction.atomic
def delete_account(user):
    """Forget `user`: every part erases its data, then the account is deleted or (with records) scrubbed.

    Returns "deleted" or "scrubbed".
    """
    identifiers = known_identifiers(user)
    for part in _parts.values():
        if part.erase is not None:
            part.erase(user, identifiers)
    EmailAddress.objects.filter(user=user).delete()
    if not any(part.keeps_account(user) for part in _parts.values() if part.keeps_account is not None):
        user.delete()
        return "deleted"
    user.full_name = ""
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.phone = None
    user.phone_verified = False
    user.username = f"deleted-{user.public_id.hex[:16]}"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.set(Group.objects.none())
    user.user_permissions.clear()
    LearnerProfile.objects.filter(user=user).update(organisation="", staff_code="")
    return "scrubbed"
