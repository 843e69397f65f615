"""xAPI ingest benchmark: the LRS loaded as real clients load it, against a raw psycopg insert.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench13 REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/xapi_ingest.py [--profile single.svg]

It migrates the given PostgreSQL database and serves the site with gunicorn (3 workers with 4 threads,
DEBUG off). Then, round after round, interleaved so a shared machine's drifting load falls on each alike:
1. single: 8 client threads, each on its own keep-alive connection, POST one statement per request;
2. raw single: as many threads, each with its own psycopg connection, insert the same rows one per
   autocommit INSERT into a table with the columns and indexes of xapi_statement (LIKE ... INCLUDING ALL);
3. batched: the same clients POST batches of 100;
4. raw batched: the same rows, 100 per transaction (executemany, bound server-side).
The raw baselines get rows already serialised: no validation, no HTTP, no link rows, no definitions.
Finally a query by agent + verb once the table holds --query-rows statements (bulk-loaded with COPY).
With --profile, py-spy records the gunicorn workers during one extra single-statement run.
Ratios are what to compare between machines; absolute figures drift with the load of a shared host.
"""

import argparse
import base64
import http.client
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

from harness import ensure_database, free_port, serve, stop

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


def worker_pids(server):
    out = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def post_all(port, headers, bodies, clients, statements_per_body):
    """POST every body from `clients` threads, each on one persistent connection; return seconds."""
    queue = list(bodies)
    lock = threading.Lock()
    errors = []

    def work():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    body = queue.pop()
                conn.request("POST", "/xapi/statements", body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                if response.status != 200 or len(json.loads(payload)) != statements_per_body:
                    errors.append(f"{response.status} {payload[:200]!r}")
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        finally:
            conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=work) for _ in range(clients)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return elapsed


RAW_COLUMNS = (
    "statement_id, data, version, actor_ifi, object_ifi, verb_id, activity_id, registration, timestamp, stored,"
    " voided, is_voiding, timestamp_given, source"
)
RAW_INSERT = f"INSERT INTO bench_raw_statement ({RAW_COLUMNS}) VALUES ({', '.join(['%s'] * 14)})"


def raw_table(dsn, create):
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw_statement")
        if create:
            # The same columns, defaults, constraints and indexes as the statements the LRS stores.
            conn.execute("CREATE TABLE bench_raw_statement (LIKE xapi_statement INCLUDING ALL)")


def raw_rows(statements):
    now = datetime.now(UTC)
    return [
        (s["id"], json.dumps(s, ensure_ascii=False), "1.0.0", f"mbox:{s['actor']['mbox']}", "", s["verb"]["id"],
         s["object"]["id"], s["context"]["registration"], s["timestamp"], now, False, False, True, "credential")
        for s in statements
    ]  # fmt: skip


def raw_insert(dsn, statements, batch, clients):
    """The baseline: the same rows into an equivalent table with psycopg from as many threads, `batch`
    rows per transaction (one row: autocommit INSERT)."""
    import psycopg

    chunks = [statements[i : i + batch] for i in range(0, len(statements), batch)]
    lock = threading.Lock()
    connections = [psycopg.connect(dsn, autocommit=True) for _ in range(clients)]

    def work(conn):
        while True:
            with lock:
                if not chunks:
                    return
                chunk = chunks.pop()
            rows = raw_rows(chunk)
            if batch == 1:
                conn.execute(RAW_INSERT, rows[0], prepare=True)
            else:
                with conn.transaction(), conn.cursor() as cursor:
                    cursor.executemany(RAW_INSERT, rows)

    started = time.perf_counter()
    pool = [threading.Thread(target=work, args=(conn,)) for conn in connections]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    for conn in connections:
        conn.close()
    return elapsed


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
                " registration, timestamp, stored, voided, is_voiding, timestamp_given, source) FROM STDIN"
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
                     None, moment, moment, False, False, True, "credential")
                )  # fmt: skip
        conn.execute("ANALYZE xapi_statement")
        (have,) = conn.execute("SELECT count(*) FROM xapi_statement").fetchone()
    return have


