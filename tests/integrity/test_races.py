"""On PostgreSQL: statements about one lesson arriving at once are all stored, and progress stays one row."""

import base64
import json
import threading

import pytest
import requests

from tests.courses.conftest import lessons_of

from .support import statement

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_fifty_statements_about_one_lesson_at_once_are_all_stored(live_server, make_course, learner):
    from courses.models import LessonProgress
    from courses.services import enrol, lesson_activity_id, trust_tool
    from xapi.models import Statement
    from xapi.services import create_credential

    course = make_course(lessons=1)
    lesson, _quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    credential, key, secret = create_credential("Máy chủ nội dung", scopes=["statements/write"])
    trust_tool(credential, [course])
    headers = {
        "Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    verbs = ["launched", "progressed", "experienced", "completed", "progressed"] * 10
    # 50 statements at once over 10 keep-alive connections, as a busy tool sends them: more sockets than
    # that would only test the test server's listen backlog.
    connections = 10
    barrier = threading.Barrier(connections)
    statuses, errors = [], []

    def post(share):
        try:
            with requests.Session() as session:
                bodies = [
                    json.dumps(statement(learner, verb, lesson_activity_id(lesson), enrolment.registration))
                    for verb in share
                ]
                barrier.wait(30)
                for body in bodies:
                    url = f"{live_server.url}/xapi/statements"
                    statuses.append(session.post(url, data=body, headers=headers, timeout=60).status_code)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=post, args=(verbs[n::connections],)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert statuses == [200] * len(verbs), statuses
    assert Statement.objects.filter(activity_id=lesson_activity_id(lesson)).count() == len(verbs)
    (progress,) = LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson)
    assert progress.status == "completed"
