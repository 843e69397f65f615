"""`make run` from a clean clone serves the site: what a newcomer does first."""

import os
import signal
import subprocess

import pytest
import requests

from tests.conftest import ROOT, free_port, wait_until

pytestmark = pytest.mark.slow


def test_make_run_from_a_clean_clone(tmp_path):
    clone = tmp_path / "kynangso"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    port = free_port()
    # The embedded default: no services configured, nothing inherited from this test run.
    inherited = {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "PASSWORD_HASHERS", "DEBUG", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    log_path = tmp_path / "make-run.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"], cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:

            def healthy():
                try:
                    return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
                except requests.ConnectionError:
                    return process.poll() is None and False

            assert wait_until(healthy, 900, interval=2), log_path.read_text()[-4000:]
            home = requests.get(f"http://127.0.0.1:{port}/", timeout=10)
            assert home.status_code == 200
            assert "Kỹ năng số cho mọi cán bộ, công chức, viên chức Nghệ An" in home.text
            output = log_path.read_text()
            assert "admin@kynangso.local" in output, output[-4000:]
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
    assert (clone / "db.sqlite3").exists()
