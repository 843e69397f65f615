"""Matching an account to the roster: by staff code, e-mail or phone, one indexed query."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from common.text import nfc, normalise_code, normalise_phone

from ..models import StaffMember


def find_roster_matches(staff_code=None, email=None, phone=None):
    """Active roster entries with this staff code, e-mail or (normalised) phone, as one query.

    Values are normalised as the roster stores them; an invalid phone number matches nothing.
    """
    condition = Q()
    if code := normalise_code(staff_code):
        condition |= Q(staff_code=code)
    if address := nfc(email).lower():
        condition |= Q(email=address)
    if phone:
        with contextlib.suppress(ValidationError):  # an invalid number matches nobody
            condition |= Q(phone=normalise_phone(phone))
    if not condition:
        return StaffMember.objects.none()
    return StaffMember.objects.filter(condition, active=True).select_related("agency")


@transaction.atomic
def link_account(staff, user):
    """Link a roster entry to an account; refused when either is already linked elsewhere."""
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    if staff.user_id == user.pk:
        return staff
    if staff.user_id is not None:
        raise ValidationError(_("This roster entry already belongs to another account."), code="roster_entry_taken")
    if StaffMember.objects.filter(user=user).exists():
        raise ValidationError(_("This account is already linked to another roster entry."), code="account_linked")
    staff.user = user
    staff.save(update_fields=["user", "updated_at"])
    return staff
