"""Input the LRS must refuse with a reason (a 4xx and the xAPI error body) rather than crash or store.

xAPI 1.0.3 Communication 3.2 (error codes: 400 for invalid arguments, 413 for what is larger than the
LRS accepts) and Part One 3.0 (JSON). The limits themselves are the LRS's own (README, "The Learning
Record Store"): they are checked in Python, so SQLite and PostgreSQL refuse the same requests.
"""

import json
import uuid

import pytest

from tests.xapi.support import VERSIONS, activity, make_statement, mbox_agent

pytestmark = pytest.mark.django_db

STATE = {"activityId": "http://example.com/activities/bad-input", "agent": mbox_agent("bad-input")}
ACTIVITY = "http://example.com/activities/"


def assert_refused(response, status=400):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"] is True
    assert body["status"] == status
    assert body["message"]
    return body["message"]


def rows():
    from xapi.models import Activity, Attachment, Document, Statement, StatementActivity, StatementAgent

    models = (Statement, StatementActivity, StatementAgent, Activity, Document, Attachment)
    return tuple(model.objects.count() for model in models)


def nested(depth, leaf=1):
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def post_raw(lrs, text, version="1.0.3"):
    return lrs.post("statements", text.encode(), content_type="application/json", version=version)


# NUL and lone surrogates: neither database can store them, so the LRS refuses them itself.

