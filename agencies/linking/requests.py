"""Roster link requests: a staff code alone never links an account; the entry's HR officer decides."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import normalise_code

from .. import permissions
from ..models import RosterLinkRequest, StaffMember
from .matching import link_account


def request_link(user, staff_code, *, email="", email_verified=False, phone="", phone_verified=False):
    """File a request for the active, unlinked entry with `staff_code`; returns it, or None without such an entry.

    The learner is told the same either way, so staff codes cannot be probed through this.
    """
    code = normalise_code(staff_code)
    staff = StaffMember.objects.filter(staff_code=code, active=True, user__isnull=True).first() if code else None
    if staff is None:
        return None
    existing = RosterLinkRequest.objects.filter(staff=staff, user=user, status=RosterLinkRequest.Status.PENDING)
    if existing.exists():
        return existing.first()
    try:
        with transaction.atomic():
            return RosterLinkRequest.objects.create(
                staff=staff,
                user=user,
                typed_staff_code=code,
                account_name=user.get_full_name(),
                account_email=email,
                email_verified=email_verified,
                account_phone=phone,
                phone_verified=phone_verified,
            )
    except IntegrityError:  # a double click: the first request stands
        return existing.first()


def visible_requests(user):
    """The requests `user` may decide on: those whose entry they may see."""
    staff = permissions.visible_staff(user)
    return RosterLinkRequest.objects.filter(staff__in=staff).select_related("staff__agency", "user", "decided_by")


@transaction.atomic
def decide(link_request, officer, approve):
    """Approve (link the account) or reject a pending request; only an officer who may see the entry."""
    link_request = RosterLinkRequest.objects.select_for_update().select_related("staff").get(pk=link_request.pk)
    if not permissions.can_view_staff(officer, link_request.staff):
        raise PermissionDenied
    if link_request.status != RosterLinkRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    if approve:
        link_account(link_request.staff, link_request.user)
        # Other accounts asking for the same entry are answered by this decision.
        RosterLinkRequest.objects.filter(staff=link_request.staff, status=RosterLinkRequest.Status.PENDING).exclude(
            pk=link_request.pk
        ).update(status=RosterLinkRequest.Status.REJECTED, decided_by=officer, decided_at=timezone.now())
    link_request.status = RosterLinkRequest.Status.APPROVED if approve else RosterLinkRequest.Status.REJECTED
    link_request.decided_by = officer
    link_request.decided_at = timezone.now()
    link_request.save(update_fields=["status", "decided_by", "decided_at"])
    return link_request


def pending_request_of(user):
    return RosterLinkRequest.objects.filter(user=user, status=RosterLinkRequest.Status.PENDING).first()
