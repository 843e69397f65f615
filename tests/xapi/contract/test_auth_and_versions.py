"""Authentication, scopes, the signed-in learner's session and the version header.

xAPI 1.0.3 Communication 3.2 (error codes), 3.3 (versioning), 4.0/4.2 (authentication and scopes).
"""

import json

import pytest

from tests.xapi.support import LRS, VERSIONS, activity, make_statement, mbox_agent

pytestmark = pytest.mark.django_db

STATE_PARAMS = {
    "activityId": "http://example.com/activities/state-scope",
    "agent": mbox_agent("scope"),
    "stateId": "bookmark",
}

RESOURCES = [
    ("statements", {}),
    ("activities", {"activityId": "http://example.com/activities/a"}),
    ("agents", {"agent": mbox_agent()}),
    ("activities/state", STATE_PARAMS),
    ("activities/profile", {"activityId": "http://example.com/activities/a"}),
    ("agents/profile", {"agent": mbox_agent()}),
]


# Authentication


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("resource", "params"), RESOURCES)
def test_missing_credentials_are_refused_with_401(anonymous, resource, params, version):
    response = anonymous.get(resource, params, version=version)
    assert response.status_code == 401
    assert response.content


def test_wrong_secret_is_refused_with_401(lrs):
    wrong = LRS(lrs.client, lrs.key, lrs.secret + "x")
    assert wrong.get("statements").status_code == 401
    assert wrong.post("statements", make_statement()).status_code == 401


def test_unknown_key_is_refused_with_401(http):
    stranger = LRS(http, "no-such-key", "whatever")
    assert stranger.get("statements").status_code == 401


def test_a_revoked_credential_is_refused_at_once_in_this_process_and_within_seconds_in_others(lrs, monkeypatch):
    import time

    from django.core.cache import cache

    from xapi import http as xapi_http
    from xapi.models import Credential, credential_cache_key

    assert lrs.get("statements").status_code == 200
    credential = Credential.objects.get(key=lrs.key)
    credential.active = False
    credential.save()  # revoked here: forgotten by this process at once
    assert lrs.get("statements").status_code == 401
    credential.active = True
    credential.save()
    monkeypatch.setattr(xapi_http, "CREDENTIAL_PROCESS_SECONDS", 0.3)
    assert lrs.get("statements").status_code == 200
    # Revoked by another process: the row and the shared cache change, this process's copy does not.
    Credential.objects.filter(key=lrs.key).update(active=False)
    cache.delete(credential_cache_key(lrs.key))
    time.sleep(0.4)
    assert lrs.get("statements").status_code == 401


def test_a_credential_is_looked_up_once_for_several_requests(lrs, monkeypatch):
    from django.core.cache import cache

    from xapi.models import credential_cache_key

    lookups = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        lookups.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    for _ in range(3):
        assert lrs.post("statements", make_statement()).status_code == 200
    assert lookups.count(credential_cache_key(lrs.key)) <= 1


@pytest.mark.parametrize("header", ["Basic", "Basic !!!not-base64!!!", "Bearer abc", "Basic " + "Og=="])
def test_malformed_or_empty_authorization_is_refused_with_401(anonymous, header):
    response = anonymous.get("statements", headers={"Authorization": header})
    assert response.status_code == 401


def test_refused_post_stores_nothing(anonymous, lrs):
    statement = make_statement(with_id=True)
    assert anonymous.post("statements", statement).status_code == 401
    assert lrs.get("statements", {"statementId": statement["id"]}).status_code == 404


# Scopes


def test_read_only_credential_cannot_write_statements(lrs_for):
    reader = lrs_for("statements/read")
    assert reader.get("statements").status_code == 200
    response = reader.post("statements", make_statement())
    assert response.status_code == 403
    assert response.content


def test_write_only_credential_cannot_read_all_statements(lrs_for):
    writer = lrs_for("statements/write")
    assert writer.post("statements", make_statement()).status_code == 200
    assert writer.get("statements").status_code == 403


