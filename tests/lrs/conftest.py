"""A second, separate instance of the LRS (its own process and SQLite database), to forward to."""

import base64
import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port, wait_until


@dataclass
class RemoteLRS:
    url: str
    key: str
    secret: str

    def get(self, resource, version="1.0.3"):
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        request = urllib.request.Request(
            f"{self.url}/{resource}",
            headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": version},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def statement_ids(self):
        ids, resource = [], "statements?limit=500"
        while resource:
            page = self.get(resource)
            ids += [statement["id"] for statement in page["statements"]]
            resource = page["more"].removeprefix("/xapi/")
        return ids


def site_env(**overrides):
    """The environment of a site process: this checkout's settings, nothing inherited from the tests."""
    unset = {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "XAPI_FORWARD_URL", "CELERY_QUEUE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update({"DEBUG": "1", "SITE_URL": "http://127.0.0.1", **overrides})
    return env


def start_gunicorn(env, port, log_path):
    log = open(log_path, "w")  # noqa: SIM115 (closed by the caller through the process)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "4", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip

    def up():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/xapi/about", timeout=1):
                return True
        except OSError:
            return process.poll() is None and False

    assert wait_until(up, 60, 0.3), Path(log_path).read_text()[-3000:]
    return process


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def remote_lrs(tmp_path_factory):
    """Another Kỹ Năng Số LRS on its own port and database, as an external LRS would be."""
    folder = tmp_path_factory.mktemp("remote-lrs")
    env = site_env(DATABASE_URL=f"sqlite:///{folder / 'remote.sqlite3'}", MEDIA_ROOT=str(folder / "media"))
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    made = subprocess.run(
        [*manage, "xapi_credential", "forwarding", "--scopes", "all"],
        cwd=ROOT, env=env, check=True, timeout=60, capture_output=True, text=True,
    )  # fmt: skip
    lines = dict(line.split(":", 1) for line in made.stdout.splitlines() if line.startswith(("key:", "secret:")))
    port = free_port()
    process = start_gunicorn(env, port, folder / "gunicorn.log")
    yield RemoteLRS(f"http://127.0.0.1:{port}/xapi", lines["key"].strip(), lines["secret"].strip())
    stop(process)
