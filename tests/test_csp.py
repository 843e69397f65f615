"""Every page carries a Content-Security-Policy: strict on the public site, looser for Wagtail's admin."""

import re

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
        assert all(source == "'self'" or source.startswith("http://127.0.0.1") for source in policy[directive])
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    # Nothing inline that the policy would block.
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html), "inline script"
    assert "<style" not in html and " style=" not in html


def test_public_pages(client, home_site):
    assert_strict(client.get("/"))
    assert_strict(client.get("/accounts/login/"))
    assert_strict(client.get("/certificates/verify/NA-2026-AAAA-BBBB/"))
    assert_strict(client.get("/khong-co-trang-nay/"))


def test_report_pages(client, django_user_model, home_site):
    admin = django_user_model.objects.create(username="qt", email="qt@nghean.gov.vn", is_superuser=True)
    client.force_login(admin)
    from agencies.services import AgencyKind, create_agency
    from reporting.models import Target, TargetKind

    create_agency(code="UBND", name="UBND tỉnh Nghệ An", kind=AgencyKind.PROVINCE)
    Target.objects.create(
        code="cbccvc", name="Cán bộ được đào tạo", kind=TargetKind.PERCENTAGE, goal=100, deadline="2025-12-31",
        staff_categories=["cadre"], tracks=["basic_digital_skills"],
    )  # fmt: skip
    response = client.get("/reports/coverage/")
    assert response.status_code == 200 and 'class="fill' in response.content.decode()
    assert_strict(response)
    response = client.get("/reports/coverage/cbccvc/UBND/people/")
    assert response.status_code == 200
    assert_strict(response)


def test_the_admin_gets_its_own_policy(client, django_user_model, home_site):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-2026")
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-inline'" in policy["style-src"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # The public pages an administrator sees stay strict.
    assert "'unsafe-inline'" not in directives(client.get("/"))["script-src"]


def test_report_only_mode(client, settings, home_site):
    settings.CSP_REPORT_ONLY = True
    response = client.get("/")
    assert "Content-Security-Policy-Report-Only" in response and "Content-Security-Policy" not in response


def test_width_classes():
    from lms.templatetags.site_tags import width_class

    assert [width_class(v) for v in (None, -3, 42.6, 100, 250, "x")] == ["w-0", "w-0", "w-43", "w-100", "w-100", "w-0"]
