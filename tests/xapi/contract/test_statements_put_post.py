"""Storing statements: PUT and POST on /xapi/statements (xAPI 1.0.3 Communication 2.1.1, 2.1.2;
Data 2.4.1 id, 2.4.7 timestamp, 2.4.8 stored, 2.4.9 authority, 2.4.10 version)."""

import copy
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.xapi.support import VERSIONS, activity, is_uuid, make_statement, mbox_agent

pytestmark = pytest.mark.django_db


def parse_time(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def assert_same_instant(a, b):
    assert abs(parse_time(a) - parse_time(b)) < timedelta(milliseconds=1), (a, b)


# PUT


@pytest.mark.parametrize("version", VERSIONS)
def test_put_with_statement_id_stores_it_and_returns_204(lrs, version):
    statement = make_statement()
    statement_id = str(uuid.uuid4())
    response = lrs.put("statements", statement, {"statementId": statement_id}, version=version)
    assert response.status_code == 204, response.content
    assert response.content == b""
    stored = lrs.fetch(statement_id, version=version)
    assert stored["id"] == statement_id
    assert stored["verb"]["id"] == statement["verb"]["id"]
    assert stored["actor"]["mbox"] == statement["actor"]["mbox"]


@pytest.mark.parametrize("version", VERSIONS)
def test_put_with_matching_id_in_body_is_accepted(lrs, version):
    statement = make_statement(with_id=True)
    response = lrs.put("statements", statement, {"statementId": statement["id"]}, version=version)
    assert response.status_code == 204


@pytest.mark.parametrize("version", VERSIONS)
def test_put_without_statement_id_is_400(lrs, version):
    statement = make_statement(with_id=True)
    assert lrs.put("statements", statement, version=version).status_code == 400
    assert lrs.get("statements", {"statementId": statement["id"]}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_put_with_body_id_different_from_statement_id_is_400(lrs, version):
    statement = make_statement(with_id=True)
    other = str(uuid.uuid4())
    assert lrs.put("statements", statement, {"statementId": other}, version=version).status_code == 400
    assert lrs.get("statements", {"statementId": other}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_put_with_statement_id_not_a_uuid_is_400(lrs, version):
    response = lrs.put("statements", make_statement(), {"statementId": "not-a-uuid"}, version=version)
    assert response.status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_put_of_a_list_is_400(lrs, version):
    statement_id = str(uuid.uuid4())
    response = lrs.put("statements", [make_statement()], {"statementId": statement_id}, version=version)
    assert response.status_code == 400


# POST


@pytest.mark.parametrize("version", VERSIONS)
def test_post_single_statement_returns_200_and_a_list_with_its_assigned_id(lrs, version):
    response = lrs.post("statements", make_statement(), version=version)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    ids = response.json()
    assert isinstance(ids, list)
    assert len(ids) == 1
    assert is_uuid(ids[0])
    assert lrs.fetch(ids[0], version=version)["id"] == ids[0]


@pytest.mark.parametrize("version", VERSIONS)
def test_post_keeps_the_id_given_by_the_client(lrs, version):
    statement = make_statement(with_id=True)
    assert lrs.store(statement, version=version) == [statement["id"]]


@pytest.mark.parametrize("version", VERSIONS)
def test_post_batch_returns_ids_in_order_assigning_missing_ones(lrs, version):
    given = make_statement(with_id=True, obj=activity("batch/1"))
    batch = [make_statement(obj=activity("batch/0")), given, make_statement(obj=activity("batch/2"))]
    response = lrs.post("statements", batch, version=version)
    assert response.status_code == 200, response.content
    ids = response.json()
    assert len(ids) == 3
    assert ids[1] == given["id"]
    assert len(set(ids)) == 3
    assert all(is_uuid(i) for i in ids)
    for position, statement_id in enumerate(ids):
        stored = lrs.fetch(statement_id, version=version)
        assert stored["object"]["id"] == f"http://example.com/activities/batch/{position}"


@pytest.mark.parametrize("version", VERSIONS)
def test_post_batch_with_duplicate_ids_is_400_and_stores_nothing(lrs, version):
    first = make_statement(with_id=True)
    second = copy.deepcopy(first)
    second["object"] = activity("different")
    bystander = make_statement(with_id=True)
    response = lrs.post("statements", [bystander, first, second], version=version)
    assert response.status_code == 400
    for statement_id in (first["id"], bystander["id"]):
        assert lrs.get("statements", {"statementId": statement_id}, version=version).status_code == 404


# Reused ids: 409 on different content, no change either way


@pytest.mark.parametrize("version", VERSIONS)
def test_put_of_identical_statement_again_is_204_and_changes_nothing(lrs, version):
    statement = make_statement(with_id=True)
    params = {"statementId": statement["id"]}
    assert lrs.put("statements", statement, params, version=version).status_code == 204
    before = lrs.fetch(statement["id"], version=version)
    reordered = dict(reversed(list(copy.deepcopy(statement).items())))
    assert lrs.put("statements", reordered, params, version=version).status_code == 204
    assert lrs.fetch(statement["id"], version=version) == before


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("method", "stored_status"), [("PUT", 204), ("POST", 200)])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("verb", {"id": "http://example.com/verbs/different", "display": {"en-US": "different"}}),
        ("object", activity("somewhere-else")),
    ],
)
def test_different_statement_with_used_id_is_409_and_changes_nothing(lrs, method, stored_status, field, value, version):
    statement = make_statement(with_id=True)
    params = {"statementId": statement["id"]} if method == "PUT" else None
    assert lrs.request(method, "statements", params, statement, version=version).status_code == stored_status
    before = lrs.fetch(statement["id"], version=version)
    changed = copy.deepcopy(statement)
    changed[field] = copy.deepcopy(value)
    response = lrs.request(method, "statements", params, changed, version=version)
    assert response.status_code == 409
    assert response.content
    assert lrs.fetch(statement["id"], version=version) == before


