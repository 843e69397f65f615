"""Checks behind /healthz: each configured part of the runtime, and whether it answers."""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection


def _timed(check):
    started = time.perf_counter()
    try:
        detail = check() or {}
        ok = True
    except Exception as exc:  # any failure of a part is reported, never raised
        detail = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        ok = False
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **detail}


def _cache_backend():
    backend = settings.CACHES["default"]["BACKEND"]
    return "redis" if "redis" in backend.lower() else "local-memory"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    # The Redis cache tolerates outages (reads miss), so a failed round trip is how an outage shows.
    if cache.get(key) != "1":
        raise RuntimeError("value written was not read back (cache unreachable)")
    cache.delete(key)


def check_broker():
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)


def check_worker():
    """Send the ping task through the broker and wait for a worker's answer."""
    from lms.tasks import ping

    token = uuid.uuid4().hex
    result = ping.delay(token).get(timeout=5)
    if result.get("token") != token:
        raise RuntimeError("worker answered with the wrong token")


def run_checks(deep=False):
    """Return {part: {"ok", "backend", "ms", ...}} for every configured part."""
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    parts = {
        "database": {"backend": connection.vendor, **_timed(check_database)},
        "cache": {"backend": _cache_backend(), **_timed(check_cache)},
    }
    if eager:
        parts["broker"] = {"backend": "in-process", "ok": True, "ms": 0.0}
    else:
        parts["broker"] = {"backend": "redis", **_timed(check_broker)}
    if deep:
        if eager or parts["broker"]["ok"]:
            parts["worker"] = {"backend": "celery", **_timed(check_worker)}
        else:
            parts["worker"] = {"backend": "celery", "ok": False, "ms": 0.0, "error": "broker unavailable"}
    return parts
