"""Roster import throughput: 100,000 rows into the configured database, against a raw COPY baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_agencies DEBUG=1 \
        .venv/bin/python bench/roster_import.py

Prints, measured side by side in one run:
- baseline: the same rows, read from the same CSV, COPYed into an equivalent table with the same unique
  and plain indexes (no checking at all): the floor for getting these rows into PostgreSQL;
- first import (100,000 created), its rows/s and its ratio to the baseline;
- re-import of the same file (expect 0 created, 0 updated);
- an import where 10% of the rows changed (phone and position), which exercises bulk_update.
The database is created and migrated if needed; the bench's own rows are removed at the end.
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, ensure_database

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ.setdefault("DEBUG", "1")

CODE_PREFIX = "BENCH"
CATEGORIES = ["Công chức", "Viên chức", "Cán bộ", "Người lao động"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Hồ", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Đức", "Thu", "Minh", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Trang"]


def write_roster(path, rows, units, seed=20260):
    from agencies.roster.files import VIETNAMESE_HEADERS

    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(VIETNAMESE_HEADERS)
        for number in range(rows):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            writer.writerow(
                [
                    name,
                    f"{CODE_PREFIX}{number:07d}",
                    f"nv{number}@nghean.gov.vn" if number % 4 else "",
                    f"09{rng.randrange(10**8):08d}" if number % 5 else "",
                    rng.choice(CATEGORIES),
                    units[number % len(units)],
                    "Chuyên viên",
                    "x" if number % 97 == 0 else "",
                ]
            )


def change_tenth(source, target):
    """The same roster with every tenth person's phone and position changed."""
    with open(source, encoding="utf-8") as handle, open(target, "w", newline="", encoding="utf-8") as out:
        reader, writer = csv.reader(handle), csv.writer(out)
        writer.writerow(next(reader))
        for number, row in enumerate(reader):
            if number % 10 == 0:
                row[3] = f"08{number:08d}"
                row[6] = "Chuyên viên chính"
            writer.writerow(row)


def baseline_copy(path, agency_ids):
    """Read the CSV and COPY its rows into a temporary table shaped like the roster (no checks)."""
    from django.db import connection

    started = time.perf_counter()
    buffer = io.StringIO()
    with open(path, encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for name, code, email, phone, category, agency, position, it_officer in reader:
            buffer.write(
                "\t".join(
                    [
                        name,
                        code,
                        email,
                        phone,
                        category,
                        str(agency_ids[agency]),
                        position,
                        str(bool(it_officer)),
                    ]
                )
                + "\n"
            )
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_roster (id bigserial PRIMARY KEY, full_name varchar(150), "
            "staff_code varchar(50) UNIQUE, email varchar(254), phone varchar(16), category varchar(20), "
            "agency_id bigint, position varchar(150), is_it_officer boolean)"
        )
        cursor.execute("CREATE INDEX ON bench_roster (email)")
        cursor.execute("CREATE INDEX ON bench_roster (phone)")
        cursor.execute("CREATE INDEX ON bench_roster (agency_id)")
        with cursor.copy(
            "COPY bench_roster (full_name, staff_code, email, phone, category, agency_id, position, "
            "is_it_officer) FROM STDIN"
        ) as copy:
            copy.write(buffer.getvalue())
        cursor.execute("SELECT count(*) FROM bench_roster")
        (count,) = cursor.fetchone()
        cursor.execute("DROP TABLE bench_roster")
    return count, time.perf_counter() - started


def clean(StaffMember, StaffPlacement, Agency):
    """Remove the bench's rows with plain SQL (no cascade through other apps' models)."""
    from django.db import connection

    quote = connection.ops.quote_name
    staff, placements, agencies = (quote(model._meta.db_table) for model in (StaffMember, StaffPlacement, Agency))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {placements} WHERE staff_id IN (SELECT id FROM {staff} WHERE staff_code LIKE %s)",
            [CODE_PREFIX + "%"],
        )
        cursor.execute(f"DELETE FROM {staff} WHERE staff_code LIKE %s", [CODE_PREFIX + "%"])
        cursor.execute(f"DELETE FROM {agencies} WHERE code LIKE %s", ["BENCH-%"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=50)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres", "postgis")):
        ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from agencies.models import Agency, StaffMember, StaffPlacement
    from agencies.reorganisation import create_agency
    from agencies.roster.import_ import import_roster

    call_command("migrate", verbosity=0)
    if connection.vendor != "postgresql":
        print("note: the figures that count are on PostgreSQL (set DATABASE_URL)")
    clean(StaffMember, StaffPlacement, Agency)
    root = create_agency(code="BENCH-ROOT", name="Đơn vị thử tải", kind="provincial_body")
    units = [
        create_agency(code=f"BENCH-U{i:03d}", name=f"Đơn vị thử {i}", kind="unit", parent=root).code
        for i in range(args.units)
    ]
    agency_ids = dict(Agency.objects.filter(code__in=units).values_list("code", "pk"))

    with tempfile.TemporaryDirectory() as folder:
        roster = Path(folder) / "roster.csv"
        changed = Path(folder) / "roster-changed.csv"
        started = time.perf_counter()
        write_roster(roster, args.rows, units)
        change_tenth(roster, changed)
        print(f"{connection.vendor}: {args.rows:,} rows, {args.units} agencies (files written in "
              f"{time.perf_counter() - started:.1f} s)")  # fmt: skip

        copied = baseline = None
        if connection.vendor == "postgresql":
            copied, baseline = baseline_copy(roster, agency_ids)
            label = "baseline: COPY into an equivalent table"
            print(f"{label:<42}{baseline:7.2f} s  {copied / baseline:9,.0f} rows/s")

        def run(label, path):
            started = time.perf_counter()
            result = import_roster(path, path.name)
            elapsed = time.perf_counter() - started
            assert result.ok, result.errors[:5]
            counts = f"created {len(result.created):,}, updated {len(result.updated):,}, unchanged {result.unchanged:,}"
            ratio = f"  {elapsed / baseline:5.1f}× baseline" if baseline else ""
            print(f"{label:<42}{elapsed:7.2f} s  {args.rows / elapsed:9,.0f} rows/s{ratio}  ({counts})")
            return result, elapsed

        first, first_time = run("import (all new)", roster)
        again, again_time = run("re-import, same file", roster)
        changes, _changes_time = run("re-import, 10% of rows changed", changed)

    assert len(first.created) == args.rows
    assert len(again.created) == len(again.updated) == 0, "a re-import must change nothing"
    assert len(changes.updated) == args.rows // 10 + (1 if args.rows % 10 else 0)
    print(f"under 60 s: {'yes' if first_time < 60 else 'NO'} (first import {first_time:.1f} s); "
          f"re-import changes nothing: {'yes' if not again.created and not again.updated else 'NO'} "
          f"({again_time:.1f} s)")  # fmt: skip
    clean(StaffMember, StaffPlacement, Agency)


if __name__ == "__main__":
    main()
