"""Forwarding to an external LRS: an outbox that loses nothing while the remote or Redis is down."""

import base64
import json
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT, RedisServer, database_url_for_tests, free_port, wait_until
from tests.lrs.conftest import site_env, start_gunicorn, stop
from xapi import forwarding
from xapi.models import OutboxItem
from xapi.services import create_credential
from xapi.store import Writer, site_authority, store


def statement(n):
    return {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": f"mailto:learner{n}@example.com", "name": f"Học viên {n}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"vi-VN": "đã học"}},
        "object": {"id": f"http://example.com/activities/{n}"},
    }


def forwarding_settings(settings, url, key="k", secret="s"):
    settings.XAPI_FORWARD_URL = url
    settings.XAPI_FORWARD_KEY = key
    settings.XAPI_FORWARD_SECRET = secret


@pytest.mark.django_db
def test_outbox_keeps_statements_while_the_remote_is_down_then_delivers(settings, remote_lrs, eager_celery):
    forwarding_settings(settings, f"http://127.0.0.1:{free_port()}/xapi")  # nothing listens there
    batch = [statement(n) for n in range(5)]
    store(batch, "1.0.3", Writer(authority=site_authority(), forward=True))
    assert OutboxItem.objects.filter(sent_at__isnull=True).count() == 5

    sent, failed = forwarding.drain()
    assert (sent, failed) == (0, 5)
    waiting = OutboxItem.objects.filter(sent_at__isnull=True)
    assert waiting.count() == 5
    assert all(item.attempts == 1 and item.last_error for item in waiting)
    # Backoff: nothing is due again at once.
    assert forwarding.drain() == (0, 0)

    forwarding_settings(settings, remote_lrs.url, remote_lrs.key, remote_lrs.secret)
    call_command("xapi_outbox", "--replay", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OutboxItem.objects.filter(sent_at__isnull=True).count() == 0
    delivered = set(remote_lrs.statement_ids())
    assert {s["id"] for s in batch} <= delivered
    # Exactly as stored here: the remote holds the same verb and actor name.
    remote = remote_lrs.get(f"statements?statementId={batch[0]['id']}")
    assert remote["actor"]["name"] == "Học viên 0"
    assert remote["verb"]["display"] == {"vi-VN": "đã học"}


@pytest.mark.django_db
def test_stored_statement_is_forwarded_in_process(
    settings, remote_lrs, eager_celery, django_capture_on_commit_callbacks
):
    forwarding_settings(settings, remote_lrs.url, remote_lrs.key, remote_lrs.secret)
    one = statement(99)
    with django_capture_on_commit_callbacks(execute=True):
        store([one], "1.0.3", Writer(authority=site_authority(), forward=True))
    assert OutboxItem.objects.get(statement__statement_id=one["id"]).sent_at is not None
    assert one["id"] in remote_lrs.statement_ids()


def post_statements(url, key, secret, statements):
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    request = urllib.request.Request(
        url,
        data=json.dumps(statements).encode(),
        method="POST",
        headers={
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_forwarding_loses_nothing_when_redis_stops_and_restarts(remote_lrs, tmp_path):
    """The site stores while Redis is down; once Redis is back, a worker's sweep delivers every statement."""
    redis = RedisServer()
    redis.start()
    redis.stop()  # the broker is down while learners keep learning
    _credential, key, secret = create_credential("site client", scopes=["all"])
    env = site_env(
        DATABASE_URL=database_url_for_tests(),
        REDIS_URL=redis.url,
        XAPI_FORWARD_URL=remote_lrs.url,
        XAPI_FORWARD_KEY=remote_lrs.key,
        XAPI_FORWARD_SECRET=remote_lrs.secret,
        XAPI_FORWARD_SWEEP_SECONDS="1",
        CELERY_QUEUE=f"forward-{uuid.uuid4().hex[:6]}",
    )
    site_port = free_port()
    site = start_gunicorn(env, site_port, tmp_path / "site.log")
    worker = None
    try:
        batches = [[statement(n * 10 + i) for i in range(10)] for n in range(3)]
        for batch in batches:
            status, ids = post_statements(f"http://127.0.0.1:{site_port}/xapi/statements", key, secret, batch)
            assert status == 200
            assert ids == [s["id"] for s in batch]
        expected = {s["id"] for batch in batches for s in batch}
        assert OutboxItem.objects.filter(sent_at__isnull=True).count() == 30

        redis.start()  # same port: the broker is back
        schedule = Path(tempfile.mkdtemp()) / "beat-schedule"
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms", "worker", "-B", "--pool=solo", "--loglevel=INFO",
             "-Q", env["CELERY_QUEUE"], "--schedule", str(schedule)],
            cwd=ROOT, env=env, stdout=open(tmp_path / "worker.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip

        def delivered():
            return expected <= set(remote_lrs.statement_ids())

        assert wait_until(delivered, 90, 1), (tmp_path / "worker.log").read_text()[-3000:]
        assert OutboxItem.objects.filter(sent_at__isnull=True).count() == 0
    finally:
        if worker is not None:
            stop(worker)
        stop(site)
        redis.stop()
