"""Coverage computation on a whole province: 100,000 staff, 2,000 agencies, 500,000 certificates.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_coverage DEBUG=1 .venv/bin/python bench/coverage.py

Builds the data set once with COPY (the database is created and migrated if needed; a data set already
there is reused), then times, side by side in one run:
- `reporting.services.coverage()` for the CBCCVC target over the whole tree (population and trained
  per agency, rolled up the tree), best of N runs;
- one hand-written SQL query that computes the same figures (placements on the day, an EXISTS over valid
  certificates, the roll-up by path prefixes with generate_series), best of N runs;
and prints both, their ratio, and whether every agency's figures agree.
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
import uuid

from harness import ROOT, ensure_database

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ.setdefault("DEBUG", "1")

STAFF = 100_000
AGENCIES = 2_000
CERTIFICATES = 500_000
DAY = datetime.date(2025, 10, 1)
CATEGORIES = ["cadre", "civil_servant", "public_employee", "worker"]
TRACKS = ["basic_digital_skills", "basic_digital_skills", "digital_government", "e_commerce", "it_officer"]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

HAND_SQL = """
WITH counted AS (
    SELECT sp.agency_id, s.user_id
    FROM agencies_staffplacement sp JOIN agencies_staffmember s ON s.id = sp.staff_id
    WHERE sp.start_date <= %(day)s AND (sp.end_date IS NULL OR sp.end_date > %(day)s)
      AND s.category = ANY(%(categories)s)
), own AS (
    SELECT agency_id, count(*) AS population,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM certificates_certificate c
               WHERE c.learner_id = counted.user_id AND c.course_id = ANY(%(courses)s)
                 AND c.issued_on <= %(day)s AND (c.expires_on IS NULL OR c.expires_on >= %(day)s)
                 AND (c.revoked_at IS NULL OR c.revoked_at > %(end_of_day)s))) AS trained
    FROM counted GROUP BY agency_id
), spread AS (
    SELECT substr(a.path, 1, 4 * g) AS path, own.population, own.trained
    FROM own JOIN agencies_agency a ON a.id = own.agency_id CROSS JOIN generate_series(1, a.depth) AS g
)
SELECT a.id, coalesce(sum(spread.population), 0), coalesce(sum(spread.trained), 0)
FROM agencies_agency a LEFT JOIN spread ON spread.path = a.path
WHERE a.dissolved_on IS NULL OR a.dissolved_on > %(day)s
GROUP BY a.id
"""


def encode(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_rows(model, rows):
    """COPY dicts of field values into `model`'s table; other fields get their model default."""
    from django.db import connection
    from django.db.models.fields import NOT_PROVIDED

    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.name in rows[0]]
    columns, defaults = [], []
    for f in fields:
        columns.append(f.column)
        if f.name in rows[0] or f.attname in rows[0]:
            defaults.append(None)
        elif f.has_default() or f.default is not NOT_PROVIDED:
            defaults.append(f.get_default())
        else:
            defaults.append(None if f.null else "")
    buffer = io.StringIO()
    for row in rows:
        values = []
        for f, default in zip(fields, defaults, strict=True):
            value = row.get(f.name, row.get(f.attname, default))
            if callable(value):
                value = value()
            values.append(encode(value))
        buffer.write("\t".join(values) + "\n")
    buffer.seek(0)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 (model metadata)
        ) as copy,
    ):
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def path_of(numbers):
    return "".join(ALPHABET[n // 36**3 % 36] + ALPHABET[n // 36**2 % 36] + ALPHABET[n // 36 % 36] + ALPHABET[n % 36]
                   for n in numbers)  # fmt: skip


def build(rng):
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from agencies.models import Agency, StaffMember, StaffPlacement
    from certificates.models import Certificate
    from courses.models import CoursePage

    User = get_user_model()
    print("building the data set (once)...", flush=True)
    with transaction.atomic():
        root = Page.get_first_root_node()
        courses = []
        for number, track in enumerate(TRACKS, 1):
            page = CoursePage(title=f"Khóa bench {number}", slug=f"bench-{number}", track=track, summary="Bench.")
            root.add_child(instance=page)
            courses.append(page)
        # Agencies: a province, 40 departments and communes, 5 units each, and 9 sub-units under most units.
        agencies = [{"id": 1, "path": path_of([1]), "depth": 1, "numchild": 0, "code": "B-UBND", "name": "UBND",
                     "kind": "province"}]  # fmt: skip
        by_path = {agencies[0]["path"]: agencies[0]}

        def add(parent, kind):
            parent["numchild"] += 1
            number = len(agencies) + 1
            row = {"id": number, "path": parent["path"] + path_of([parent["numchild"]]), "depth": parent["depth"] + 1,
                   "numchild": 0, "code": f"B-{number}", "name": f"Đơn vị {number}", "kind": kind}  # fmt: skip
            agencies.append(row)
            by_path[row["path"]] = row
            return row

        for top in range(40):
            head = add(agencies[0], "department" if top < 20 else "commune")
            for _unit in range(5):
                unit = add(head, "public_service_unit")
                for _sub in range(9):
                    if len(agencies) < AGENCIES:
                        add(unit, "unit")
        while len(agencies) < AGENCIES:
            add(agencies[1 + len(agencies) % 40], "unit")
        copy_rows(Agency, [{**a, "active": True, "dissolved_on": None, "successor": None} for a in agencies])
        password = "!unusable"
        now = timezone.now()
        users = [
            {"id": n, "password": password, "username": f"bench{n}", "email": f"bench{n}@example.vn",
             "full_name": f"Cán bộ {n}", "public_id": uuid.uuid4(), "date_joined": now, "is_active": True}
            for n in range(1, STAFF + 1)
        ]  # fmt: skip
        copy_rows(User, users)
        staff, placements = [], []
        for n in range(1, STAFF + 1):
            agency = agencies[rng.randrange(1, len(agencies))]
            staff.append({"id": n, "full_name": f"Cán bộ {n}", "staff_code": f"BENCH{n:06d}",
                          "category": CATEGORIES[n % 4 if n % 10 else 3], "agency": agency["id"],
                          "user": n if n % 10 else None, "is_it_officer": n % 50 == 0, "active": n % 40 != 0,
                          "created_at": now, "updated_at": now, "position": "", "email": "", "phone": ""})  # fmt: skip
            if n % 40 == 0:  # inactive: a closed placement only
                placements.append({"staff": n, "agency": agency["id"], "start_date": datetime.date(2025, 1, 1),
                                   "end_date": datetime.date(2025, 6, 1)})  # fmt: skip
            elif n % 25 == 0:  # moved on 1 September
                other = agencies[rng.randrange(1, len(agencies))]
                placements.append({"staff": n, "agency": other["id"], "start_date": datetime.date(2025, 1, 1),
                                   "end_date": datetime.date(2025, 9, 1)})  # fmt: skip
                placements.append({"staff": n, "agency": agency["id"], "start_date": datetime.date(2025, 9, 1),
                                   "end_date": None})  # fmt: skip
            else:
                placements.append({"staff": n, "agency": agency["id"], "start_date": datetime.date(2025, 1, 1),
                                   "end_date": None})  # fmt: skip
        for f in StaffMember._meta.concrete_fields:
            if f.is_relation:
                for row in staff:
                    row[f.attname] = row.pop(f.name)
        copy_rows(StaffMember, staff)
        copy_rows(StaffPlacement, [{"staff_id": p["staff"], "agency_id": p["agency"], "start_date": p["start_date"],
                                    "end_date": p["end_date"]} for p in placements])  # fmt: skip
        certificates = []
        for n in range(1, CERTIFICATES + 1):
            issued = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(700))
            certificates.append({
                "code": f"BENCH-{n:08d}", "learner_id": rng.randrange(1, STAFF + 1),
                "course_id": courses[rng.randrange(len(courses))].pk, "issue_number": 1, "completed_on": issued,
                "issued_on": issued, "expires_on": issued + datetime.timedelta(days=365) if n % 3 == 0 else None,
                "revoked_at": now if n % 97 == 0 else None, "learner_name": "Cán bộ", "course_title": "Khóa bench",
                "created_at": now, "completion_id": None, "template_id": None, "template_revision_id": None,
                "replaced_by_id": None, "score": 90, "hours": None, "reminder_sent_at": None,
            })  # fmt: skip
        copy_rows(Certificate, certificates)
        with connection.cursor() as cursor:
            for table in ("accounts_user", "agencies_agency", "agencies_staffmember", "agencies_staffplacement"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                )
            cursor.execute("ANALYZE")


