"""Fixtures for the xAPI contract tests (helpers live in tests/xapi/support.py)."""

import uuid

import pytest

from tests.xapi.support import LRS


@pytest.fixture(scope="session")
def shared_client():
    """One test client for the whole session: building a client loads the middleware stack (including
    whitenoise's scan of the static files), which costs more than most contract tests themselves.
    Requests authenticate with HTTP Basic, so no state is carried between tests; cookies are cleared.
    """
    from django.test import Client

    return Client()


@pytest.fixture
def http(shared_client):
    shared_client.cookies.clear()
    return shared_client


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
def lrs(http, credential):
    key, secret = credential
    return LRS(http, key, secret)


@pytest.fixture
def lrs_for(http, create_credential):
    """An LRS client authenticated with a fresh credential holding `scopes`."""

    def factory(*scopes, name=None):
        key, secret = create_credential(name or f"scoped {uuid.uuid4().hex[:6]}", scopes)
        return LRS(http, key, secret)

    return factory


@pytest.fixture
def anonymous(http):
    return LRS(http)


@pytest.fixture
def site_user(django_user_model):
    return django_user_model.objects.create_user(username="learner", password=None)


@pytest.fixture
def site_actor(site_user, settings):
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": str(site_user.public_id)},
    }
