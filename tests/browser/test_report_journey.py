"""The coverage report in Debian's Chromium: an HR officer signs in, opens the report for their
department, drills down to a unit's people, and downloads the untrained list as XLSX."""

import io

import openpyxl
import pytest

from tests.browser.journeys import sign_in
from tests.courses.conftest import catalogue, home, make_course  # noqa: F401
from tests.reporting.conftest import D, hr_officers, province  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_hr_officer_follows_coverage_and_downloads_the_untrained(page, live_server, hr_officers, screenshot_dir):  # noqa: F811
    from allauth.account.models import EmailAddress

    officer = hr_officers["SKHCN"]
    EmailAddress.objects.create(user=officer, email=officer.email, verified=True, primary=True)
    base = live_server.url
    sign_in(page, base, officer.email, "mat-khau-rat-dai-2026")
    # Signing in lands an HR officer on their report, and the header keeps a way back to it.
    assert "/reports/coverage/" in page.url
    assert page.locator("header a[href='/reports/coverage/']").count() >= 1

    page.goto(f"{base}/reports/coverage/?target=cbccvc&date={D:%d/%m/%Y}")
    department = page.locator("li.node[data-code='SKHCN']")
    assert department.get_attribute("data-population") == "7"
    assert department.get_attribute("data-trained") == "3"
    assert "42,9%" in department.locator(".tree-row").first.inner_text()
    assert page.locator("li.node[data-code='SYT']").count() == 0  # a sibling department is not shown
    page.screenshot(path=screenshot_dir / "coverage-report.png", full_page=True)

    # Drill down: the department's people, then only those not yet trained.
    department.locator(".tree-row a").first.click()
    page.wait_for_url("**/reports/coverage/cbccvc/SKHCN/people/**")
    assert page.locator("tr[data-staff]").count() == 7
    page.select_option("select[name=status]", "untrained")
    page.click("form.report-filters button[type=submit]")
    page.wait_for_load_state()
    assert [row.get_attribute("data-staff") for row in page.locator("tr[data-staff]").all()] == [
        "CB-B", "CB-C", "CB-E", "CB-F",
    ]  # fmt: skip
    page.screenshot(path=screenshot_dir / "coverage-people.png", full_page=True)

    with page.expect_download() as download_info:
        page.click("a[href*='people.xlsx']")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã cán bộ", "Họ và tên")
    assert [row[0] for row in rows[1:]] == ["CB-B", "CB-C", "CB-E", "CB-F"]
    # CB-B's only certificate was revoked: the list says so rather than "not started".
    assert {row[6] for row in rows[1:]} == {"chưa bắt đầu", "chứng nhận hết hạn", "chứng nhận đã bị thu hồi"}


@pytest.mark.parametrize(
    "email, password, name",
    [("hr.skhcn@kynangso.local", "hr-kns-2026", "hr-officer"),
     ("quantritinh@kynangso.local", "quantritinh-kns-2026", "province-admin")],
)  # fmt: skip
def test_report_readers_land_on_their_report_and_find_it_in_the_header_and_the_admin_menu(
    page, live_server, demo_site, screenshot_dir, email, password, name
):
    import re

    base = live_server.url
    sign_in(page, base, email, password)
    assert page.url.startswith(base + "/reports/coverage/"), page.url
    assert page.locator("h1").count() == 1
    header_link = page.locator("nav.site-nav a[href='/reports/coverage/']")
    assert header_link.inner_text() == "Báo cáo"
    page.screenshot(path=screenshot_dir / f"report-landing-{name}.png", full_page=True)

    # From a learner's page, the header leads back to the report.
    page.goto(base + "/khoa-hoc/")
    page.locator("nav.site-nav a[href='/reports/coverage/']").click()
    page.wait_for_url(re.compile(r"/reports/coverage/$"))

    # The Wagtail admin's menu has the same link.
    page.goto(base + "/admin/")
    menu_link = page.locator("#wagtail-sidebar").get_by_role("link", name="Báo cáo", exact=True)
    assert menu_link.get_attribute("href") == "/reports/coverage/"
    page.screenshot(path=screenshot_dir / f"report-admin-menu-{name}.png", full_page=True)
    menu_link.click()
    page.wait_for_url(re.compile(r"/reports/coverage/$"))
    assert page.locator("li.node").count() >= 1


def test_a_learner_has_no_report_link(page, live_server, demo_site):
    from tests.browser.journeys import LEARNER_EMAIL, LEARNER_PASSWORD

    base = live_server.url
    sign_in(page, base, LEARNER_EMAIL, LEARNER_PASSWORD)
    assert "/reports/" not in page.url
    assert page.locator("a[href='/reports/coverage/']").count() == 0