def profile(port, headers, bodies, clients, server, path):
    """Record the gunicorn workers with py-spy while clients post `bodies`; return the statements/s."""
    recorders = [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                "--pid",
                str(pid),
                "--rate",
                "200",
                "--format",
                "raw",
                "--output",
                f"{path}.{pid}.txt",
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for pid in worker_pids(server)
    ]
    time.sleep(1)
    elapsed = post_all(port, headers, bodies, clients, 1)
    for recorder in recorders:
        recorder.send_signal(2)
    for recorder in recorders:
        recorder.wait(60)
    return len(bodies) / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--single", type=int, default=6000, help="statements posted one per request")
    parser.add_argument("--batched", type=int, default=40000, help="statements posted in batches of 100")
    parser.add_argument("--clients", type=int, default=8, help="client threads, one keep-alive connection each")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--query-rows", type=int, default=1_000_000, help="statements in the table for the query")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds of each method")
    parser.add_argument("--profile", help="record the workers with py-spy into PROFILE.<pid>.txt (collapsed stacks)")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database (it will be migrated and filled)")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from xapi.services import create_credential

    dsn = database_url
    ensure_database(dsn, required=True)
    call_command("migrate", verbosity=0)
    _credential, key, secret = create_credential("bench", scopes=["all"])
    connection.close()

    # The bench's own SECRET_KEY hashed the credential, so the server must use the same one.
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": django.conf.settings.SECRET_KEY,
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "WARNING"}  # fmt: skip
    port = free_port()
    processes = serve(env, port, workers=args.workers, threads=args.threads, ready_path="/xapi/about")
    server = processes[0]
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
        # Warm every worker (imports, credential cache, prepared statements, activity definitions).
        warm = [make_statement(rng, 1000, 200) for _ in range(600)]
        post_all(port, headers, [json.dumps(s) for s in warm], args.clients, 1)
        raw_table(dsn, create=True)
        times = {"single": 0.0, "raw single": 0.0, "batched": 0.0, "raw batched": 0.0}
        loads = []
        for round_ in range(args.rounds):
            part = single[round_ :: args.rounds]
            times["single"] += post_all(port, headers, [json.dumps(s) for s in part], args.clients, 1)
            times["raw single"] += raw_insert(dsn, part, 1, args.clients)
            part = batched[round_ :: args.rounds]
            bodies = [json.dumps(part[i : i + 100]) for i in range(0, len(part), 100)]
            times["batched"] += post_all(port, headers, bodies, args.clients, 100)
            times["raw batched"] += raw_insert(dsn, part, 100, args.clients)
            loads.append(os.getloadavg()[0])
        raw_table(dsn, create=False)

        single_rate = args.single / times["single"]
        raw_single_rate = args.single / times["raw single"]
        batch_rate = args.batched / times["batched"]
        raw_rate = args.batched / times["raw batched"]
        print(f"clients: {args.clients} keep-alive connections; gunicorn -w {args.workers} --threads {args.threads}")
        print(f"single POST        : {single_rate:8.0f} statements/s  ({args.single} statements, target >= 1000)")
        print(f"raw single inserts : {raw_single_rate:8.0f} statements/s  (one autocommit INSERT each, same threads)")
        print(f"ratio single/raw   : {single_rate / raw_single_rate:8.2f}")
        print(f"batches of 100     : {batch_rate:8.0f} statements/s  ({args.batched} statements)")
        print(f"raw batched inserts: {raw_rate:8.0f} statements/s  (100 rows per transaction, same threads)")
        print(f"ratio batched/raw  : {batch_rate / raw_rate:8.2f}   (target >= 0.30)")
        print(f"load average (1 min) during the rounds: {min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} cores")

        if args.profile:
            bodies = [json.dumps(make_statement(rng, 1000, 200)) for _ in range(args.single // args.rounds)]
            rate = profile(port, headers, bodies, args.clients, server, args.profile)
            print(f"profiled single run: {rate:8.0f} statements/s, stacks in {args.profile}.<pid>.txt")

        if args.query_rows:
            total = bulk_load(dsn, args.query_rows, actors=20000)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            times = []
            for n in range(30):
                agent = quote(json.dumps({"mbox": f"mailto:hv{n * 37 % 20000}@nghean.gov.vn"}))
                verb = quote(VERBS[n % len(VERBS)])
                started = time.perf_counter()
                conn.request("GET", f"/xapi/statements?agent={agent}&verb={verb}&limit=100", headers=headers)
                response = conn.getresponse()
                body = response.read()
                times.append((time.perf_counter() - started) * 1000)
                assert response.status == 200, body[:200]
            print(
                f"agent+verb query  : median {statistics.median(times):6.1f} ms, p90 "
                f"{sorted(times)[int(len(times) * 0.9)]:6.1f} ms over HTTP with {total:,} statements stored"
                " (target < 50)"
            )
    finally:
        stop(processes)


if __name__ == "__main__":
    main()
