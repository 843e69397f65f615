"""Coverage computation on a whole province or country: staff, agencies and certificates at any scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_coverage DEBUG=1 .venv/bin/python bench/coverage.py \
        [--staff 100000 --agencies 2000 --certificates 500000]

Builds the data set once with COPY, streamed from generators (the database is created and migrated if
needed; a data set already there is reused when it has the asked size, so give each size its own
database), then times, side by side in one run:
- `reporting.services.coverage()` for the CBCCVC target over the whole tree (population and trained
  per agency, rolled up the tree), best of N runs;
- one hand-written SQL query that computes the same figures (placements on the day, an EXISTS over valid
  certificates, the roll-up by path prefixes with generate_series), best of N runs;
- the same two for one department's subtree (`coverage(..., root=department)` against the hand-written
  query restricted to the department's path);
and prints them, their ratios, and whether every agency's figures agree.
"""

import argparse
import contextlib
import datetime
import itertools
import math
import os
import random
import sys
import time
import uuid

from harness import ROOT, ensure_database

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ.setdefault("DEBUG", "1")

DAY = datetime.date(2025, 10, 1)
CATEGORIES = ["cadre", "civil_servant", "public_employee", "worker"]
TRACKS = ["basic_digital_skills", "basic_digital_skills", "digital_government", "e_commerce", "it_officer"]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def hand_sql(subtree=False):
    """One hand-written query for the figures of every agency, or (subtree) of those under %(prefix)s only."""
    placed_in = "JOIN agencies_agency pa ON pa.id = sp.agency_id" if subtree else ""
    in_subtree = "AND pa.path LIKE %(prefix)s" if subtree else ""
    first_level = "%(depth)s" if subtree else "1"
    agencies_in_subtree = "AND a.path LIKE %(prefix)s" if subtree else ""
    return f"""
WITH counted AS (
    SELECT sp.agency_id, s.user_id
    FROM agencies_staffplacement sp JOIN agencies_staffmember s ON s.id = sp.staff_id
    {placed_in}
    WHERE sp.start_date <= %(day)s AND (sp.end_date IS NULL OR sp.end_date > %(day)s)
      AND s.category = ANY(%(categories)s) {in_subtree}
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
    FROM own JOIN agencies_agency a ON a.id = own.agency_id
    CROSS JOIN generate_series({first_level}, a.depth) AS g
)
SELECT a.id, coalesce(sum(spread.population), 0), coalesce(sum(spread.trained), 0)
FROM agencies_agency a LEFT JOIN spread ON spread.path = a.path
WHERE (a.dissolved_on IS NULL OR a.dissolved_on > %(day)s) {agencies_in_subtree}
GROUP BY a.id
"""


def encode(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_rows(model, rows, **constants):
    """COPY `rows` (an iterable of dicts of field values, streamed) into `model`'s table; `constants` are
    the same for every row (encoded once); other fields get their model default."""
    from django.db import connection
    from django.db.models.fields import NOT_PROVIDED

    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    given = set(first) | set(constants)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.name in given or f.attname in given]
    columns, varying, fixed = [], [], []  # fixed: (index, encoded text); varying: (index, key)
    for index, f in enumerate(fields):
        columns.append(f.column)
        key = f.name if f.name in given else f.attname
        if key in constants:
            fixed.append((index, encode(constants[key])))
        elif key in first:
            varying.append((index, key))
        elif f.has_default() or f.default is not NOT_PROVIDED:
            default = f.default
            if callable(default):
                varying.append((index, default))
            else:
                fixed.append((index, encode(f.get_default())))
        else:
            fixed.append((index, encode(None if f.null else "")))
    template = [""] * len(fields)
    for index, text in fixed:
        template[index] = text

    def lines():
        for row in itertools.chain([first], rows):
            values = template.copy()
            for index, key in varying:
                values[index] = encode(key() if callable(key) else row[key])
            yield "\t".join(values) + "\n"

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 (model metadata)
        ) as copy,
    ):
        batch = []
        for line in lines():
            batch.append(line)
            if len(batch) == 20_000:
                copy.write("".join(batch))
                batch = []
        if batch:
            copy.write("".join(batch))