NUL_STATEMENTS = {
    "verb-display": lambda s: s["verb"]["display"].update({"en-US": "exp\u0000erienced"}),
    "actor-name": lambda s: s["actor"].update({"name": "An\u0000"}),
    "extension-value": lambda s: s.update(result={"extensions": {"http://example.com/ext": "a\u0000b"}}),
    "extension-key": lambda s: s.update(result={"extensions": {"http://example.com/e\u0000xt": 1}}),
    "response": lambda s: s.update(result={"response": "\u0000"}),
    "unknown-key": lambda s: s.update({"\u0000": 1}),
    "activity-id": lambda s: s["object"].update({"id": "http://example.com/a\u0000"}),
    "lone-surrogate": lambda s: s["actor"].update({"name": "\ud800"}),
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("where", list(NUL_STATEMENTS))
def test_nul_or_lone_surrogate_in_a_statement_is_400(lrs, where, version):
    statement = make_statement(with_id=True)
    NUL_STATEMENTS[where](statement)
    before = rows()
    message = assert_refused(lrs.post("statements", statement, version=version))
    assert "NUL" in message or "surrogate" in message
    assert rows() == before


@pytest.mark.parametrize(
    ("resource", "params"),
    [
        ("activities/state", {**STATE, "stateId": "book\u0000mark"}),
        ("activities/state", {**STATE, "activityId": "http://example.com/a\u0000"}),
        ("activities/state", {**STATE, "agent": mbox_agent("bad-input", name="Nul\u0000")}),
        ("activities/profile", {"activityId": ACTIVITY + "p", "profileId": "p\u0000"}),
        ("agents/profile", {"agent": mbox_agent("bad-input"), "profileId": "\u0000"}),
    ],
    ids=["stateId", "activityId", "agent", "activity-profileId", "agent-profileId"],
)
@pytest.mark.parametrize("method", ["PUT", "POST", "GET", "DELETE"])
def test_nul_in_document_parameters_is_400(lrs, resource, params, method):
    before = rows()
    body = {"a": 1} if method in ("PUT", "POST") else None
    assert_refused(lrs.request(method, resource, params, body, version="2.0.0"))
    assert rows() == before


@pytest.mark.parametrize(
    "params",
    [
        {"agent": mbox_agent("x", name="a\u0000")},
        {"activity": ACTIVITY + "\u0000"},
        {"verb": "http://adlnet.gov/expapi/verbs/\u0000"},
        {"since": "2024-01-01T00:00:00Z\u0000"},
        {"statementId": str(uuid.uuid4()) + "\u0000"},
        {"format\u0000": "ids"},
    ],
    ids=["agent", "activity", "verb", "since", "statementId", "name"],
)
def test_nul_in_query_parameters_is_400(lrs, params):
    assert_refused(lrs.get("statements", params, version="2.0.0"))


def test_nul_in_alternate_syntax_form_parameters_is_400(lrs):
    form = {"Authorization": lrs.authorization, "X-Experience-API-Version": "1.0.3", "verb": "http://e.com/\u0000"}
    response = lrs.client.post(
        "/xapi/statements?method=GET", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert_refused(response)


def test_alternate_syntax_body_that_is_not_utf8_is_400(lrs):
    response = lrs.client.generic(
        "POST", "/xapi/statements?method=GET", b"verb=\xff\xfe", content_type="application/x-www-form-urlencoded"
    )
    assert_refused(response)


@pytest.mark.parametrize("version", VERSIONS)
def test_nul_in_document_content_is_stored_as_bytes(lrs, version):
    params = {**STATE, "stateId": "binary"}
    content = b"head\x00\x01tail"
    put = lrs.put("activities/state", content, params, content_type="application/octet-stream", version=version)
    assert put.status_code == 204
    assert lrs.get("activities/state", params, version=version).content == content


@pytest.mark.parametrize("version", VERSIONS)
def test_json_document_with_nul_escapes_merges(lrs, version):
    # Documents are bytes: a \u0000 escape is fine in them, before and after a merge.
    params = {**STATE, "stateId": "nul-json"}
    put = lrs.put("activities/state", '{"a": "x\\u0000y"}', params, content_type="application/json", version=version)
    assert put.status_code == 204
    post = lrs.post("activities/state", '{"b": "\\u0000"}', params, content_type="application/json", version=version)
    assert post.status_code == 204, post.content
    merged = lrs.get("activities/state", params, version=version)
    assert json.loads(merged.content) == {"a": "x\u0000y", "b": "\u0000"}


@pytest.mark.parametrize("version", VERSIONS)
def test_json_document_with_a_lone_surrogate_does_not_merge(lrs, version):
    params = {**STATE, "stateId": "surrogate"}
    lrs.put("activities/state", {"a": 1}, params, version=version)
    body = '{"b": "\\udc00"}'
    assert_refused(lrs.post("activities/state", body, params, content_type="application/json", version=version))
    assert json.loads(lrs.get("activities/state", params, version=version).content) == {"a": 1}


# NaN and Infinity are not JSON (RFC 8259); Python's parser accepts them unless told not to.


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_in_a_statement_are_400(lrs, literal, version):
    statement = make_statement(with_id=True, result={"score": {"raw": 0}})
    text = json.dumps(statement).replace('"raw": 0', f'"raw": {literal}')
    before = rows()
    assert_refused(post_raw(lrs, text, version))
    assert rows() == before


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_in_an_extension_are_400(lrs, literal):
    text = json.dumps(make_statement(result={"extensions": {"http://example.com/x": 0}})).replace(
        ": 0}", f": {literal}}}"
    )
    assert_refused(post_raw(lrs, text))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_in_a_json_document_post_are_400(lrs, literal):
    params = {**STATE, "stateId": "nan"}
    lrs.put("activities/state", {"a": 1}, params)
    response = lrs.post("activities/state", f'{{"b": {literal}}}', params, content_type="application/json")
    assert_refused(response)
    assert json.loads(lrs.get("activities/state", params).content) == {"a": 1}


def test_stored_json_document_with_nan_cannot_be_merged_into(lrs):
    # PUT stores bytes as they come; a later merge must parse them and refuses what is not JSON.
    params = {**STATE, "stateId": "stored-nan"}
    assert lrs.put("activities/state", '{"a": NaN}', params, content_type="application/json").status_code == 204
    assert_refused(lrs.post("activities/state", {"b": 1}, params))


# Nesting depth


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("depth", [65, 900, 3000, 100_000])
def test_deeply_nested_extensions_are_400(lrs, depth, version):
    statement = make_statement(with_id=True, result={"extensions": {"http://example.com/deep": 0}})
    text = json.dumps(statement).replace(": 0}", ": " + "[" * depth + "]" * depth + "}")
    before = rows()
    message = assert_refused(post_raw(lrs, text, version))
    assert "64" in message
    assert rows() == before


def test_nesting_within_the_limit_is_accepted(lrs):
    # statement > result > extensions > value: 60 more levels keep the whole under 64.
    statement = make_statement(result={"extensions": {"http://example.com/deep": nested(60)}})
    assert lrs.post("statements", statement).status_code == 200


def test_deeply_nested_agent_parameter_is_400(lrs):
    assert_refused(lrs.get("statements", {"agent": "[" * 5000 + "]" * 5000}))


def test_deeply_nested_document_post_is_400(lrs):
    params = {**STATE, "stateId": "deep"}
    body = '{"a": ' + "[" * 5000 + "]" * 5000 + "}"
    assert_refused(lrs.post("activities/state", body, params, content_type="application/json"))
    assert lrs.get("activities/state", params).status_code == 404


def test_deeply_nested_signed_payload_is_400(lrs):
    import base64

    from tests.xapi.contract.test_attachments import post_multipart, signed

    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header, payload = b64(b'{"alg": "RS256"}'), b64(b"[" * 5000 + b"]" * 5000)
    token = f"{header}.{payload}.c2ln".encode()
    statement, parts = signed(make_statement(with_id=True), token)
    assert_refused(post_multipart(lrs, statement, parts))


# Identifiers longer than their indexed columns: refused, naming the limit.

LONG = {
    "activity-id": (lambda s: s["object"].update(id=ACTIVITY + "a" * 5000), "2048"),
    "context-activity-id": (
        lambda s: s.update(context={"contextActivities": {"parent": [{"id": ACTIVITY + "p" * 2100}]}}),
        "2048",
    ),
    "mbox": (lambda s: s.update(actor={"mbox": "mailto:" + "m" * 1000 + "@example.com"}), "512"),
    "account-name": (lambda s: s.update(actor={"account": {"homePage": "http://e.com", "name": "n" * 600}}), "512"),
    "openid": (lambda s: s.update(actor={"openid": "http://e.com/" + "o" * 600}), "512"),
    "verb-id": (lambda s: s.update(verb={"id": "http://e.com/verbs/" + "v" * 600}), "512"),
    "object-agent": (
        lambda s: s.update(object={"objectType": "Agent", "mbox": "mailto:" + "x" * 600 + "@e.com"}),
        "512",
    ),
    "group-member": (
        lambda s: s.update(
            actor={"objectType": "Group", "member": [{"mbox": "mailto:" + "g" * 600 + "@e.com"}]},
        ),
        "512",
    ),
    "instructor": (lambda s: s.update(context={"instructor": {"mbox": "mailto:" + "i" * 600 + "@e.com"}}), "512"),
    "substatement-activity": (
        lambda s: s.update(
            object={
                "objectType": "SubStatement",
                "actor": mbox_agent(),
                "verb": {"id": "http://e.com/v"},
                "object": {"id": ACTIVITY + "s" * 2100},
            }
        ),
        "2048",
    ),
    "statement-version": (lambda s: s.update(version="1.0." + "9" * 40), "version"),
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("what", list(LONG))
def test_over_long_identifiers_in_a_statement_are_400(lrs, what, version):
    change, named = LONG[what]
    statement = make_statement(with_id=True)
    change(statement)
    before = rows()
    message = assert_refused(lrs.post("statements", statement, version=version))
    assert named in message
    assert rows() == before


@pytest.mark.parametrize(
    "params",
    [
        {"activity": ACTIVITY + "a" * 5000},
        {"activity": ACTIVITY + "a" * 5000, "related_activities": "true"},
        {"verb": "http://e.com/" + "v" * 600},
        {"agent": {"mbox": "mailto:" + "m" * 1000 + "@example.com"}},
        {"registration": "r" * 5000},
        {"since": "2024-01-01T00:00:00" + "0" * 5000 + "Z"},
        {"cursor": "c" * 10_000},
    ],
    ids=["activity", "related-activity", "verb", "agent", "registration", "since", "cursor"],
)
def test_over_long_query_parameters_are_400(lrs, params):
    assert_refused(lrs.get("statements", params, version="2.0.0"))


@pytest.mark.parametrize(
    ("resource", "params", "named"),
    [
        ("activities", {"activityId": ACTIVITY + "a" * 5000}, "2048"),
        ("agents", {"agent": {"mbox": "mailto:" + "m" * 1000 + "@example.com"}}, "512"),
    ],
    ids=["activities", "agents"],
)
def test_over_long_identifiers_in_read_only_resources_are_400(lrs, resource, params, named):
    assert named in assert_refused(lrs.get(resource, params, version="2.0.0"))


@pytest.mark.parametrize(
    ("resource", "params", "named"),
    [
        ("activities/state", {**STATE, "stateId": "s" * 3000}, "2048"),
        ("activities/state", {**STATE, "activityId": ACTIVITY + "a" * 3000, "stateId": "s"}, "2048"),
        (
            "agents/profile",
            {"agent": {"account": {"homePage": "http://e.com", "name": "n" * 600}}, "profileId": "p"},
            "512",
        ),
        ("activities/profile", {"activityId": ACTIVITY + "p", "profileId": "p" * 3000}, "2048"),
    ],
    ids=["stateId", "state-activityId", "agent-profile-agent", "profileId"],
)
@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_over_long_identifiers_in_document_resources_are_400(lrs, resource, params, named, method):
    before = rows()
    body = {"a": 1} if method in ("PUT", "POST") else None
    message = assert_refused(lrs.request(method, resource, params, body, version="2.0.0"))
    assert named in message
    assert rows() == before


def test_over_long_document_content_type_is_400(lrs):
    params = {**STATE, "stateId": "typed"}
    message = assert_refused(lrs.put("activities/state", b"x", params, content_type="text/" + "x" * 300))
    assert "255" in message
    assert lrs.get("activities/state", params).status_code == 404


def test_over_long_attachment_part_content_type_is_400(lrs):
    from tests.xapi.contract.test_attachments import CERTIFICATE, attachment_for, post_multipart, sha256

    statement = make_statement(with_id=True, attachments=[attachment_for(CERTIFICATE)])
    parts = [(CERTIFICATE, "application/" + "x" * 300, sha256(CERTIFICATE))]
    before = rows()
    assert "255" in assert_refused(post_multipart(lrs, statement, parts))
    assert rows() == before


# Dates that cannot be stored


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_timestamps_outside_the_representable_range_are_400(lrs, value, version):
    before = rows()
    assert_refused(lrs.post("statements", make_statement(timestamp=value), version=version))
    assert_refused(lrs.get("statements", {"since": value}, version=version))
    assert rows() == before


# Size (Communication 3.2.s3.b11)


@pytest.mark.parametrize("version", VERSIONS)
def test_statement_body_over_the_size_limit_is_413(lrs, settings, version):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    statement = make_statement(with_id=True, result={"response": "x" * 3000})
    response = lrs.post("statements", statement, version=version)
    message = assert_refused(response, 413)
    assert "2000" in message
    assert response["X-Experience-API-Version"] == version
    assert rows() == (0, 0, 0, 0, 0, 0)


def test_document_over_the_size_limit_is_413(lrs, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    params = {**STATE, "stateId": "big"}
    assert_refused(lrs.put("activities/state", b"x" * 3000, params, content_type="text/plain"), 413)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    assert lrs.get("activities/state", params).status_code == 404


def test_body_at_the_default_size_limit_is_413(lrs):
    # Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is the LRS's limit.
    statement = make_statement(result={"response": "x" * 2_700_000})
    assert_refused(lrs.post("statements", statement), 413)


def test_too_many_query_parameters_is_400(lrs):
    query = "&".join(f"p{i}=1" for i in range(1200))
    response = lrs.client.get(f"/xapi/statements?{query}", headers={"Authorization": lrs.authorization})
    assert_refused(response)


def test_statement_at_the_identifier_limits_is_accepted(lrs):
    statement = make_statement(
        obj=activity("a" * (2048 - len(ACTIVITY))),
        verb={"id": "http://e.com/" + "v" * (512 - len("http://e.com/"))},
        actor={"account": {"homePage": "http://e.com", "name": "n" * (512 - len("account:http://e.com|"))}},
    )
    assert lrs.post("statements", statement).status_code == 200


@pytest.mark.parametrize("key", ["ab\u0000c", "\u0000"])
def test_nul_in_the_credential_key_is_401(http, key):
    from tests.xapi.support import LRS

    assert_refused(LRS(http, key, "secret").get("statements", version="2.0.0"), 401)
