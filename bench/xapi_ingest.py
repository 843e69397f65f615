"""xAPI ingest benchmark: statements/s through /xapi/statements, against a raw psycopg insert.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench .venv/bin/python bench/xapi_ingest.py

It migrates the given PostgreSQL database, serves the site with gunicorn, and in one run measures:
1. POST of one statement per request (several client threads);
2. POST of batches of 100;
3. the baseline: the same rows inserted with psycopg into an equivalent table (no validation, no HTTP),
   one row and 100 rows per transaction, from as many threads, interleaved round by round with 1 and 2;
4. a query by agent + verb once the table holds --query-rows statements (bulk-loaded with COPY).
Ratios are what to compare between machines; absolute figures drift with the load of a shared host.
"""

import argparse
import base64
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ.setdefault("DEBUG", "1")

VERBS = [f"http://adlnet.gov/expapi/verbs/{v}" for v in ("experienced", "answered", "passed", "failed", "completed")]


def make_statement(rng, actors, activities):
    actor = rng.randrange(actors)
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "name": f"Học viên {actor}",
            "mbox": f"mailto:hv{actor}@nghean.gov.vn",
        },
        "verb": {"id": rng.choice(VERBS), "display": {"vi-VN": "đã học", "en-US": "experienced"}},
        "object": {
            "objectType": "Activity",
            "id": f"http://bench.example/activities/{rng.randrange(activities)}",
            "definition": {"name": {"vi-VN": "Bài học kỹ năng số"}},
        },
        "result": {"score": {"scaled": round(rng.random(), 2)}, "completion": True},
        "context": {"registration": str(uuid.uuid4()), "platform": "bench"},
        "timestamp": datetime.now(UTC).isoformat(),
    }


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env, port, workers):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    import requests

    for _ in range(300):
        try:
            requests.get(f"http://127.0.0.1:{port}/xapi/about", timeout=5)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def post_all(url, headers, bodies, threads):
    import requests

    queue = list(bodies)
    lock = threading.Lock()
    errors = []

    def work():
        session = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            response = session.post(url, data=body, headers=headers, timeout=60)
            if response.status_code != 200:
                errors.append(response.text[:200])

    started = time.perf_counter()
    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return elapsed


RAW_TABLE = """CREATE TABLE IF NOT EXISTS bench_raw_statement (id bigserial primary key, statement_id uuid unique,
    data jsonb, version varchar(20), actor_ifi varchar(512), verb_id varchar(512), activity_id varchar(2048),
    registration uuid, timestamp timestamptz, stored timestamptz)"""


def raw_table(dsn, create):
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw_statement")
        if create:
            conn.execute(RAW_TABLE)
            conn.execute("CREATE INDEX ON bench_raw_statement (actor_ifi, verb_id, stored)")
            conn.execute("CREATE INDEX ON bench_raw_statement (activity_id, stored)")


def raw_insert(dsn, statements, batch, threads):
    """The baseline: the same rows into an equivalent table with psycopg, `batch` rows per transaction,
    from as many client threads as the HTTP run uses."""
    import psycopg

    chunks = [statements[i : i + batch] for i in range(0, len(statements), batch)]
    lock = threading.Lock()

    def work():
        with psycopg.connect(dsn, autocommit=True) as conn:
            while True:
                with lock:
                    if not chunks:
                        return
                    chunk = chunks.pop()
                rows = [
                    (s["id"], json.dumps(s), "1.0.0", f"mbox:{s['actor']['mbox']}", s["verb"]["id"],
                     s["object"]["id"], s["context"]["registration"], s["timestamp"], datetime.now(UTC))
                    for s in chunk
                ]  # fmt: skip
                with conn.transaction(), conn.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO bench_raw_statement (statement_id, data, version, actor_ifi, verb_id,"
                        " activity_id, registration, timestamp, stored) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        rows,
                    )

    started = time.perf_counter()
    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