def best_of(runs, fn):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres", "postgis")):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/kns_bench_coverage"
        )
    ensure_database(url, required=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from agencies.models import Agency, StaffMember
    from certificates.models import Certificate
    from reporting.coverage import course_ids, end_of_day
    from reporting.models import Target, TargetKind
    from reporting.services import coverage

    if not StaffMember.objects.filter(staff_code="BENCH000001").exists():
        build(random.Random(2026))
    target, _created = Target.objects.get_or_create(
        code="bench-cbccvc",
        defaults={"name": "Bench CBCCVC", "kind": TargetKind.PERCENTAGE, "deadline": datetime.date(2025, 12, 31),
                  "staff_categories": ["cadre", "civil_servant", "public_employee"],
                  "tracks": ["basic_digital_skills"]},
    )  # fmt: skip
    print(
        f"data: {Agency.objects.count():,} agencies, {StaffMember.objects.count():,} staff, "
        f"{Certificate.objects.count():,} certificates; report day {DAY:%d/%m/%Y}",
        flush=True,
    )
    coverage(target, DAY)  # warm the caches of both sides alike
    params = {
        "day": DAY,
        "categories": target.staff_categories,
        "courses": course_ids(target),
        "end_of_day": end_of_day(DAY) - datetime.timedelta(microseconds=1),
    }

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, params)
            return {agency_id: (population, trained) for agency_id, population, trained in cursor.fetchall()}

    hand()
    service_time, result = best_of(args.runs, lambda: coverage(target, DAY))
    sql_time, expected = best_of(args.runs, hand)
    figures = {row.agency_id: (row.population, row.trained) for row in result.rows}
    agree = figures == expected
    top = result.roots[0]
    print(f"province: {top.population:,} counted, {top.trained:,} trained ({top.percent}%)")
    print(f"coverage():         {service_time * 1000:8.1f} ms (best of {args.runs})")
    print(f"hand-written SQL:   {sql_time * 1000:8.1f} ms (best of {args.runs})")
    print(f"ratio:              {service_time / sql_time:8.2f}x")
    print(f"figures agree for all {len(figures):,} agencies: {agree}")
    if not agree:
        wrong = [k for k in set(figures) | set(expected) if figures.get(k) != expected.get(k)][:5]
        print("first differences:", [(k, figures.get(k), expected.get(k)) for k in wrong])
        sys.exit(1)


if __name__ == "__main__":
    main()