@pytest.mark.parametrize("version", VERSIONS)
def test_post_of_identical_statement_again_is_accepted_without_change(lrs, version):
    statement = make_statement(with_id=True)
    lrs.store(statement, version=version)
    before = lrs.fetch(statement["id"], version=version)
    response = lrs.post("statements", statement, version=version)
    assert response.status_code in {200, 204}
    if response.status_code == 200:
        assert response.json() == [statement["id"]]
    assert lrs.fetch(statement["id"], version=version) == before
    assert len(lrs.query(version=version, verb=statement["verb"]["id"])["statements"]) == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_batch_reusing_an_id_with_different_content_stores_nothing(lrs, version):
    existing = make_statement(with_id=True)
    lrs.store(existing, version=version)
    changed = copy.deepcopy(existing)
    changed["object"] = activity("changed")
    fresh = make_statement(with_id=True)
    response = lrs.post("statements", [fresh, changed], version=version)
    assert response.status_code == 409
    assert lrs.get("statements", {"statementId": fresh["id"]}, version=version).status_code == 404


# Properties the LRS sets


@pytest.mark.parametrize("version", VERSIONS)
def test_lrs_sets_stored_authority_version_and_timestamp(lrs, version):
    before = datetime.now(UTC) - timedelta(seconds=1)
    [statement_id] = lrs.store(make_statement(), version=version)
    after = datetime.now(UTC) + timedelta(seconds=1)
    stored = lrs.fetch(statement_id, version=version)
    assert before <= parse_time(stored["stored"]) <= after
    assert stored["authority"]["objectType"] in {"Agent", "Group"}
    assert stored["version"] == ("1.0.0" if version.startswith("1.0") else "2.0.0")
    # Data 2.4.7: without a timestamp the LRS sets it to the stored time.
    assert_same_instant(stored["timestamp"], stored["stored"])


@pytest.mark.parametrize("version", VERSIONS)
def test_given_timestamp_is_kept(lrs, version):
    statement = make_statement(timestamp="2024-03-05T08:09:10.123+07:00")
    [statement_id] = lrs.store(statement, version=version)
    stored = lrs.fetch(statement_id, version=version)
    assert_same_instant(stored["timestamp"], "2024-03-05T01:09:10.123Z")


@pytest.mark.parametrize("version", VERSIONS)
def test_stored_sent_by_the_client_is_replaced(lrs, version):
    statement = make_statement(stored="2001-01-01T00:00:00.000Z")
    [statement_id] = lrs.store(statement, version=version)
    stored = lrs.fetch(statement_id, version=version)
    assert abs(parse_time(stored["stored"]) - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize("version", VERSIONS)
def test_authority_sent_by_the_client_is_overwritten(lrs, version):
    impostor = mbox_agent("impostor")
    [statement_id] = lrs.store(make_statement(authority=impostor), version=version)
    [plain_id] = lrs.store(make_statement(), version=version)
    authority = lrs.fetch(statement_id, version=version)["authority"]
    assert authority.get("mbox") != impostor["mbox"]
    assert impostor["mbox"] not in str(authority)
    assert authority == lrs.fetch(plain_id, version=version)["authority"]


def test_authority_is_per_credential(lrs, lrs_for):
    other = lrs_for("all", name="another tool")
    [mine] = lrs.store(make_statement())
    [theirs] = other.store(make_statement())
    assert lrs.fetch(mine)["authority"] != lrs.fetch(theirs)["authority"]


@pytest.mark.parametrize("given", ["1.0.0", "1.0.2", "1.0"])
def test_version_property_given_in_1_0_x_is_kept(lrs, given):
    [statement_id] = lrs.store(make_statement(version=given))
    assert lrs.fetch(statement_id)["version"] == given


def test_version_property_given_in_2_0_is_kept(lrs):
    [statement_id] = lrs.store(make_statement(version="2.0.0"), version="2.0.0")
    assert lrs.fetch(statement_id, version="2.0.0")["version"] == "2.0.0"


@pytest.mark.parametrize("version", VERSIONS)
def test_statement_round_trips_unchanged_in_exact_format(lrs, version):
    statement = make_statement(
        actor=mbox_agent("exact"),
        obj=activity(
            "exact",
            name={"en-US": "Exact", "vi-VN": "Chính xác"},
            type="http://adlnet.gov/expapi/activities/course",
        ),
        result={
            "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10},
            "success": True,
            "duration": "PT1M2S",
        },
        context={
            "registration": str(uuid.uuid4()),
            "language": "vi-VN",
            "extensions": {"http://example.com/x": [1, {"a": None}]},
        },
        timestamp="2024-03-05T01:09:10.123Z",
        with_id=True,
    )
    lrs.store(statement, version=version)
    stored = lrs.fetch(statement["id"], version=version, format="exact")
    for key in ("id", "actor", "verb", "object", "result"):
        assert stored[key] == statement[key], key
    assert stored["context"]["extensions"] == statement["context"]["extensions"]
    assert stored["context"]["registration"] == statement["context"]["registration"]


@pytest.mark.parametrize("version", VERSIONS)
def test_vietnamese_text_survives_the_round_trip(lrs, version):
    name = "Nguyễn Thị Hồng Nhung"
    [statement_id] = lrs.store(make_statement(actor=mbox_agent("nhung", name=name)), version=version)
    assert lrs.fetch(statement_id, version=version)["actor"]["name"] == name
