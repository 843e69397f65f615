"""Fixtures for the xAPI contract tests (helpers live in tests/xapi/support.py)."""

import uuid

import pytest

from tests.xapi.support import LRS


@pytest.fixture
def create_credential(db):
    """Make an LRS credential with the given scopes; returns (key, secret)."""
    from xapi.services import create_credential as make

    def factory(name="contract tests", scopes=("all",)):
        _credential, key, secret = make(name, scopes=list(scopes))
        return key, secret

    return factory


@pytest.fixture
def credential(create_credential):
    return create_credential("contract tests", ["all"])


@pytest.fixture
def lrs(client, credential):
    key, secret = credential
    return LRS(client, key, secret)


@pytest.fixture
def lrs_for(client, create_credential):
    """An LRS client authenticated with a fresh credential holding `scopes`."""

    def factory(*scopes, name=None):
        key, secret = create_credential(name or f"scoped {uuid.uuid4().hex[:6]}", scopes)
        return LRS(client, key, secret)

    return factory


@pytest.fixture
def anonymous(client):
    return LRS(client)


@pytest.fixture
def site_user(django_user_model):
    return django_user_model.objects.create_user(username="learner", password="not-used-here-123")


@pytest.fixture
def site_actor(site_user, settings):
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": str(site_user.public_id)},
    }