def bulk_load(dsn, rows, actors):
    """Fill xapi_statement up to `rows` statements with COPY (what a year of a province looks like)."""
    import psycopg

    rng = random.Random(7)
    with psycopg.connect(dsn, autocommit=True) as conn:
        (have,) = conn.execute("SELECT count(*) FROM xapi_statement").fetchone()
        missing = rows - have
        if missing <= 0:
            return have
        start = datetime(2026, 1, 1, tzinfo=UTC)
        with (
            conn.cursor() as cursor,
            cursor.copy(
                "COPY xapi_statement (statement_id, data, version, actor_ifi, object_ifi, verb_id, activity_id,"
                " registration, timestamp, stored, voided, is_voiding, timestamp_given) FROM STDIN"
            ) as copy,
        ):
            for n in range(missing):
                actor = rng.randrange(actors)
                verb = rng.choice(VERBS)
                activity = f"http://bench.example/activities/{rng.randrange(500)}"
                moment = start + timedelta(seconds=n * 20)
                sid = str(uuid.uuid4())
                data = {
                    "id": sid,
                    "actor": {"mbox": f"mailto:hv{actor}@nghean.gov.vn"},
                    "verb": {"id": verb},
                    "object": {"id": activity},
                    "stored": moment.isoformat(),
                    "timestamp": moment.isoformat(),
                    "version": "1.0.0",
                }
                copy.write_row(
                    (sid, json.dumps(data), "1.0.0", f"mbox:mailto:hv{actor}@nghean.gov.vn", "", verb, activity,
                     None, moment, moment, False, False, True)
                )  # fmt: skip
        conn.execute("ANALYZE xapi_statement")
        (have,) = conn.execute("SELECT count(*) FROM xapi_statement").fetchone()
    return have


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--single", type=int, default=2000, help="statements posted one per request")
    parser.add_argument("--batched", type=int, default=20000, help="statements posted in batches of 100")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--query-rows", type=int, default=1_000_000, help="statements in the table for the query")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of each method")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database (it will be migrated and filled)")
    import django

    django.setup()
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    from xapi.services import create_credential

    dsn = database_url
    admin_dsn = dsn.rsplit("/", 1)[0] + "/postgres"
    name = dsn.rsplit("/", 1)[1]
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    _credential, key, secret = create_credential("bench", scopes=["all"])
    connection.close()

    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + uuid.uuid4().hex),
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "WARNING"}  # fmt: skip
    # The bench's own SECRET_KEY must also hash the credential, so serve with the one we hashed with.
    env["SECRET_KEY"] = django.conf.settings.SECRET_KEY
    port = free_port()
    server = serve(env, port, args.workers)
    url = f"http://127.0.0.1:{port}/xapi/statements"
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    headers = {
        "Authorization": f"Basic {token}",
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    rng = random.Random(42)
    try:
        single = [make_statement(rng, 1000, 200) for _ in range(args.single)]
        batched = [make_statement(rng, 1000, 200) for _ in range(args.batched)]
        # Interleaved rounds: on a shared machine the load drifts, so each method gets its share of every
        # moment instead of one phase each.
        times = {"single": 0.0, "raw single": 0.0, "batched": 0.0, "raw batched": 0.0}
        raw_table(dsn, create=True)
        for round_ in range(args.rounds):
            part = single[round_ :: args.rounds]
            times["single"] += post_all(url, headers, [json.dumps(s) for s in part], args.threads)
            times["raw single"] += raw_insert(dsn, part, 1, args.threads)
            part = batched[round_ :: args.rounds]
            bodies = [json.dumps(part[i : i + 100]) for i in range(0, len(part), 100)]
            times["batched"] += post_all(url, headers, bodies, args.threads)
            times["raw batched"] += raw_insert(dsn, part, 100, args.threads)
        raw_table(dsn, create=False)

        single_rate = args.single / times["single"]
        raw_single_rate = args.single / times["raw single"]
        batch_rate = args.batched / times["batched"]
        raw_rate = args.batched / times["raw batched"]
        print(f"single POST        : {single_rate:8.0f} statements/s  ({args.single} statements, target >= 250)")
        print(f"raw single inserts : {raw_single_rate:8.0f} statements/s  (one row per transaction, same threads)")
        print(f"ratio single/raw   : {single_rate / raw_single_rate:8.2f}")
        print(f"batches of 100     : {batch_rate:8.0f} statements/s  ({args.batched} statements, target >= 2000)")
        print(f"raw batched inserts: {raw_rate:8.0f} statements/s  (100 rows per transaction, same threads)")
        print(f"ratio batched/raw  : {batch_rate / raw_rate:8.2f}   (target >= 0.25)")

        total = bulk_load(dsn, args.query_rows, actors=20000)
        import requests

        session = requests.Session()
        times = []
        for n in range(30):
            agent = quote(json.dumps({"mbox": f"mailto:hv{n * 37 % 20000}@nghean.gov.vn"}))
            verb = quote(VERBS[n % len(VERBS)])
            started = time.perf_counter()
            response = session.get(f"{url}?agent={agent}&verb={verb}&limit=100", headers=headers, timeout=30)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text[:200]
        print(
            f"agent+verb query  : median {statistics.median(times):6.1f} ms, p90 "
            f"{sorted(times)[int(len(times) * 0.9)]:6.1f} ms over HTTP with {total:,} statements stored (target < 50)"
        )
    finally:
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    main()
