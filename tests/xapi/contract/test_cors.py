"""Cross-origin access, so xAPI content served from other origins can reach the LRS from a browser."""

import pytest

from tests.xapi.support import make_statement

pytestmark = pytest.mark.django_db

ORIGIN = "https://content.example.org"
REQUEST_HEADERS = ["authorization", "x-experience-api-version", "content-type", "if-match", "if-none-match"]
EXPOSED = ["etag", "last-modified", "x-experience-api-consistent-through", "x-experience-api-version"]


def listed(value):
    return {item.strip().lower() for item in value.split(",") if item.strip()}


def preflight(client, resource, method):
    return client.options(
        f"/xapi/{resource}",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": ", ".join(REQUEST_HEADERS),
        },
    )


@pytest.mark.parametrize(
    ("resource", "method"),
    [
        ("statements", "POST"),
        ("statements", "PUT"),
        ("statements", "GET"),
        ("activities/state", "PUT"),
        ("activities/state", "DELETE"),
        ("activities/profile", "POST"),
        ("agents/profile", "PUT"),
        ("activities", "GET"),
        ("agents", "GET"),
        ("about", "GET"),
    ],
)
def test_preflight_from_another_origin_is_allowed_without_credentials(http, resource, method):
    response = preflight(http, resource, method)
    assert response.status_code in {200, 204}
    assert response["Access-Control-Allow-Origin"] in {"*", ORIGIN}
    assert method in {m.upper() for m in listed(response["Access-Control-Allow-Methods"])}
    allowed = listed(response["Access-Control-Allow-Headers"])
    assert set(REQUEST_HEADERS) <= allowed


def test_actual_response_allows_the_origin_and_exposes_xapi_headers(lrs):
    lrs.store(make_statement())
    response = lrs.get("statements", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] in {"*", ORIGIN}
    assert set(EXPOSED) <= listed(response["Access-Control-Expose-Headers"])


def test_document_response_exposes_etag_to_the_browser(lrs):
    params = {"activityId": "http://example.com/activities/cors", "profileId": "p"}
    lrs.put("activities/profile", {"a": 1}, params)
    response = lrs.get("activities/profile", params, headers={"Origin": ORIGIN})
    assert response["Access-Control-Allow-Origin"] in {"*", ORIGIN}
    assert "etag" in listed(response["Access-Control-Expose-Headers"])


def test_error_responses_carry_cors_headers_too(anonymous):
    # Without them a browser hides the 401 and its reason from the content.
    response = anonymous.get("statements", headers={"Origin": ORIGIN})
    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] in {"*", ORIGIN}


def test_cross_origin_post_works(lrs):
    response = lrs.post("statements", make_statement(), headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] in {"*", ORIGIN}
