"""Activity profile resource: /xapi/activities/profile (xAPI 1.0.3 Communication 2.7, 3.1)."""

import pytest

from tests.xapi.documents_contract import Documents, ProfileContract, unique_activity

RESOURCE = "activities/profile"


@pytest.fixture
def doc():
    return Documents(RESOURCE, {"activityId": unique_activity()}, "profileId")


@pytest.fixture
def other_subject():
    return {"activityId": unique_activity(), "profileId": "doc-1"}


class TestActivityProfileDocuments(ProfileContract):
    pass
