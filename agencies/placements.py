"""Where each person is, over time: the StaffPlacement history the roster services keep.

A placement covers [start_date, end_date): the day a person moves, they count at the new agency. An
inactive person has no open placement, so placements also record the periods a person was active.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import StaffMember, StaffPlacement


def today():
    return timezone.localdate()


def placements_on(on, agency=None):
    """The placements covering the date `on`: one per person active on that day, at their agency then.

    A queryset, so reporting can group and count it in the database, e.g.
    `placements_on(d, agency).values("agency").annotate(n=Count("staff"))`, or select the staff with
    `StaffMember.objects.filter(placements__in=placements_on(d))`. With `agency`, only placements in
    that agency and everything below it.
    """
    queryset = StaffPlacement.objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=on), start_date__lte=on)
    if agency is not None:
        queryset = queryset.filter(agency__path__startswith=agency.path)
    return queryset


def staff_on(on, agency=None):
    """The staff members active on `on` (in `agency`'s subtree when given), as one query."""
    return StaffMember.objects.filter(pk__in=placements_on(on, agency).values("staff_id"))


def close_open_placements(staff_ids, on):
    """End the open placements of these people on `on`; one that started that same day is removed."""
    open_placements = StaffPlacement.objects.filter(staff_id__in=staff_ids, end_date__isnull=True)
    open_placements.filter(start_date__gte=on).delete()
    open_placements.update(end_date=on)


def open_placements(pairs, on, batch_size=2000):
    """Open a placement from `on` for each (staff_id, agency_id) pair."""
    StaffPlacement.objects.bulk_create(
        [StaffPlacement(staff_id=staff_id, agency_id=agency_id, start_date=on) for staff_id, agency_id in pairs],
        batch_size=batch_size,
    )


@transaction.atomic
def record_staff_state(staff, on=None):
    """Bring the placement history in line with `staff.agency` and `staff.active` (already saved).

    Call it after saving a StaffMember whose agency or active flag may have changed; it changes nothing
    when the open placement already matches.
    """
    on = on or today()
    current = StaffPlacement.objects.filter(staff=staff, end_date__isnull=True).first()
    if staff.active and current and current.agency_id == staff.agency_id:
        return
    if current:
        close_open_placements([staff.pk], on)
    if staff.active:
        open_placements([(staff.pk, staff.agency_id)], on)


# A roster entry's own fields: what a roster file or an admin form sets (roster.writes creates entries from
# them too). The account link is not one of them: it is written only by linking.matching.link_account (and
# account deletion), so an edit made from an older copy cannot unlink an account linked in the meantime.
ROSTER_FIELDS = ["full_name", "staff_code", "email", "phone", "category", "position", "is_it_officer", "agency"]
# What save_staff_member writes onto an existing entry unless told otherwise.
EDITABLE_FIELDS = [*ROSTER_FIELDS, "active"]


@transaction.atomic
def save_staff_member(staff, on=None, fields=None):
    """Save a StaffMember and keep its placement history (an admin form or a script calls this).

    A new entry is saved whole. For an existing one only `fields` (default: the roster's own fields,
    never the account link) are written, onto the row read again under a lock: a copy loaded before
    someone else changed other fields writes back only what it means to change. `staff` then holds
    what is stored.
    """
    if staff._state.adding or staff.pk is None:
        staff.save()
        record_staff_state(staff, on)
        return staff
    names = list(fields or EDITABLE_FIELDS)
    current = StaffMember.objects.select_for_update().get(pk=staff.pk)
    for name in names:
        attname = StaffMember._meta.get_field(name).attname
        setattr(current, attname, getattr(staff, attname))
    current.save(update_fields=[*names, "updated_at"])
    record_staff_state(current, on)
    for field in StaffMember._meta.concrete_fields:
        setattr(staff, field.attname, getattr(current, field.attname))
    return staff


@transaction.atomic
def move_staff(staff, agency, on=None):
    """Move a person to another agency from `on` (today by default)."""
    staff.agency = agency
    return save_staff_member(staff, on, fields=["agency"])


@transaction.atomic
def deactivate_staff(staff, on=None):
    """Take a person off the roster from `on`: kept, no longer counted."""
    staff.active = False
    return save_staff_member(staff, on, fields=["active"])


@transaction.atomic
def reactivate_staff(staff, on=None):
    staff.active = True
    return save_staff_member(staff, on, fields=["active"])
