"""PostgreSQL restarting under load: requests meanwhile answer 503 with a message (never a 500), the site
recovers by itself within seconds, and no statement is half written.

The test runs a PostgreSQL cluster of its own (initdb into a temporary folder, its own port), never the
shared server, and the site as a gunicorn process with DEBUG off, as in production.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import requests

from tests.conftest import ROOT, free_port, missing, wait_until
from tests.lrs.conftest import site_env, stop

pytestmark = [pytest.mark.integration, pytest.mark.slow]

WORKERS = 4


def pg_bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not found:
        missing(f"{name} is not installed (apt-get install postgresql)")
    return str(found[-1])


class Cluster:
    """A throwaway PostgreSQL cluster; as root, its commands run as the postgres user."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="kns-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/kns"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")

    def run(self, *command):
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True, timeout=120)

    def init(self):
        self.run(pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self.start()
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute("CREATE DATABASE kns")

    def pg_ctl(self, action, *extra):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run(pg_bin("pg_ctl"), action, "-D", str(self.data), "-w", "-t", "60", "-o", options,
                 "-l", str(self.folder / "server.log"), *extra)  # fmt: skip

    def start(self):
        self.pg_ctl("start")

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")  # connections are cut, open transactions roll back

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster():
    cluster = Cluster()
    cluster.init()
    yield cluster
    cluster.destroy()


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def statement(number):
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:hocvien{number}@example.vn", "name": f"Học viên {number}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"vi": "đã học"}},
        "object": {"objectType": "Activity", "id": f"http://example.vn/bai/{number % 7}"},
    }


def test_a_postgres_restart_under_load_fails_cleanly_and_recovers(cluster, tmp_path):
    env = site_env(
        DATABASE_URL=cluster.url, DEBUG="0", SECRET_KEY="restart-test-" + uuid.uuid4().hex, ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", MEDIA_ROOT=str(tmp_path / "media"),
    )  # fmt: skip
    manage(env, "migrate", "--noinput")
    code = (
        "from xapi.services import create_credential; c, k, s = create_credential('tai', scopes=['all']); print(k, s)"
    )
    key, secret = manage(env, "shell", "-c", code).split()[-2:]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "site.log", "w")  # noqa: SIM115
    site = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "2", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    headers = {"X-Experience-API-Version": "1.0.3"}

    def healthy():
        try:
            return requests.get(f"{base}/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    outcomes, stop_load = [], threading.Event()

    def load(worker):
        session = requests.Session()
        number = worker * 100_000
        while not stop_load.is_set():
            number += 1
            body = statement(number)
            try:
                response = session.post(f"{base}/xapi/statements", json=body, auth=(key, secret), headers=headers,
                                        timeout=30)  # fmt: skip
                outcomes.append((body, response.status_code, response.headers.get("Content-Type", ""), response.text))
            except requests.RequestException as exc:  # the site itself must keep answering
                outcomes.append((body, None, "", repr(exc)))

    try:
        assert wait_until(healthy, 60, 0.3), (tmp_path / "site.log").read_text()[-3000:]
        threads = [threading.Thread(target=load, args=(n,)) for n in range(WORKERS)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        cluster.restart()
        restarted = time.monotonic()
        recovered_after = None
        while time.monotonic() - restarted < 30:
            if outcomes and outcomes[-1][1] == 200 and healthy():
                recovered_after = time.monotonic() - restarted
                break
            time.sleep(0.1)
        time.sleep(2)
        stop_load.set()
        for thread in threads:
            thread.join(60)
    finally:
        stop_load.set()
        stop(site)
        log.close()

    statuses = [status for _body, status, _type, _text in outcomes]
    assert recovered_after is not None and recovered_after < 10, statuses[-20:]
    failures = [(status, content_type, text[:200]) for _b, status, content_type, text in outcomes if status != 200]
    # Every failure is a 503 with a message, in JSON, never a 500 or a dropped connection.
    assert all(status == 503 and "application/json" in content_type and "cơ sở dữ liệu" in text
               for status, content_type, text in failures), failures[:5]  # fmt: skip
    assert statuses.count(200) > 20

    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://")) as conn:
        stored = {str(row[0]) for row in conn.execute("SELECT statement_id FROM xapi_statement")}
        # Every stored statement came with all of its link rows: nothing half written.
        orphans = conn.execute(
            "SELECT count(*) FROM xapi_statement s WHERE NOT EXISTS "
            "(SELECT 1 FROM xapi_statementagent a WHERE a.statement_id = s.id) OR NOT EXISTS "
            "(SELECT 1 FROM xapi_statementactivity v WHERE v.statement_id = s.id)"
        ).fetchone()[0]
    assert orphans == 0
    accepted = {body["id"] for body, status, _type, _text in outcomes if status == 200}
    assert accepted <= stored
    # A request cut off mid-way either stored its statement whole or not at all.
    assert stored <= {body["id"] for body, *_rest in outcomes}
    print(f"{len(outcomes)} requests, {len(failures)} answered 503, recovered after {recovered_after:.1f} s")
