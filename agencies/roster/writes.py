"""Writing many roster entries at once: a chunk per statement, never a statement per person.

PostgreSQL gets its fastest paths: COPY for new entries (placements follow in one INSERT … SELECT), and
one UPDATE … FROM unnest(arrays) for changed ones. Other databases (SQLite in the embedded default) use
Django's bulk_create and bulk_update, still a chunk at a time.
"""

from django.db import connection

from ..models import Agency, StaffMember, StaffPlacement
from ..placements import ROSTER_FIELDS, open_placements

# The roster fields of a new entry, by attribute (agency_id), as a roster file's records carry them.
CREATE_FIELDS = [StaffMember._meta.get_field(name).attname for name in ROSTER_FIELDS]
# What a new entry holds for a column its file does not have; the other fields every record carries.
BLANKS = {"email": "", "phone": "", "position": "", "is_it_officer": False}
# Field -> PostgreSQL array type, for UPDATE … FROM unnest().
UPDATE_TYPES = {
    "full_name": "varchar",
    "category": "varchar",
    "agency_id": "bigint",
    "email": "varchar",
    "phone": "varchar",
    "position": "varchar",
    "is_it_officer": "boolean",
}


def existing_staff(codes, compared):
    """Rows (pk, staff_code, active, agency path, *compared) of the roster entries with these codes."""
    if connection.vendor != "postgresql":
        return StaffMember.objects.filter(staff_code__in=codes).values_list(
            "pk", "staff_code", "active", "agency__path", *compared
        )
    # One array parameter instead of thousands of placeholders in an IN list.
    staff_table = connection.ops.quote_name(StaffMember._meta.db_table)
    agency_table = connection.ops.quote_name(Agency._meta.db_table)
    columns = ", ".join(f"s.{_column(name)}" for name in compared)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.id, s.staff_code, s.active, a.path, {columns} FROM {staff_table} s "  # noqa: S608 (names from _meta)
            f"JOIN {agency_table} a ON a.id = s.agency_id WHERE s.staff_code = ANY(%s)",
            [list(codes)],
        )
        return cursor.fetchall()


def _create_values(record):
    """The CREATE_FIELDS of a record, in that order."""
    return tuple(record.get(name, BLANKS[name]) if name in BLANKS else record[name] for name in CREATE_FIELDS)


def _column(name):
    return connection.ops.quote_name(StaffMember._meta.get_field(name.removesuffix("_id")).column)


def create_staff(records, now, on):
    """Create these roster entries (active), each with a placement from `on`."""
    if connection.vendor == "postgresql":
        _copy_staff(records, now, on)
        return
    members = StaffMember.objects.bulk_create(
        [
            StaffMember(
                **dict(zip(CREATE_FIELDS, _create_values(record), strict=True)),
                created_at=now,
                updated_at=now,
            )
            for record in records
        ]
    )
    open_placements([(member.pk, member.agency_id) for member in members], on)


def _copy_staff(records, now, on):
    staff_table = connection.ops.quote_name(StaffMember._meta.db_table)
    placement_table = connection.ops.quote_name(StaffPlacement._meta.db_table)
    columns = ", ".join([_column(name) for name in CREATE_FIELDS] + ["active", "created_at", "updated_at"])
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {staff_table} ({columns}) FROM STDIN") as copy:  # noqa: S608 (names from _meta)
            for record in records:
                copy.write_row((*_create_values(record), True, now, now))
        cursor.execute(
            f"INSERT INTO {placement_table} (staff_id, agency_id, start_date) "  # noqa: S608 (names from _meta)
            f"SELECT id, agency_id, %s FROM {staff_table} WHERE staff_code = ANY(%s)",
            [on, [record["staff_code"] for record in records]],
        )


def update_staff(updates, fields, now):
    """Write `fields` of each (pk, record) and mark them active, in one statement on PostgreSQL."""
    if connection.vendor == "postgresql":
        _update_from_arrays(updates, fields, now)
        return
    members = []
    for pk, record in updates:
        member = StaffMember(pk=pk, active=True, updated_at=now)
        for name in fields:
            setattr(member, name, record[name])
        members.append(member)
    StaffMember.objects.bulk_update(members, [*fields, "active", "updated_at"], batch_size=200)


def _update_from_arrays(updates, fields, now):
    table = connection.ops.quote_name(StaffMember._meta.db_table)
    assignments = ", ".join(f"{_column(name)} = v.{_column(name)}" for name in fields)
    arrays = ", ".join(["%s::bigint[]"] + [f"%s::{UPDATE_TYPES[name]}[]" for name in fields])
    names = ", ".join(["id"] + [_column(name) for name in fields])
    params = [now, [pk for pk, _record in updates]]
    params += [[record[name] for _pk, record in updates] for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS s SET {assignments}, active = TRUE, updated_at = %s "  # noqa: S608 (names from _meta)
            f"FROM unnest({arrays}) AS v({names}) WHERE s.id = v.id",
            params,
        )
