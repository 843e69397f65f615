"""Activity profile resource: /xapi/activities/profile (xAPI 1.0.3 Communication 2.7, 3.1)."""

import json

import pytest

from tests.xapi.documents_contract import DocumentContract, Documents, unique_activity
from tests.xapi.support import VERSIONS

RESOURCE = "activities/profile"


@pytest.fixture
def doc():
    return Documents(RESOURCE, {"activityId": unique_activity()}, "profileId")


class TestActivityProfileDocuments(DocumentContract):
    pass


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_put_over_an_existing_profile_without_precondition_is_409(lrs, doc, version):
    # Communication 3.1.s4.b13-b15 (and IEEE 9274.1.1): 409, an explanation, no change.
    assert lrs.put(RESOURCE, {"a": 1}, doc.one(), version=version).status_code == 204
    response = lrs.put(RESOURCE, {"b": 2}, doc.one(), version=version)
    assert response.status_code == 409
    assert response.content
    assert json.loads(lrs.get(RESOURCE, doc.one(), version=version).content) == {"a": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_profiles_of_different_activities_are_separate(lrs, doc, version):
    other = {"activityId": unique_activity(), "profileId": "doc-1"}
    lrs.put(RESOURCE, {"which": "first"}, doc.one(), version=version)
    lrs.put(RESOURCE, {"which": "second"}, other, version=version)
    assert json.loads(lrs.get(RESOURCE, doc.one(), version=version).content) == {"which": "first"}
    assert json.loads(lrs.get(RESOURCE, other, version=version).content) == {"which": "second"}


@pytest.mark.django_db
@pytest.mark.parametrize("version", VERSIONS)
def test_put_without_precondition_conflicts_only_with_an_existing_profile(lrs, doc, version):
    # Communication 3.1.s4.b13-b15: a PUT without If-Match or If-None-Match over an existing document is 409,
    # explains that the client should check the current state and send its ETag in If-Match, and changes
    # nothing; with no document yet there is no conflict.
    assert lrs.put(RESOURCE, {"a": 1}, doc.one("new"), version=version).status_code == 204
    response = lrs.put(RESOURCE, {"b": 2}, doc.one("new"), version=version)
    assert response.status_code == 409
    message = response.json()["message"]
    assert "If-Match" in message
    assert "ETag" in message
    assert json.loads(lrs.get(RESOURCE, doc.one("new"), version=version).content) == {"a": 1}