def test_read_mine_sees_only_statements_it_wrote(lrs, lrs_for):
    mine = lrs_for("statements/write", "statements/read/mine")
    [own] = mine.store(make_statement(actor=mbox_agent("own")))
    [other] = lrs.store(make_statement(actor=mbox_agent("other")))
    response = mine.get("statements")
    assert response.status_code == 200, response.content
    ids = {s["id"] for s in response.json()["statements"]}
    assert own in ids
    assert other not in ids


def test_state_scope_gives_documents_but_not_statements(lrs_for):
    state_only = lrs_for("state")
    assert state_only.put("activities/state", {"page": 3}, STATE_PARAMS).status_code == 204
    assert state_only.get("activities/state", STATE_PARAMS).status_code == 200
    assert state_only.post("statements", make_statement()).status_code == 403
    assert state_only.get("statements").status_code == 403


def test_profile_scope_gives_profiles_but_not_state(lrs_for):
    profile_only = lrs_for("profile")
    params = {"activityId": "http://example.com/activities/profile-scope", "profileId": "p"}
    assert profile_only.put("activities/profile", {"a": 1}, params).status_code == 204
    assert profile_only.get("activities/profile", params).status_code == 200
    assert profile_only.put("activities/state", {"page": 3}, STATE_PARAMS).status_code == 403


def test_statements_scopes_do_not_give_documents(lrs_for):
    statements_only = lrs_for("statements/write", "statements/read")
    assert statements_only.put("activities/state", {"page": 1}, STATE_PARAMS).status_code == 403


# The signed-in learner's own browser session


@pytest.mark.parametrize("version", VERSIONS)
def test_signed_in_user_posts_and_reads_own_statements(client, site_user, site_actor, version):
    client.force_login(site_user)
    session = LRS(client)
    response = session.post("statements", make_statement(actor=site_actor), version=version)
    assert response.status_code == 200, response.content
    [statement_id] = response.json()
    fetched = session.get("statements", {"statementId": statement_id}, version=version)
    assert fetched.status_code == 200
    assert fetched.json()["actor"]["account"] == site_actor["account"]
    listed = session.get("statements", {"agent": site_actor}, version=version)
    assert listed.status_code == 200
    assert statement_id in [s["id"] for s in listed.json()["statements"]]


def test_signed_in_user_cannot_post_as_someone_else(client, site_user, lrs):
    client.force_login(site_user)
    session = LRS(client)
    statement = make_statement(actor=mbox_agent("somebody-else"), with_id=True)
    response = session.post("statements", statement)
    assert response.status_code == 403
    assert lrs.get("statements", {"statementId": statement["id"]}).status_code == 404


def test_signed_in_user_cannot_read_other_peoples_statements(client, site_user, lrs):
    [other] = lrs.store(make_statement(actor=mbox_agent("somebody-else")))
    client.force_login(site_user)
    session = LRS(client)
    single = session.get("statements", {"statementId": other})
    assert single.status_code in {403, 404}
    by_agent = session.get("statements", {"agent": mbox_agent("somebody-else")})
    if by_agent.status_code == 200:
        assert other not in [s["id"] for s in by_agent.json()["statements"]]
    else:
        assert by_agent.status_code == 403


def test_signed_in_user_cannot_post_a_batch_with_someone_elses_statement(client, site_user, site_actor, lrs):
    client.force_login(site_user)
    session = LRS(client)
    mine = make_statement(actor=site_actor, with_id=True)
    theirs = make_statement(actor=mbox_agent("somebody-else"), with_id=True)
    assert session.post("statements", [mine, theirs]).status_code == 403
    assert lrs.get("statements", {"statementId": mine["id"]}).status_code == 404


# Version header (Communication 3.3)


@pytest.mark.parametrize(("resource", "params"), RESOURCES)
def test_missing_version_header_is_400(lrs, resource, params):
    response = lrs.get(resource, params, version=None)
    assert response.status_code == 400
    assert response.content


