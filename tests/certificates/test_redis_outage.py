"""Redis down does not take the site down, and what waited for it is done once it is back.

The site runs as its own gunicorn process on the test database with a private redis-server as cache,
broker and result store; the test stops that Redis and checks: sign-in with the right password works
(allauth's limits fail open), certificate verification answers, a request that completes a course
returns at once (the publish gives up within about a second). Then Redis starts again and a worker with
beat issues the certificate the lost task would have issued.
"""

import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, RedisServer, database_url_for_tests, free_port, wait_until
from tests.courses.conftest import lessons_of
from tests.lrs.conftest import site_env, start_gunicorn, stop

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-rat-dai-2026"
ADL = "http://adlnet.gov/expapi/verbs/"


def sign_in(base, login, password):
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10)
    return session, session.post(
        f"{base}/accounts/login/",
        data={"login": login, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=10,
    )


def test_the_site_works_with_redis_down_and_catches_up_when_it_returns(
    issued,
    civil_servant,
    make_course,
    settings,
    tmp_path,  # noqa: F811
):
    from allauth.account.models import EmailAddress
    from django.conf import settings as django_settings

    from certificates.models import Certificate
    from courses.activities import activity
    from courses.models import Completion
    from courses.services import enrol, trust_tool
    from xapi.services import create_credential, record

    EmailAddress.objects.create(user=civil_servant, email=civil_servant.email, verified=True, primary=True)
    course = make_course(title="Chuyển đổi số", slug="chuyen-doi-so", lessons=1)
    lesson, quiz = lessons_of(course)
    enrolment = enrol(civil_servant, course)
    record(civil_servant, "experienced", activity("lesson", lesson), registration=enrolment.registration)
    # The completing statement comes from a tool trusted for the course (the quiz is the tool's here).
    credential, key, secret = create_credential("Máy chủ nội dung", scopes=["statements/write"])
    trust_tool(credential, [course])
    final = {
        "actor": {"objectType": "Agent", "account": {"homePage": django_settings.SITE_URL,
                                                      "name": str(civil_servant.public_id)}},
        "verb": {"id": ADL + "passed", "display": {"en-US": "passed"}},
        "object": {"objectType": "Activity", "id": activity("lesson", quiz)["id"]},
        "result": {"score": {"scaled": 0.9}, "success": True},
        "context": {"registration": str(enrolment.registration)},
    }  # fmt: skip

    redis = RedisServer()
    redis.start()
    queue = f"outage-{uuid.uuid4().hex[:6]}"
    env = site_env(
        DATABASE_URL=database_url_for_tests(), REDIS_URL=redis.url, CELERY_QUEUE=queue,
        MEDIA_ROOT=str(settings.MEDIA_ROOT), CERTIFICATE_SWEEP_SECONDS="1", SITE_URL=django_settings.SITE_URL,
    )  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = start_gunicorn(env, port, tmp_path / "site.log")
    worker = None
    try:
        assert requests.get(f"{base}/certificates/verify/{issued.code}/", timeout=10).status_code == 200

        redis.stop()
        # Sign-in: the right password lets the learner in, a wrong one is refused, neither is a 429.
        session, response = sign_in(base, civil_servant.email, PASSWORD)
        assert response.status_code == 302, response.text[-2000:]
        assert session.get(f"{base}/accounts/profile/", allow_redirects=False, timeout=10).status_code == 200
        _session, response = sign_in(base, civil_servant.email, "sai-mat-khau-2026")
        assert response.status_code == 200 and "429" not in str(response.status_code)

        # Verification answers as usual; the limit is simply not enforced.
        assert requests.get(f"{base}/certificates/verify/{issued.code}/", timeout=10).status_code == 200
        badge = requests.get(f"{base}/certificates/{issued.code}.json", timeout=10)
        assert badge.status_code == 200 and badge.json()["type"]
        assert requests.get(f"{base}/certificates/verify/NA-2026-AAAA-BBBB/", timeout=10).status_code == 404

        # The statement that completes the course: stored at once, the certificate task cannot be queued.
        started = time.monotonic()
        response = requests.post(
            f"{base}/xapi/statements", json=final, auth=(key, secret),
            headers={"X-Experience-API-Version": "1.0.3"}, timeout=30,
        )  # fmt: skip
        elapsed = time.monotonic() - started
        assert response.status_code == 200, response.text
        assert elapsed < 2.5, f"the completing request took {elapsed:.1f} s"
        completion = Completion.objects.get(enrolment=enrolment)
        assert not Certificate.objects.filter(completion=completion).exists()
        log = (tmp_path / "site.log").read_text()
        assert "rate limit not enforced" in log and "certificate verify limit not enforced" in log

        # Redis is back: a worker with beat runs the sweep, which issues the certificate.
        redis.start()
        schedule = Path(tempfile.mkdtemp()) / "beat-schedule"
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms", "worker", "-B", "--pool=solo", "--loglevel=INFO",
             "-Q", queue, "--schedule", str(schedule)],
            cwd=ROOT, env=env, stdout=open(tmp_path / "worker.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip

        def certified():
            return Certificate.objects.filter(completion=completion).exclude(pdf="").exists()

        assert wait_until(certified, 120, 1), (tmp_path / "worker.log").read_text()[-3000:]
        session, response = sign_in(base, civil_servant.email, PASSWORD)
        assert response.status_code == 302
    finally:
        stop(site)
        if worker is not None:
            stop(worker)
        redis.stop()
