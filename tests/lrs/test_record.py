"""record(), the processor registry, and what a learner's own browser session may do."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from xapi.models import Statement
from xapi.services import (
    actor_for,
    create_credential,
    launch_credential,
    record,
    register_processor,
    unregister_processor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(
        "nhung", "nhung@nghean.gov.vn", "pw-123456789", full_name="Nguyễn Thị Hồng Nhung"
    )


@pytest.fixture
def seen():
    calls = []

    def processor(statement):
        calls.append(statement)

    register_processor(processor)
    yield calls
    unregister_processor(processor)


def test_record_names_the_learner_by_account_never_by_email(learner, settings, seen):
    statement = record(learner, "completed", "http://example.com/course/1", result={"completion": True})
    actor = statement.data["actor"]
    assert actor["account"] == {"homePage": settings.SITE_URL, "name": str(learner.public_id)}
    assert "mbox" not in actor and "nhung@nghean.gov.vn" not in json.dumps(statement.data)
    assert actor["name"] == "Nguyễn Thị Hồng Nhung"
    assert statement.user_id == learner.pk
    assert statement.verb_id == "http://adlnet.gov/expapi/verbs/completed"
    assert statement.data["authority"]["account"]["homePage"] == settings.SITE_URL
    assert [s.statement_id for s in seen] == [statement.statement_id]


def test_record_runs_processors_inside_the_same_transaction(learner):
    def refuse(statement):
        raise RuntimeError("processor failed")

    register_processor(refuse)
    try:
        with pytest.raises(RuntimeError):
            record(learner, "experienced", "http://example.com/lesson/2")
    finally:
        unregister_processor(refuse)
    # The statement and the derived data stand or fall together.
    assert not Statement.objects.filter(activity_id="http://example.com/lesson/2").exists()


def statement_about(agent, activity="http://example.com/h5p/1"):
    return {"actor": agent, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "object": {"id": activity}}


def test_a_signed_in_learner_may_post_and_read_only_their_own_statements(client, learner, django_user_model):
    other = django_user_model.objects.create_user("duc", "duc@nghean.gov.vn", "pw-123456789", full_name="Lê Văn Đức")
    client.force_login(learner)
    headers = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
    own = client.post(
        "/xapi/statements", json.dumps(statement_about(actor_for(learner))), "application/json", **headers
    )
    assert own.status_code == 200, own.content
    theirs = client.post(
        "/xapi/statements", json.dumps(statement_about(actor_for(other))), "application/json", **headers
    )
    assert theirs.status_code == 403
    record(other, "experienced", "http://example.com/lesson/3")
    listed = client.get("/xapi/statements", **headers).json()["statements"]
    assert [s["id"] for s in listed] == own.json()


def test_session_posts_need_the_csrf_token(learner, home_site):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    body = json.dumps(statement_about(actor_for(learner)))
    refused = strict.post("/xapi/statements", body, "application/json", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert refused.status_code == 403
    strict.get("/")  # sets the CSRF cookie
    token = strict.cookies["csrftoken"].value
    accepted = strict.post(
        "/xapi/statements", body, "application/json", HTTP_X_EXPERIENCE_API_VERSION="1.0.3", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200, accepted.content


def basic(key, secret):
    import base64

    return {
        "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
        "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3",
    }


def test_launch_credential_speaks_only_for_its_learner_and_expires(client, learner, django_user_model):
    other = django_user_model.objects.create_user("x", "x@nghean.gov.vn", "pw-123456789")
    credential, key, secret = launch_credential(learner, "http://example.com/h5p/1", uuid.uuid4())
    assert str(learner.public_id) not in credential.name  # authorities copy the name into statements
    ok = client.post("/xapi/statements", json.dumps(statement_about(actor_for(learner))), "application/json",
                     **basic(key, secret))  # fmt: skip
    assert ok.status_code == 200
    refused = client.post("/xapi/statements", json.dumps(statement_about(actor_for(other))), "application/json",
                          **basic(key, secret))  # fmt: skip
    assert refused.status_code == 403
    credential.expires_at = timezone.now() - timedelta(seconds=1)
    credential.save()
    expired = client.get("/xapi/statements", **basic(key, secret))
    assert expired.status_code == 401


def test_deactivating_a_credential_takes_effect_at_once(client):
    credential, key, secret = create_credential("tool", scopes=["statements/read"])
    assert client.get("/xapi/statements", **basic(key, secret)).status_code == 200
    credential.active = False
    credential.save()
    assert client.get("/xapi/statements", **basic(key, secret)).status_code == 401


def test_forget_user_anonymises_their_statements_and_keeps_the_record(client, learner, django_user_model):
    from xapi.services import forget_user, statements_of

    other = django_user_model.objects.create_user("d", "d@nghean.gov.vn", "pw-123456789", full_name="Lê Văn Đức")
    mine = record(learner, "completed", "http://example.com/course/9")
    theirs = record(other, "completed", "http://example.com/course/9")
    assert list(statements_of(learner)) == [mine]

    assert forget_user(learner) == 1
    mine.refresh_from_db()
    assert mine.user_id is None
    assert "Nguyễn" not in json.dumps(mine.data, ensure_ascii=False)
    assert str(learner.public_id) not in json.dumps(mine.data)
    assert mine.data["actor"]["account"]["name"].startswith("anonymous:")
    assert mine.verb_id.endswith("completed") and mine.activity_id == "http://example.com/course/9"
    theirs.refresh_from_db()
    assert theirs.user_id == other.pk and theirs.data["actor"]["name"] == "Lê Văn Đức"
    assert list(statements_of(learner)) == []
