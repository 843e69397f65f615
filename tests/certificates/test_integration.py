"""On PostgreSQL and Redis: racing workers make one certificate; a broker outage loses none."""

import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.certificates.conftest import complete
from tests.conftest import ROOT, RedisServer, database_url_for_tests, wait_until
from tests.lrs.conftest import site_env, stop

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_two_workers_issuing_the_same_completion_at_once_make_one_certificate(
    make_course, make_learner, template, eager_celery
):
    from certificates.issuing import issue_for_completion
    from certificates.models import Certificate

    completions = [complete(make_learner(f"Học Viên {n}"), make_course(slug=f"dua-{n}")) for n in range(3)]
    Certificate.objects.all().delete()  # the in-process task already issued them: race from nothing
    for completion in completions:
        barrier = threading.Barrier(4)
        codes, errors = [], []

        def work(completion_id=completion.pk, barrier=barrier, codes=codes, errors=errors):
            try:
                barrier.wait(10)
                codes.append(issue_for_completion(completion_id).code)
            except Exception as exc:  # noqa: BLE001 (reported below)
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        assert len(set(codes)) == 1, codes
        assert Certificate.objects.filter(completion=completion).count() == 1


def test_a_course_completed_while_redis_is_down_gets_its_certificate_once_redis_is_back(
    make_course, learner, template, settings, tmp_path, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate
    from lms.celery import app

    redis = RedisServer()
    redis.start()
    redis.stop()  # the broker is down while the learner finishes the course
    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = redis.url
    queue = f"certs-{uuid.uuid4().hex[:6]}"
    worker = None
    try:
        with django_capture_on_commit_callbacks(execute=True):
            completion = complete(learner, make_course())
        assert completion is not None
        assert not Certificate.objects.filter(completion=completion).exists()

        redis.start()  # same port: the broker is back; a worker with beat runs the sweep
        env = site_env(
            DATABASE_URL=database_url_for_tests(), REDIS_URL=redis.url, CELERY_QUEUE=queue,
            CERTIFICATE_SWEEP_SECONDS="1", MEDIA_ROOT=str(settings.MEDIA_ROOT),
        )  # fmt: skip
        schedule = Path(tempfile.mkdtemp()) / "beat-schedule"
        log = tmp_path / "worker.log"
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms", "worker", "-B", "--pool=solo", "--loglevel=INFO",
             "-Q", queue, "--schedule", str(schedule)],
            cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip

        def issued():
            return Certificate.objects.filter(completion=completion).exclude(pdf="").exists()

        assert wait_until(issued, 120, 1), log.read_text()[-3000:]
        assert Certificate.objects.filter(completion=completion).count() == 1
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        if worker is not None:
            stop(worker)
        redis.stop()
