"""What the benchmarks share: the checkout, a site environment, manage.py, a PostgreSQL database of their
own, and gunicorn (with a Celery worker when asked) started and waited for on a free loopback port.

Each benchmark runs as a script (`python bench/NAME.py`), so this module is imported as `harness`.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SECRET = "bench-only-secret-key-not-for-production-0123456789"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(site_url="http://127.0.0.1", **overrides):
    """The environment of a benchmarked site: this checkout's settings, a throwaway secret, quiet logs."""
    env = dict(os.environ)
    env.update(
        {
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SITE_URL": site_url,
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "lms.settings",
            **overrides,
        }
    )
    return env


def manage(env, *arguments, debug="1"):
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env={**env, "DEBUG": debug}, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def ensure_database(url, *, required=False):
    """Create the PostgreSQL database of `url` if it does not exist; another engine is left alone, or
    refused with `required`."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        if required:
            sys.exit(f"{Path(sys.argv[0]).name} needs DATABASE_URL to point at PostgreSQL")
        return
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def serve(env, port, *, workers, threads=1, ready_path="/healthz", celery=False):
    """gunicorn with DEBUG off on 127.0.0.1:`port` (and a Celery worker with `celery`), once it answers
    `ready_path`; returns the processes to stop."""
    env = {**env, "DEBUG": "0"}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lms.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
    ]
    if celery:
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "lms", "worker", "--concurrency", "1", "--loglevel", "WARNING"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", ready_path)
            connection.getresponse().read()
            connection.close()
            return processes
        except OSError:
            time.sleep(0.3)
    for process in processes:
        process.kill()
    raise SystemExit("gunicorn did not start")


def stop(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
