"""State resource: /xapi/activities/state (xAPI 1.0.3 Communication 2.3)."""

import json
import uuid

import pytest

from tests.xapi.documents_contract import DocumentContract, Documents, unique_activity
from tests.xapi.support import VERSIONS, mbox_agent

RESOURCE = "activities/state"


@pytest.fixture
def doc():
    return Documents(RESOURCE, {"activityId": unique_activity(), "agent": mbox_agent("state")}, "stateId")


class TestStateDocuments(DocumentContract):
    pass


def content(response):
    return json.loads(response.content)


@pytest.mark.django_db
def test_put_over_an_existing_state_without_precondition_replaces_it_in_1_0_3(lrs, doc):
    # 1.0.3 Communication 3.1.s3: the State resource permits PUT without concurrency headers.
    lrs.put(RESOURCE, {"a": 1}, doc.one(), version="1.0.3")
    assert lrs.put(RESOURCE, {"b": 2}, doc.one(), version="1.0.3").status_code == 204
    assert content(lrs.get(RESOURCE, doc.one(), version="1.0.3")) == {"b": 2}


@pytest.mark.django_db
def test_put_over_an_existing_state_without_precondition_is_409_in_2_0_0(lrs, doc):
    # IEEE 9274.1.1 (xAPI 2.0.0) concurrency: the State resource is no longer exempt. 409, a reason, no change.
    lrs.put(RESOURCE, {"a": 1}, doc.one(), version="2.0.0")
    response = lrs.put(RESOURCE, {"b": 2}, doc.one(), version="2.0.0")
    assert response.status_code == 409
    assert "If-Match" in response.json()["message"]
    assert content(lrs.get(RESOURCE, doc.one(), version="2.0.0")) == {"a": 1}
    etag = lrs.get(RESOURCE, doc.one(), version="2.0.0")["ETag"]
    replaced = lrs.put(RESOURCE, {"b": 2}, doc.one(), version="2.0.0", headers={"If-Match": etag})
    assert replaced.status_code == 204
    assert content(lrs.get(RESOURCE, doc.one(), version="2.0.0")) == {"b": 2}


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_put_of_a_new_state_without_precondition_is_accepted(lrs, doc, version):
    assert lrs.put(RESOURCE, {"a": 1}, doc.one("fresh"), version=version).status_code == 204


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_registration_keeps_states_apart(lrs, doc, version):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    lrs.put(RESOURCE, {"r": "none"}, doc.one("bookmark"), version=version)
    lrs.put(RESOURCE, {"r": "first"}, doc.one("bookmark", registration=first), version=version)
    lrs.put(RESOURCE, {"r": "second"}, doc.one("bookmark", registration=second), version=version)
    assert content(lrs.get(RESOURCE, doc.one("bookmark"), version=version)) == {"r": "none"}
    assert content(lrs.get(RESOURCE, doc.one("bookmark", registration=first), version=version)) == {"r": "first"}
    assert content(lrs.get(RESOURCE, doc.one("bookmark", registration=second), version=version)) == {"r": "second"}
    other = str(uuid.uuid4())
    assert lrs.get(RESOURCE, doc.one("bookmark", registration=other), version=version).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_ids_are_listed_per_registration(lrs, doc, version):
    registration = str(uuid.uuid4())
    lrs.put(RESOURCE, {"n": 1}, doc.one("in-registration", registration=registration), version=version)
    listed = content(lrs.get(RESOURCE, {**doc.set_params, "registration": registration}, version=version))
    assert listed == ["in-registration"]
    other = content(lrs.get(RESOURCE, {**doc.set_params, "registration": str(uuid.uuid4())}, version=version))
    assert other == []


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_delete_without_state_id_deletes_the_set_of_a_registration(lrs, doc, version):
    registration = str(uuid.uuid4())
    for name in ("a", "b"):
        lrs.put(RESOURCE, {"n": name}, doc.one(name, registration=registration), version=version)
    lrs.put(RESOURCE, {"n": "elsewhere"}, doc.one("a", registration=str(uuid.uuid4())), version=version)
    other_agent = {**doc.set_params, "agent": mbox_agent("someone-else")}
    lrs.put(
        RESOURCE,
        {"n": "other agent"},
        {**other_agent, "stateId": "a", "registration": registration},
        version=version,
    )

    response = lrs.delete(RESOURCE, {**doc.set_params, "registration": registration}, version=version)
    assert response.status_code == 204
    assert content(lrs.get(RESOURCE, {**doc.set_params, "registration": registration}, version=version)) == []
    assert lrs.get(RESOURCE, doc.one("a", registration=registration), version=version).status_code == 404
    kept = lrs.get(RESOURCE, {**other_agent, "stateId": "a", "registration": registration}, version=version)
    assert content(kept) == {"n": "other agent"}


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_delete_without_state_id_deletes_all_states_of_the_activity_and_agent(lrs, doc, version):
    for name in ("a", "b", "c"):
        lrs.put(RESOURCE, {"n": name}, doc.one(name), version=version)
    other_activity = {**doc.set_params, "activityId": unique_activity()}
    lrs.put(RESOURCE, {"n": "kept"}, {**other_activity, "stateId": "a"}, version=version)
    assert lrs.delete(RESOURCE, doc.set_params, version=version).status_code == 204
    assert content(lrs.get(RESOURCE, doc.set_params, version=version)) == []
    assert content(lrs.get(RESOURCE, {**other_activity, "stateId": "a"}, version=version)) == {"n": "kept"}


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_registration_must_be_a_uuid(lrs, doc, version):
    response = lrs.put(RESOURCE, {"a": 1}, doc.one(registration="not-a-uuid"), version=version)
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_agents_with_the_same_identifier_share_state(lrs, doc, version):
    # The agent is identified by its inverse functional identifier; the name does not matter.
    lrs.put(RESOURCE, {"a": 1}, doc.one(), version=version)
    renamed = {**doc.set_params["agent"], "name": "Another Name"}
    assert content(lrs.get(RESOURCE, doc.one(agent=renamed), version=version)) == {"a": 1}