@contextlib.contextmanager
def bare_tables(*models):
    """The tables of `models` without their foreign keys, unique constraints and indexes (the primary keys
    stay) while the block loads them; each put back after, built once over all the rows."""
    from django.db import connection

    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u')",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s))",
            [tables, tables],
        )
        indexes = cursor.fetchall()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks pending on rows loaded before, done now
        for table, name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def path_of(numbers):
    return "".join(ALPHABET[n // 36**3 % 36] + ALPHABET[n // 36**2 % 36] + ALPHABET[n // 36 % 36] + ALPHABET[n % 36]
                   for n in numbers)  # fmt: skip


def build(seed, staff_count, agency_count, certificate_count):
    """The data set, every table streamed into COPY: nothing holds a row per person or per certificate
    (the staff's agencies are drawn twice from the same seed, once for the staff, once for placements)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from agencies.models import Agency, StaffMember, StaffPlacement
    from certificates.models import Certificate
    from courses.models import CoursePage

    User = get_user_model()
    started = time.perf_counter()

    def log(what):
        print(f"  {time.perf_counter() - started:7.1f} s  {what}", flush=True)

    print("building the data set (once)...", flush=True)
    with transaction.atomic():
        root = Page.get_first_root_node()
        courses = []
        for number, track in enumerate(TRACKS, 1):
            page = CoursePage(title=f"Khóa bench {number}", slug=f"bench-{number}", track=track, summary="Bench.")
            root.add_child(instance=page)
            courses.append(page.pk)
        # Agencies: the top, one department or commune per 50 agencies, 5 units each, 9 sub-units under
        # most units; the rest as units under the departments and communes.
        agencies = [{"id": 1, "path": path_of([1]), "depth": 1, "numchild": 0, "code": "B-UBND", "name": "UBND",
                     "kind": "province"}]  # fmt: skip

        def add(parent, kind):
            parent["numchild"] += 1
            number = len(agencies) + 1
            row = {"id": number, "path": parent["path"] + path_of([parent["numchild"]]), "depth": parent["depth"] + 1,
                   "numchild": 0, "code": f"B-{number}", "name": f"Đơn vị {number}", "kind": kind}  # fmt: skip
            agencies.append(row)
            return row

        heads = max(1, agency_count // 50)
        for top in range(heads):
            head = add(agencies[0], "department" if top < heads // 2 else "commune")
            for _unit in range(5):
                unit = add(head, "public_service_unit")
                for _sub in range(9):
                    if len(agencies) < agency_count:
                        add(unit, "unit")
        while len(agencies) < agency_count:
            add(agencies[1 + len(agencies) % heads], "unit")
        copy_rows(Agency, agencies, active=True, dissolved_on=None, successor=None)
        agency_ids = [a["id"] for a in agencies]
        log(f"{len(agency_ids):,} agencies")
        with bare_tables(User, StaffMember, StaffPlacement, Certificate):
            now = timezone.now()
            copy_rows(
                User,
                ({"id": n, "username": f"bench{n}", "email": f"bench{n}@example.vn", "full_name": f"Cán bộ {n}",
                  "public_id": uuid.uuid4()} for n in range(1, staff_count + 1)),
                password="!unusable", date_joined=now, is_active=True,
            )  # fmt: skip
            log(f"{staff_count:,} users")

            def placed():
                """(n, agency, earlier agency or None) for each person, the same sequence on every call."""
                rng = random.Random(seed)
                for n in range(1, staff_count + 1):
                    agency = agency_ids[rng.randrange(1, len(agency_ids))]
                    other = agency_ids[rng.randrange(1, len(agency_ids))] if n % 25 == 0 and n % 40 else None
                    yield n, agency, other

            copy_rows(
                StaffMember,
                ({"id": n, "full_name": f"Cán bộ {n}", "staff_code": f"BENCH{n:06d}",
                  "category": CATEGORIES[n % 4 if n % 10 else 3], "agency_id": agency, "user_id": n if n % 10 else None,
                  "is_it_officer": n % 50 == 0, "active": n % 40 != 0} for n, agency, _other in placed()),
                created_at=now, updated_at=now, position="", email="", phone="",
            )  # fmt: skip
            log(f"{staff_count:,} staff")

            def placements():
                for n, agency, other in placed():
                    if n % 40 == 0:  # inactive: a closed placement only
                        yield {"staff_id": n, "agency_id": agency, "start_date": datetime.date(2025, 1, 1),
                               "end_date": datetime.date(2025, 6, 1)}  # fmt: skip
                    elif other is not None:  # moved on 1 September
                        yield {"staff_id": n, "agency_id": other, "start_date": datetime.date(2025, 1, 1),
                               "end_date": datetime.date(2025, 9, 1)}  # fmt: skip
                        yield {"staff_id": n, "agency_id": agency, "start_date": datetime.date(2025, 9, 1),
                               "end_date": None}  # fmt: skip
                    else:
                        yield {"staff_id": n, "agency_id": agency, "start_date": datetime.date(2025, 1, 1),
                               "end_date": None}  # fmt: skip

            copy_rows(StaffPlacement, placements())
            log("placements")

            def certificates():
                """Certificates on (learner, course) pairs taken in a scrambled order, each pair at most once
                while unrevoked (the database holds one valid certificate per learner and course); past that
                many, the rest are revoked re-issues."""
                rng = random.Random(seed + 1)
                first = datetime.date(2024, 1, 1)
                days = [first + datetime.timedelta(days=d) for d in range(700)]
                year = datetime.timedelta(days=365)
                pairs = staff_count * len(courses)
                step = 1_000_003
                while math.gcd(step, pairs) != 1:
                    step += 2
                for n in range(1, certificate_count + 1):
                    issued = days[rng.randrange(700)]
                    pair = (n * step) % pairs
                    yield {"code": f"BENCH-{n:08d}", "learner_id": pair // len(courses) + 1,
                           "course_id": courses[pair % len(courses)], "completed_on": issued, "issued_on": issued,
                           "expires_on": issued + year if n % 3 == 0 else None,
                           "revoked_at": now if n % 97 == 0 or n > pairs else None}  # fmt: skip

            copy_rows(
                Certificate,
                certificates(),
                issue_number=1, learner_name="Cán bộ", course_title="Khóa bench", created_at=now, completion_id=None,
                template_id=None, template_revision_id=None, replaced_by_id=None, score=90, hours=None,
                reminder_sent_at=None,
            )  # fmt: skip
            log(f"{certificate_count:,} certificates")
        log("indexes and constraints rebuilt")
        with connection.cursor() as cursor:
            for table in ("accounts_user", "agencies_agency", "agencies_staffmember", "agencies_staffplacement"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                )
    with connection.cursor() as cursor:  # outside the transaction: sets the visibility map for index-only scans
        cursor.execute("VACUUM ANALYZE")
    log("vacuumed and analysed")


def best_of(runs, *fns):
    """The best time and last result of each of `fns`, run in turns so that load falls on all alike."""
    times, results = [[] for _ in fns], [None] * len(fns)
    for _ in range(runs):
        for index, fn in enumerate(fns):
            started = time.perf_counter()
            results[index] = fn()
            times[index].append(time.perf_counter() - started)
    return [(min(t), result) for t, result in zip(times, results, strict=True)]


def compare(label, service, hand, runs):
    """Time `service` (a Coverage) against `hand` ({agency_id: (population, trained)}); False on a mismatch."""
    (service_time, result), (sql_time, expected) = best_of(runs, service, hand)
    figures = {row.agency_id: (row.population, row.trained) for row in result.rows}
    agree = figures == expected
    top = result.roots[0]
    print(f"{label}: {top.population:,} counted, {top.trained:,} trained ({top.percent}%), {len(figures):,} agencies")
    print(f"  coverage():         {service_time * 1000:9.1f} ms (best of {runs})")
    print(f"  hand-written SQL:   {sql_time * 1000:9.1f} ms (best of {runs})")
    print(f"  ratio:              {service_time / sql_time:9.2f}x")
    print(f"  figures agree for all {len(figures):,} agencies: {agree}", flush=True)
    if not agree:
        wrong = [k for k in set(figures) | set(expected) if figures.get(k) != expected.get(k)][:5]
        print("  first differences:", [(k, figures.get(k), expected.get(k)) for k in wrong])
    return agree


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--certificates", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=2026)
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
        build(args.seed, args.staff, args.agencies, args.certificates)
    sizes = (Agency.objects.count(), StaffMember.objects.count(), Certificate.objects.count())
    if sizes[1:] != (args.staff, args.certificates):  # the tree's layout may add a few agencies over the count
        sys.exit(f"the database holds another data set ({sizes}); give this size a database of its own")
    target, _created = Target.objects.get_or_create(
        code="bench-cbccvc",
        defaults={"name": "Bench CBCCVC", "kind": TargetKind.PERCENTAGE, "deadline": datetime.date(2025, 12, 31),
                  "staff_categories": ["cadre", "civil_servant", "public_employee"],
                  "tracks": ["basic_digital_skills"]},
    )  # fmt: skip
    print(
        f"data: {sizes[0]:,} agencies, {sizes[1]:,} staff, {sizes[2]:,} certificates; report day {DAY:%d/%m/%Y}",
        flush=True,
    )
    params = {
        "day": DAY,
        "categories": target.staff_categories,
        "courses": course_ids(target),
        "end_of_day": end_of_day(DAY) - datetime.timedelta(microseconds=1),
    }

    def hand(sql, **extra):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, {**params, **extra})
                return {agency_id: (population, trained) for agency_id, population, trained in cursor.fetchall()}

        return run

    department = Agency.objects.filter(kind="department").order_by("path").first()
    whole = hand(hand_sql())
    subtree = hand(hand_sql(subtree=True), prefix=department.path + "%", depth=department.depth)
    for warm in (lambda: coverage(target, DAY), whole):  # warm the caches of both sides alike
        warm()
    agree = compare("whole tree (target < 2 s)", lambda: coverage(target, DAY), whole, args.runs)
    agree &= compare(
        f"department {department.code} (target < 100 ms)",
        lambda: coverage(target, DAY, root=department),
        subtree,
        max(args.runs, 10),
    )
    if not agree:
        sys.exit(1)


if __name__ == "__main__":
    main()
