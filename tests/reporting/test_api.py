"""The reporting API: the hand-computed figures, token authentication, scoping, 4xx with a reason."""

import pytest

from tests.reporting.conftest import BEFORE_MOVE, EXPECTED, EXPECTED_ENROLMENTS, EXPECTED_PRESENCE, D

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_token(province, django_user_model):
    from reporting.services import issue_token

    admin = django_user_model.objects.create(username="qt-api", email="qt.api@nghean.gov.vn", is_superuser=True)
    return issue_token(admin, "Hệ thống báo cáo tỉnh")[1]


def get(client, token, url, **params):
    return client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("on", [D, BEFORE_MOVE], ids=["report-day", "before-the-move"])
def test_coverage_figures(client, admin_token, on):
    response = get(client, admin_token, "/api/v1/coverage", target="cbccvc", date=on.strftime("%d/%m/%Y"))
    assert response.status_code == 200
    document = response.json()
    assert {a["code"]: (a["population"], a["trained"]) for a in document["agencies"]} == EXPECTED[on]
    assert (document["population"], document["trained"]) == EXPECTED[on]["UBND"]


def test_presence_and_enrolments(client, admin_token):
    document = get(client, admin_token, "/api/v1/coverage", target="cntt", date="2025-10-01").json()
    assert {a["code"]: (a["population"], a["trained"]) for a in document["agencies"]} == EXPECTED_PRESENCE
    document = get(client, admin_token, "/api/v1/coverage", target="tmdt", date="2025-10-01").json()
    assert document["enrolments_by_category"] == EXPECTED_ENROLMENTS["by_category"]


def test_snapshots_and_targets(client, admin_token):
    from reporting.services import take_snapshots

    take_snapshots(D)
    response = get(client, admin_token, "/api/v1/snapshots", target="cbccvc", agency="SKHCN")
    assert response.json() == [{"date": "2025-10-01", "population": 7, "trained": 3}]
    codes = [t["code"] for t in get(client, admin_token, "/api/v1/targets").json()]
    assert sorted(codes) == ["cbccvc", "cntt", "tmdt"]


def test_authentication_and_schema(client, admin_token):
    assert client.get("/api/v1/coverage", {"target": "cbccvc"}).status_code == 401
    assert get(client, "kns_abc_wrong", "/api/v1/coverage", target="cbccvc").status_code == 401
    assert get(client, admin_token[:-2] + "xx", "/api/v1/coverage", target="cbccvc").status_code == 401
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and "/api/v1/coverage" in schema.json()["paths"]


def test_bad_input_is_a_4xx_with_a_reason(client, admin_token):
    response = get(client, admin_token, "/api/v1/coverage", target="khong-co")
    assert response.status_code == 404 and "khong-co" in response.json()["detail"]
    response = get(client, admin_token, "/api/v1/coverage", target="cbccvc", date="31/02/2025")
    assert response.status_code == 400 and "31/02/2025" in response.json()["detail"]
    response = get(client, admin_token, "/api/v1/coverage", target="cbccvc", agency="KHONG-CO")
    assert response.status_code == 404
    assert get(client, admin_token, "/api/v1/coverage").status_code == 422
    assert (
        get(client, admin_token, "/api/v1/snapshots", target="cbccvc", agency="UBND", since="hôm qua").status_code
        == 400
    )


def test_an_hr_officers_token_sees_only_their_scope(client, hr_officers):
    from reporting.services import issue_token

    token = issue_token(hr_officers["SKHCN"], "Phần mềm nhân sự SKHCN")[1]
    document = get(client, token, "/api/v1/coverage", target="cbccvc", date="01/10/2025").json()
    assert {a["code"]: (a["population"], a["trained"]) for a in document["agencies"]} == {
        "SKHCN": (7, 3), "SKHCN-TT": (2, 2),
    }  # fmt: skip
    assert get(client, token, "/api/v1/coverage", target="cbccvc", agency="SYT").status_code == 404
    assert get(client, token, "/api/v1/snapshots", target="cbccvc", agency="SYT-BV").status_code == 404
