"""About resource (xAPI 1.0.3 Communication 2.8; IEEE 9274.1.1 4.1.6.7)."""

import pytest

ALLOWED_VERSIONS = {"0.9", "0.95", "1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0"}

pytestmark = pytest.mark.django_db


def test_about_needs_neither_credentials_nor_version_header(anonymous):
    response = anonymous.get("about", version=None)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_about_lists_the_latest_patch_of_each_major_version(anonymous):
    body = anonymous.get("about", version=None).json()
    assert isinstance(body["version"], list)
    assert "1.0.3" in body["version"]
    assert "2.0.0" in body["version"]
    assert set(body["version"]) <= ALLOWED_VERSIONS


def test_about_has_no_properties_outside_extensions(anonymous):
    body = anonymous.get("about", version=None).json()
    assert set(body) <= {"version", "extensions"}
    if "extensions" in body:
        assert isinstance(body["extensions"], dict)
        assert all(key.startswith(("http://", "https://", "urn:", "tag:")) for key in body["extensions"])


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0", None])
def test_about_answers_with_a_version_header(anonymous, version):
    response = anonymous.get("about", version=version)
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] in {"1.0.3", "2.0.0"}


def test_about_is_not_rejected_for_an_unsupported_version_header(anonymous):
    # Communication 2.8.s5.b4: the About resource must not reject requests on their version header.
    response = anonymous.get("about", version="0.95")
    assert response.status_code == 200


def test_about_with_credentials_also_works(lrs):
    assert lrs.get("about").status_code == 200


def test_head_about_returns_headers_without_body(anonymous):
    response = anonymous.head("about", version=None)
    assert response.status_code == 200
    assert response.content == b""
    assert "X-Experience-API-Version" in response
