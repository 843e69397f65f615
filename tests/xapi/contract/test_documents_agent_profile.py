"""Agent profile resource: /xapi/agents/profile (xAPI 1.0.3 Communication 2.6, 3.1)."""

import pytest

from tests.xapi.documents_contract import Documents, ProfileContract
from tests.xapi.support import mbox_agent

RESOURCE = "agents/profile"


@pytest.fixture
def doc():
    return Documents(RESOURCE, {"agent": mbox_agent("profiled")}, "profileId")


@pytest.fixture
def other_subject():
    return {"agent": {"account": {"homePage": "http://example.com", "name": "other"}}, "profileId": "doc-1"}


class TestAgentProfileDocuments(ProfileContract):
    pass
