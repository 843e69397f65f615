"""Alternate request syntax (xAPI 1.0.3 Communication 1.3): accepted in 1.0.x, removed in 2.0.0.

The intended method goes in the `method` query parameter; headers, other parameters and the content
travel as form fields of a POST, so browsers that cannot set headers can still use the LRS.
"""

import json
import uuid
from urllib.parse import urlencode

import pytest

from tests.xapi.support import make_statement, mbox_agent

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def alternate(lrs, method, resource, form, *, version="1.0.3", extra_query="", headers=None):
    """POST /xapi/<resource>?method=<method> with headers given as form fields."""
    fields = {"Authorization": lrs.authorization, "X-Experience-API-Version": version, **form}
    fields = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in fields.items()}
    return lrs.request(
        "POST",
        f"/xapi/{resource}?method={method}{extra_query}",
        body=urlencode(fields),
        content_type=FORM,
        version=None,
        auth=False,
        headers=headers,
    )


def test_put_statement(lrs):
    statement = make_statement()
    statement_id = str(uuid.uuid4())
    form = {"statementId": statement_id, "content": json.dumps(statement), "Content-Type": "application/json"}
    response = alternate(lrs, "PUT", "statements", form)
    assert response.status_code == 204, response.content
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert lrs.fetch(statement_id)["verb"] == statement["verb"]


def test_post_statement_through_the_method_parameter(lrs):
    form = {"content": json.dumps(make_statement()), "Content-Type": "application/json"}
    response = alternate(lrs, "POST", "statements", form)
    assert response.status_code == 200, response.content
    [statement_id] = response.json()
    assert lrs.get("statements", {"statementId": statement_id}).status_code == 200


def test_get_statement_by_id(lrs):
    [statement_id] = lrs.store(make_statement())
    response = alternate(lrs, "GET", "statements", {"statementId": statement_id})
    assert response.status_code == 200, response.content
    assert response.json()["id"] == statement_id


def test_get_statements_with_query_parameters_as_form_fields(lrs):
    [mine] = lrs.store(make_statement(actor=mbox_agent("alt")))
    lrs.store(make_statement(actor=mbox_agent("other")))
    response = alternate(lrs, "GET", "statements", {"agent": mbox_agent("alt"), "limit": "10"})
    assert response.status_code == 200, response.content
    assert [s["id"] for s in response.json()["statements"]] == [mine]
    assert "X-Experience-API-Consistent-Through" in response


def test_state_put_get_delete(lrs):
    params = {"activityId": "http://example.com/activities/alt", "agent": mbox_agent("alt"), "stateId": "s"}
    put = alternate(
        lrs,
        "PUT",
        "activities/state",
        {**params, "content": '{"page": 4}', "Content-Type": "application/json"},
    )
    assert put.status_code == 204, put.content
    got = alternate(lrs, "GET", "activities/state", params)
    assert got.status_code == 200
    assert json.loads(got.content) == {"page": 4}
    assert alternate(lrs, "DELETE", "activities/state", params).status_code == 204
    assert lrs.get("activities/state", params).status_code == 404


def test_if_match_travels_as_a_form_field(lrs):
    params = {"activityId": "http://example.com/activities/alt-profile", "profileId": "p"}
    lrs.put("activities/profile", {"a": 1}, params)
    form = {**params, "content": '{"a": 2}', "Content-Type": "application/json", "If-Match": '"wrong"'}
    assert alternate(lrs, "PUT", "activities/profile", form).status_code == 412
    assert json.loads(lrs.get("activities/profile", params).content) == {"a": 1}


def test_headers_may_still_come_as_http_headers(lrs):
    [statement_id] = lrs.store(make_statement())
    response = lrs.request(
        "POST",
        "/xapi/statements?method=GET",
        body=urlencode({"statementId": statement_id}),
        content_type=FORM,
    )
    assert response.status_code == 200, response.content
    assert response.json()["id"] == statement_id


def test_wrong_credentials_in_the_form_are_401(lrs):
    form = {"Authorization": "Basic " + "d3Jvbmc6d3Jvbmc=", "statementId": str(uuid.uuid4())}
    assert alternate(lrs, "GET", "statements", form).status_code == 401


def test_missing_version_in_the_form_is_400(lrs):
    response = lrs.request(
        "POST",
        "/xapi/statements?method=GET",
        body=urlencode({"Authorization": lrs.authorization}),
        content_type=FORM,
        version=None,
        auth=False,
    )
    assert response.status_code == 400


def test_other_query_string_parameters_are_400(lrs):
    statement_id = str(uuid.uuid4())
    form = {"content": json.dumps(make_statement()), "Content-Type": "application/json"}
    response = alternate(lrs, "PUT", "statements", form, extra_query=f"&statementId={statement_id}")
    assert response.status_code == 400
    assert lrs.get("statements", {"statementId": statement_id}).status_code == 404


def test_unknown_method_is_rejected(lrs):
    response = alternate(lrs, "PATCH", "statements", {"content": json.dumps(make_statement())})
    assert 400 <= response.status_code < 500


# Removed in 2.0.0


@pytest.mark.parametrize("method", ["PUT", "POST", "GET"])
def test_alternate_syntax_is_rejected_in_2_0_0(lrs, method):
    statement_id = str(uuid.uuid4())
    form = {
        "statementId": statement_id,
        "content": json.dumps(make_statement()),
        "Content-Type": "application/json",
    }
    if method != "PUT":
        form.pop("statementId")
    headers = {"Authorization": lrs.authorization, "X-Experience-API-Version": "2.0.0"}
    response = alternate(lrs, method, "statements", form, version="2.0.0", headers=headers)
    assert response.status_code == 400
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert lrs.query(version="2.0.0")["statements"] == []


def test_alternate_state_put_is_rejected_in_2_0_0(lrs):
    params = {"activityId": "http://example.com/activities/alt2", "agent": mbox_agent("alt"), "stateId": "s"}
    headers = {"Authorization": lrs.authorization, "X-Experience-API-Version": "2.0.0"}
    form = {**params, "content": "{}", "Content-Type": "application/json"}
    response = alternate(lrs, "PUT", "activities/state", form, version="2.0.0", headers=headers)
    assert response.status_code == 400
    assert lrs.get("activities/state", params, version="2.0.0").status_code == 404
