"""NUL and other control characters in report parameters: a 400 with a reason, on PostgreSQL as on SQLite."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/reports/coverage/?agency=%00",
    "/reports/coverage/?target=cbccvc%00",
    "/reports/coverage/?date=01/10/2025%00",
    "/reports/coverage/?sort=%01",
    "/reports/coverage.csv?agency=SKHCN%00",
    "/reports/coverage.xlsx?target=%00",
    "/reports/coverage/cbccvc/SKHCN/people/?position=%00",
    "/reports/coverage/cbccvc/SKHCN/people/?category=%00&status=untrained",
    "/reports/coverage/cbccvc/SKHCN/people/?status=%1b",
    "/reports/coverage/cbccvc/SKHCN%00/people/",
    "/reports/coverage/cbccvc/%00/people.csv",
    "/reports/coverage/cbccvc/SKHCN/people.xlsx?position=a%00b",
]
API = [
    "/api/v1/coverage?target=cbccvc&agency=%00",
    "/api/v1/coverage?target=%00",
    "/api/v1/coverage?target=cbccvc&date=%00",
    "/api/v1/coverage?target=cbccvc&extra=%7f",
    "/api/v1/snapshots?target=cbccvc&agency=%00",
    "/api/v1/snapshots?target=cbccvc&agency=SKHCN&since=%00",
]


@pytest.fixture
def admin(province, django_user_model):
    return django_user_model.objects.create(username="qt-tinh", email="qt.tinh@nghean.gov.vn", is_superuser=True)


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_400_in_vietnamese(client, admin, url):
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "chứa ký tự không được phép" in page and "data-bad-request" in page


def test_hr_officer_gets_the_same_400(client, hr_officers):
    client.force_login(hr_officers["SYT"])
    assert client.get("/reports/coverage/?agency=%00").status_code == 400


def test_plain_garbage_that_is_not_a_control_character_is_just_unknown(client, admin):
    client.force_login(admin)
    assert client.get("/reports/coverage/?agency=%FF%FE").status_code == 404
    response = client.get("/reports/coverage/cbccvc/SKHCN/people/", {"position": "Chuyên viên ☃"})
    assert response.status_code == 200


@pytest.mark.parametrize("url", API)
def test_api_answers_400_with_a_reason(client, admin, url):
    from reporting.services import issue_token

    token = issue_token(admin, "Hệ thống báo cáo")[1]
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert "không được phép" in response.json()["detail"]


def test_a_token_with_a_nul_is_refused_like_any_wrong_token(client, admin):
    response = client.get("/api/v1/coverage?target=cbccvc", HTTP_AUTHORIZATION="Bearer kns_ab\x00cd_secret")
    assert response.status_code == 401
