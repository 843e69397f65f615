"""The database out of reach: requests answer 503 with a message (never a 500 traceback), and the site
is back by itself as soon as the database answers again."""

import base64

import pytest
from django.db import connection

from tests.conftest import free_port

# On PostgreSQL: the tests' SQLite database lives in memory and cannot be cut off.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unreachable_database():
    """Point the connection somewhere no database answers, as during a restart; put it back afterwards."""
    saved = dict(connection.settings_dict)

    def cut():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))

    def restore():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)

    yield cut, restore
    restore()


def statement():
    return {
        "actor": {"objectType": "Agent", "mbox": "mailto:hoa@example.vn"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}},
        "object": {"objectType": "Activity", "id": "http://example.vn/activity/1"},
    }


def test_requests_answer_503_then_recover(client, home_site, unreachable_database):
    from xapi.services import create_credential

    _credential, key, secret = create_credential("hệ thống khác", scopes=["all"])
    headers = {
        "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
        "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3",
    }
    assert client.get("/").status_code == 200
    cut, restore = unreachable_database
    cut()

    page = client.get("/")
    assert page.status_code == 503 and page["Retry-After"]
    assert "không truy cập được cơ sở dữ liệu" in page.content.decode()
    assert "Traceback" not in page.content.decode()
    response = client.post("/xapi/statements", statement(), content_type="application/json", **headers)
    assert response.status_code == 503
    assert "cơ sở dữ liệu" in response.json()["message"]
    assert client.get("/reports/coverage/").status_code in (302, 503)
    assert client.get("/certificates/verify/NA-2026-AAAA-BBBB/").status_code == 503

    restore()  # the database answers again: the next requests just work
    assert client.get("/").status_code == 200
    response = client.post("/xapi/statements", statement(), content_type="application/json", **headers)
    assert response.status_code == 200