def test_missing_version_header_on_post_stores_nothing(lrs):
    statement = make_statement(with_id=True)
    assert lrs.post("statements", statement, version=None).status_code == 400
    assert lrs.get("statements", {"statementId": statement["id"]}).status_code == 404


@pytest.mark.parametrize("version", ["0.9", "0.95", "1.1.0", "2.1.0", "3.0.0", "banana", ""])
def test_unsupported_version_header_is_400_answered_with_the_newest_version(lrs, version):
    response = lrs.get("statements", version=version)
    assert response.status_code == 400
    assert response["X-Experience-API-Version"] == "2.0.0"


@pytest.mark.parametrize(
    ("version", "answered"),
    [*[(version, "1.0.3") for version in ("1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3")], ("2.0.0", "2.0.0")],
)
def test_supported_requests_are_answered_in_their_version_family(lrs, version, answered):
    # Communication 3.3.s3.b3: "1.0" is accepted as if it were "1.0.0"; every 1.0.x is answered as 1.0.3.
    response = lrs.get("statements", version=version)
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == answered


@pytest.mark.parametrize("version", VERSIONS)
def test_error_responses_carry_the_version_header(lrs, version):
    response = lrs.post("statements", {"not": "a statement"}, version=version)
    assert response.status_code == 400
    assert response["X-Experience-API-Version"] == version


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("method", "resource"), [("POST", "statements"), ("PUT", "activities/state")])
def test_write_responses_carry_the_version_header(lrs, version, method, resource):
    if method == "POST":
        response = lrs.post(resource, make_statement(), version=version)
    else:
        response = lrs.put(resource, {"x": 1}, STATE_PARAMS, version=version)
    assert response.status_code in {200, 204}
    assert response["X-Experience-API-Version"] == version


# Errors are reasons, not crashes


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "body",
    [b"{not json", b"", b"null", b"42", b'"a string"', json.dumps([[]]).encode(), b'[{"actor": 1}]'],
    ids=["malformed", "empty", "null", "number", "string", "nested-list", "list-of-junk"],
)
def test_unparseable_statement_bodies_are_400(lrs, body, version):
    response = lrs.post("statements", body, content_type="application/json", version=version)
    assert response.status_code == 400
    assert response.content


@pytest.mark.parametrize("version", VERSIONS)
def test_json_body_sent_as_another_content_type_is_400(lrs, version):
    response = lrs.post("statements", json.dumps(make_statement()), content_type="text/plain", version=version)
    assert response.status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_unknown_resource_is_404_not_500(lrs, version):
    response = lrs.get("nonexistent", version=version)
    assert response.status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_unsupported_method_is_rejected_without_500(lrs, version):
    response = lrs.delete("statements", version=version)
    assert 400 <= response.status_code < 500
    response = lrs.put("activities", activity(), {"activityId": "http://example.com/a"}, version=version)
    assert 400 <= response.status_code < 500


# Requests without a usable version header are refused; the answer names the version the LRS speaks.


@pytest.mark.parametrize(("resource", "params"), RESOURCES)
def test_missing_version_header_is_answered_with_the_newest_version(lrs, resource, params):
    response = lrs.get(resource, params, version=None)
    assert response.status_code == 400
    assert response.json()["error"] is True
    assert response["X-Experience-API-Version"] == "2.0.0"


@pytest.mark.parametrize("version", [None, "0.95", "3.0.0"])
def test_default_version_setting_names_1_0_3_for_one_point_oh_deployments(lrs, settings, version):
    settings.XAPI_DEFAULT_VERSION = "1.0.3"
    response = lrs.post("statements", make_statement(), version=version)
    assert response.status_code == 400
    assert response["X-Experience-API-Version"] == "1.0.3"


@pytest.mark.parametrize("default", ["1.0.3", "2.0.0"])
def test_about_still_needs_no_version_header(anonymous, settings, default):
    settings.XAPI_DEFAULT_VERSION = default
    response = anonymous.get("about", version=None)
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == default
