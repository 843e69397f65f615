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


def fail_until_the_longest_backoff(settings, batch):
    """The receiver refuses connections long enough for every item to wait the longest back-off."""
    from datetime import timedelta

    from django.utils import timezone

    forwarding_settings(settings, f"http://127.0.0.1:{free_port()}/xapi")  # nothing listens there
    store(batch, "1.0.3", Writer(authority=site_authority(), forward=True))
    while OutboxItem.objects.filter(
        next_attempt_at__lt=timezone.now() + forwarding.MAX_BACKOFF - timedelta(minutes=1)
    ).exists():
        forwarding.retry_now()
        assert forwarding.drain()[0] == 0
    waiting = OutboxItem.objects.filter(sent_at__isnull=True)
    assert waiting.count() == len(batch)
    assert all(item.next_attempt_at > timezone.now() + timedelta(minutes=55) for item in waiting)


@pytest.mark.django_db
def test_after_a_long_outage_one_sweep_empties_the_outbox(settings, remote_lrs, eager_celery):
    from xapi.tasks import forward_outbox

    batch = [statement(n) for n in range(300, 305)]
    fail_until_the_longest_backoff(settings, batch)
    forwarding_settings(settings, remote_lrs.url, remote_lrs.key, remote_lrs.secret)  # the receiver is back
    # A kick (nothing stored, nothing due) does not reach out; the periodic sweep does, and delivers all.
    assert forwarding.drain() == (0, 0)
    assert forward_outbox() == {"sent": 5, "failed": 0}
    assert OutboxItem.objects.filter(sent_at__isnull=True).count() == 0
    assert {s["id"] for s in batch} <= set(remote_lrs.statement_ids())


@pytest.mark.django_db
def test_once_one_send_succeeds_the_waiting_items_go_too(settings, remote_lrs, eager_celery):
    batch = [statement(n) for n in range(310, 314)]
    fail_until_the_longest_backoff(settings, batch)
    # The receiver refused this one for its content: sending it again at once would only be refused again.
    refused = OutboxItem.objects.get(statement__statement_id=batch[0]["id"])
    refused.last_error = "HTTP 400: bad statement"
    refused.save()
    forwarding_settings(settings, remote_lrs.url, remote_lrs.key, remote_lrs.secret)
    fresh = statement(315)
    store([fresh], "1.0.3", Writer(authority=site_authority(), forward=True))
    assert forwarding.drain() == (4, 0)  # the new statement, then the three that were waiting
    assert list(OutboxItem.objects.filter(sent_at__isnull=True)) == [refused]
    assert {s["id"] for s in batch[1:]} | {fresh["id"]} <= set(remote_lrs.statement_ids())


@pytest.mark.django_db
def test_outbox_command_prints_the_sites_local_time(settings):
    import datetime
    import io

    forwarding_settings(settings, f"http://127.0.0.1:{free_port()}/xapi")
    store([statement(320)], "1.0.3", Writer(authority=site_authority(), forward=True))
    OutboxItem.objects.update(created=datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.UTC))
    out = io.StringIO()
    call_command("xapi_outbox", stdout=out)
    assert "02/03/2026 00:30" in out.getvalue()  # 17:30 UTC is half past midnight in Vinh


@pytest.mark.django_db
def test_erasure_lists_forwarded_statements_and_forwards_the_rest_anonymised(
    settings, remote_lrs, eager_celery, client, django_user_model
):
    from django.urls import reverse

    from xapi.models import ErasureNotice
    from xapi.services import forget_user, record

    learner = django_user_model.objects.create_user("hv", "hv@example.vn", "pw-123456789", full_name="Trần Văn Bình")
    forwarding_settings(settings, remote_lrs.url, remote_lrs.key, remote_lrs.secret)
    forwarded = [record(learner, "experienced", f"http://example.com/lesson/{n}") for n in (1, 2)]
    assert forwarding.drain() == (2, 0)
    forwarding_settings(settings, f"http://127.0.0.1:{free_port()}/xapi")
    waiting = record(learner, "experienced", "http://example.com/lesson/3")
    assert forwarding.drain() == (0, 1)

    forwarding_settings(settings, remote_lrs.url, remote_lrs.key, remote_lrs.secret)
    assert forget_user(learner) == 3
    notices = ErasureNotice.objects.order_by("forwarded_at")
    assert [n.statement_id for n in notices] == [s.statement_id for s in forwarded]
    assert all(n.receiver == remote_lrs.url and n.forwarded_at and n.receiver_asked_at is None for n in notices)
    # The one still waiting goes out as it is now: anonymised.
    forwarding.retry_now()
    assert forwarding.drain() == (1, 0)
    copy = remote_lrs.get(f"statements?statementId={waiting.statement_id}")
    assert copy["actor"]["account"]["name"].startswith("anonymous:")
    assert str(learner.public_id) not in json.dumps(copy) and "Trần Văn Bình" not in json.dumps(copy)

    # Administrators see the list; a learner does not.
    admin = django_user_model.objects.create_superuser("root", "root@kynangso.local", "pw-123456789")
    client.force_login(admin)
    page = client.get(reverse("xapi_erasures:index"))
    assert page.status_code == 200
    assert all(str(n.statement_id) in page.content.decode() for n in notices)
    notice = notices[0]
    edited = client.post(reverse("xapi_erasures:edit", args=[notice.pk]),
                         {"receiver_asked_at": "2026-12-01 09:00:00"})  # fmt: skip
    assert edited.status_code == 302, edited.content.decode()[-2000:]
    notice.refresh_from_db()
    assert notice.receiver_asked_at is not None
    assert client.get(reverse("xapi_erasures:delete", args=[notice.pk])).status_code in (302, 403)
    client.force_login(learner)
    assert client.get(reverse("xapi_erasures:index")).status_code in (302, 403)


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

        def delivered_and_marked():
            # The worker posts inside its transaction and marks the rows sent when it commits, so the
            # remote can hold every statement a moment before the outbox shows them sent.
            return (
                expected <= set(remote_lrs.statement_ids())
                and not OutboxItem.objects.filter(sent_at__isnull=True).exists()
            )

        assert wait_until(delivered_and_marked, 90, 1), (tmp_path / "worker.log").read_text()[-3000:]
        assert OutboxItem.objects.filter(sent_at__isnull=True).count() == 0
    finally:
        if worker is not None:
            stop(worker)
        stop(site)
        redis.stop()
