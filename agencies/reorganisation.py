"""Changing the agency tree without losing history: create, rename, move, merge, dissolve.

Merged and dissolved agencies are kept (inactive) so that reports for past periods still find the
placements that point at them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import nfc, normalise_code

from .models import Agency, AgencyKind, StaffMember
from .placements import close_open_placements, open_placements, today


def create_agency(*, code, name, kind=AgencyKind.UNIT, parent=None):
    """Add an agency under `parent` (or as a root: the province)."""
    code = normalise_code(code)
    if Agency.objects.filter(code=code).exists():
        raise ValidationError(_("An agency with code %(code)s already exists."), params={"code": code})
    agency = Agency(code=code, name=nfc(name), kind=kind)
    if parent is None:
        return Agency.add_root(instance=agency)
    return parent.add_child(instance=agency)


def rename_agency(agency, name, *, code=None):
    """A new name (and code): the agency and its history stay the same record."""
    agency.name = nfc(name)
    if code is not None:
        code = normalise_code(code)
        if Agency.objects.filter(code=code).exclude(pk=agency.pk).exists():
            raise ValidationError(_("An agency with code %(code)s already exists."), params={"code": code})
        agency.code = code
    agency.save(update_fields=["name", "code"])
    return agency


@transaction.atomic
def move_agency(agency, new_parent):
    """Put an agency, with everything below it, under another parent. Returns the re-read agency."""
    if new_parent.path.startswith(agency.path):
        raise ValidationError(
            _("%(agency)s cannot be moved below itself or one of its own units."), params={"agency": agency}
        )
    if agency.get_parent() != new_parent:
        agency.move(new_parent, pos="last-child")
    return Agency.objects.get(pk=agency.pk)


@transaction.atomic
def merge_agency(agency, successor, on=None):
    """Merge `agency` into `successor` from `on`: its staff and its units move to the successor.

    The merged agency stays in the tree, inactive, dissolved on `on`, pointing at its successor; the
    placements it had up to `on` keep counting for it in reports of earlier dates.
    """
    on = on or today()
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    successor = Agency.objects.get(pk=successor.pk)
    if successor.path.startswith(agency.path):
        raise ValidationError(
            _("%(agency)s cannot be merged into itself or one of its own units."), params={"agency": agency}
        )
    if not successor.active:
        raise ValidationError(
            _("%(agency)s is no longer active and cannot take over other agencies."),
            params={"agency": successor},
        )
    staff = StaffMember.objects.filter(agency=agency)
    active_ids = list(staff.filter(active=True).values_list("pk", flat=True))
    close_open_placements(active_ids, on)
    open_placements([(pk, successor.pk) for pk in active_ids], on)
    staff.update(agency=successor)
    for child in list(agency.get_children()):
        child.move(successor, pos="last-child")
    agency = Agency.objects.get(pk=agency.pk)
    agency.active = False
    agency.dissolved_on = on
    agency.successor = successor
    agency.save(update_fields=["active", "dissolved_on", "successor"])
    return agency


@transaction.atomic
def dissolve_agency(agency, on=None):
    """Close an agency that has no active staff and no active units left."""
    on = on or today()
    if StaffMember.objects.filter(agency__path__startswith=agency.path, active=True).exists():
        raise ValidationError(
            _("%(agency)s still has active staff: move them or merge the agency instead."),
            params={"agency": agency},
        )
    agency.subtree().filter(active=True).update(active=False, dissolved_on=on)
    agency.refresh_from_db()
    return agency
