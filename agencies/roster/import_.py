"""Importing a roster file: every row checked first, then all of it saved in bulk, or nothing.

The import is set-based: existing entries are read in chunks of staff codes, new ones are written
with bulk_create, changed ones with bulk_update, a chunk at a time, so a 100,000-row file takes a
few hundred queries, not hundreds of thousands. Re-importing the same file changes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import match_key, nfc, normalise_code, normalise_email, normalise_phone, parse_yes_no

from ..models import Agency, StaffCategory, StaffMember
from ..placements import close_open_placements, open_placements, today
from .files import COLUMN_LABELS, RosterFileError, read_roster_file
from .writes import create_staff, existing_staff, update_staff

CATEGORY_WORDS = {
    StaffCategory.CADRE: ["can bo", "cb", "cadre"],
    StaffCategory.CIVIL_SERVANT: ["cong chuc", "cc", "civil servant"],
    StaffCategory.PUBLIC_EMPLOYEE: ["vien chuc", "vc", "public employee"],
    StaffCategory.WORKER: ["nguoi lao dong", "lao dong", "nld", "worker"],
}
CATEGORY_BY_KEY = {word: category.value for category, words in CATEGORY_WORDS.items() for word in words}

# Columns that update an existing entry when present in the file.
OPTIONAL_FIELDS = {"email": "email", "phone": "phone", "position": "position", "it_officer": "is_it_officer"}
MAX_LENGTHS = {"full_name": 150, "staff_code": 50, "position": 150}
LIST_LIMIT = 500  # entries kept per list in a stored result (the counts are always complete)


@dataclass
class ImportResult:
    dry_run: bool = False
    applied: bool = False
    rows: int = 0
    created: list = field(default_factory=list)  # (staff code, full name, agency code)
    updated: list = field(default_factory=list)  # (staff code, full name, [changed fields])
    deactivated: list = field(default_factory=list)  # (staff code, full name, agency code)
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line or None, message)
    ignored_headers: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def as_dict(self, limit=LIST_LIMIT):
        return {
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows": self.rows,
            "counts": {
                "created": len(self.created),
                "updated": len(self.updated),
                "deactivated": len(self.deactivated),
                "unchanged": self.unchanged,
                "errors": len(self.errors),
            },
            "created": self.created[:limit],
            "updated": self.updated[:limit],
            "deactivated": self.deactivated[:limit],
            "errors": self.errors[:limit],
            "ignored_headers": self.ignored_headers,
        }


def chunk_size():
    # SQLite allows 999 parameters per query; PostgreSQL takes larger chunks in one statement.
    return 900 if connection.vendor == "sqlite" else 5000


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_roster(source, name, *, scope=None, dry_run=False, allowed_paths=None, on=None, progress=None):
    """Import the roster file `source` (path or binary file) named `name` (.csv or .xlsx).

    - `scope`: an Agency. Rows must belong to its subtree, rows without an agency code go to it, and
      active staff of the subtree missing from the file are deactivated.
    - `allowed_paths`: for a user who does not see the whole province, the tree paths they may
      change; rows and existing entries outside them are refused.
    - `dry_run`: check and plan only. Any bad row: nothing is saved and every bad row is reported.
    - `progress(stage, done, total)` is called now and then, stage in "read", "check", "save".
    """
    on = on or today()
    report = progress or (lambda stage, done, total: None)
    result = ImportResult(dry_run=dry_run)
    try:
        roster = read_roster_file(source, name, agency_given=scope is not None)
    except RosterFileError as exc:
        result.errors.append((None, str(exc)))
        return result
    result.rows = len(roster.rows)
    result.ignored_headers = roster.ignored_headers
    report("read", result.rows, result.rows)

    records = _check_rows(roster, scope, allowed_paths, result, report)
    plan = _plan(records, scope, allowed_paths, result, report)
    if result.errors:
        result.errors.sort(key=lambda error: error[0] or 0)
        return result
    if not dry_run:
        _apply(plan, on, report)
        result.applied = True
    return result


def _check_rows(roster, scope, allowed_paths, result, report):
    """Turn rows into clean records; bad rows go to result.errors with their line and reason."""
    agencies = {
        code: (pk, path, active, successor)
        for code, pk, path, active, successor in Agency.objects.values_list(
            "code", "pk", "path", "active", "successor__name"
        )
    }
    columns = roster.columns
    seen = {}
    records = []
    categories, yes_no, agency_checks = {}, {}, {}
    total = len(roster.rows)

    def cell(cells, column):
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    for number, (line, cells) in enumerate(roster.rows, start=1):
        if number % 2000 == 0:
            report("check", number, total)
        errors = []
        record = {"line": line}
        if any(isinstance(value, str) and "\x00" in value for value in cells):
            # A NUL is never part of a name or a code (a damaged or binary file); it cannot be stored either.
            errors.append(_nul_error(cells, columns))
            cells = [value.replace("\x00", "") if isinstance(value, str) else value for value in cells]

        full_name = nfc(cell(cells, "full_name"))
        if not full_name:
            errors.append(_("the full name is missing"))
        record["full_name"] = full_name

        code = normalise_code(cell(cells, "staff_code"))
        if not code:
            errors.append(_("the staff code is missing"))
        elif code in seen:
            errors.append(_("staff code %(code)s is already on line %(line)s") % {"code": code, "line": seen[code]})
        else:
            seen[code] = line
        record["staff_code"] = code

        if "position" in columns:
            record["position"] = nfc(cell(cells, "position"))
        for column, value in (
            ("full_name", full_name),
            ("staff_code", code),
            ("position", record.get("position")),
        ):
            if value and len(value) > MAX_LENGTHS[column]:
                errors.append(
                    _("%(column)s is longer than %(limit)s characters")
                    % {"column": _column_name(column), "limit": MAX_LENGTHS[column]}
                )

        raw_category = nfc(cell(cells, "category"))
        if raw_category not in categories:
            categories[raw_category] = CATEGORY_BY_KEY.get(match_key(raw_category))
        record["category"] = categories[raw_category]
        if record["category"] is None:
            if raw_category:
                errors.append(
                    _("unknown category “%(value)s” (use cán bộ, công chức, viên chức or người lao động)")
                    % {"value": raw_category}
                )
            else:
                errors.append(_("the category is missing"))

        if "email" in columns:
            try:
                record["email"] = normalise_email(cell(cells, "email"))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if "phone" in columns:
            try:
                record["phone"] = normalise_phone(cell(cells, "phone"))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if "it_officer" in columns:
            raw = cell(cells, "it_officer")
            key = raw if isinstance(raw, bool) else nfc(raw)
            if key not in yes_no:
                try:
                    yes_no[key] = parse_yes_no(key)
                except ValueError:
                    yes_no[key] = None
            record["is_it_officer"] = yes_no[key]
            if yes_no[key] is None:
                errors.append(
                    _("“%(value)s” under “Phụ trách CNTT” is not yes or no (use x, có, yes, 1 or nothing)")
                    % {"value": key}
                )

        agency_code = normalise_code(cell(cells, "agency_code"))
        if agency_code not in agency_checks:
            agency_checks[agency_code] = _check_agency(agency_code, agencies, scope, allowed_paths)
        agency_id, agency_error = agency_checks[agency_code]
        if agency_error:
            errors.append(agency_error)
        record["agency_id"] = agency_id
        record["agency_code"] = agency_code or (scope.code if scope else "")

        if errors:
            result.errors.append((line, "; ".join(str(error) for error in errors)))
        else:
            records.append(record)
    report("check", total, total)
    return records


def _check_agency(code, agencies, scope, allowed_paths):
    """(agency id, None) for a usable agency code, (None, reason) otherwise."""
    if not code:
        if scope is not None:
            return scope.pk, None
        return None, _("the agency code is missing")
    if code not in agencies:
        return None, _("unknown agency code “%(code)s”") % {"code": code}
    pk, path, active, successor = agencies[code]
    if not active:
        if successor:
            return None, _("agency %(code)s was merged into %(successor)s; use the new agency's code") % {
                "code": code,
                "successor": successor,
            }
        return None, _("agency %(code)s is no longer active") % {"code": code}
    if scope is not None and not path.startswith(scope.path):
        return None, _("agency %(code)s is not part of %(scope)s") % {"code": code, "scope": scope.name}
    if allowed_paths is not None and not any(path.startswith(allowed) for allowed in allowed_paths):
        return None, _("agency %(code)s is outside the agencies you manage") % {"code": code}
    return pk, None


def _nul_error(cells, columns):
    named = [
        str(COLUMN_LABELS[column])
        for column, index in columns.items()
        if index < len(cells) and isinstance(cells[index], str) and "\x00" in cells[index]
    ]
    if named:
        return _("the cells under %(columns)s contain a NUL character; remove it and import the file again") % {
            "columns": ", ".join(named)
        }
    return _("the row contains a NUL character; remove it and import the file again")


def _column_name(column):
    return {
        "full_name": _("the full name"),
        "staff_code": _("the staff code"),
        "position": _("the position"),
    }[column]


@dataclass
class Plan:
    creates: list = field(default_factory=list)  # records
    updates: list = field(default_factory=list)  # (pk, record, changed fields, needs new placement)
    deactivations: list = field(default_factory=list)  # pks


COMPARED = ["full_name", "category", "agency_id", "email", "phone", "position", "is_it_officer"]


def _plan(records, scope, allowed_paths, result, report):
    """Compare the records with the roster: what to create, update and deactivate."""
    plan = Plan()
    existing = {}
    codes = [record["staff_code"] for record in records]
    for chunk in chunks(codes, chunk_size()):
        for row in existing_staff(chunk, COMPARED):
            existing[row[1]] = row
    for record in records:
        row = existing.get(record["staff_code"])
        if row is None:
            plan.creates.append(record)
            result.created.append((record["staff_code"], record["full_name"], record["agency_code"]))
            continue
        pk, code, active, agency_path = row[:4]
        if allowed_paths is not None and not any(agency_path.startswith(path) for path in allowed_paths):
            result.errors.append(
                (
                    record["line"],
                    _("staff code %(code)s belongs to an agency outside the agencies you manage") % {"code": code},
                )
            )
            continue
        current = dict(zip(COMPARED, row[4:], strict=True))
        changed = [name for name in COMPARED if name in record and record[name] != current[name]]
        if not active:
            changed.append("active")
        if changed:
            moved = "agency_id" in changed or not active
            plan.updates.append((pk, record, changed, moved))
            result.updated.append((code, record["full_name"], changed))
        else:
            result.unchanged += 1
    if scope is not None:
        in_file = set(codes)
        for pk, code, name, agency_code in (
            StaffMember.objects.filter(agency__path__startswith=scope.path, active=True)
            .values_list("pk", "staff_code", "full_name", "agency__code")
            .iterator(chunk_size=5000)
        ):
            if code not in in_file:
                plan.deactivations.append(pk)
                result.deactivated.append((code, name, agency_code))
    return plan


def _apply(plan, on, report):
    now = timezone.now()
    size = chunk_size()
    total = len(plan.creates) + len(plan.updates) + len(plan.deactivations)
    done = 0
    report("save", done, total)
    with transaction.atomic():
        for chunk in chunks(plan.creates, size):
            create_staff(chunk, now, on)
            done += len(chunk)
            report("save", done, total)

        for chunk in chunks(plan.updates, size):
            # Every row of a file has the same columns: write those, whichever changed in this chunk.
            fields = [name for name in COMPARED if name in chunk[0][1]]
            update_staff([(pk, record) for pk, record, _changed, _moved in chunk], fields, now)
            moved = [(pk, record["agency_id"]) for pk, record, _changed, is_moved in chunk if is_moved]
            if moved:
                close_open_placements([pk for pk, _agency in moved], on)
                open_placements(moved, on, batch_size=size)
            done += len(chunk)
            report("save", done, total)

        for chunk in chunks(plan.deactivations, size):
            StaffMember.objects.filter(pk__in=chunk).update(active=False, updated_at=now)
            close_open_placements(chunk, on)
            done += len(chunk)
            report("save", done, total)
