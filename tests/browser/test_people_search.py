"""A large department's people list in Debian's Chromium: the HR officer pages through 127 people, searches
without typing accents, and pages through a search that keeps its filters."""

import pytest

from common.text import vietnamese_name_key
from tests.browser.journeys import sign_in
from tests.courses.conftest import catalogue, home, make_course  # noqa: F401
from tests.reporting.conftest import D, hr_officers, province  # noqa: F401
from tests.reporting.test_people_paging import add_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def codes(page):
    return [row.get_attribute("data-staff") for row in page.locator("tr[data-staff]").all()]


def test_an_hr_officer_searches_without_accents_and_pages_through(
    page,
    live_server,
    province,  # noqa: F811
    hr_officers,  # noqa: F811
    screenshot_dir,
):
    from allauth.account.models import EmailAddress

    from agencies.services import AgencyKind, create_agency
    from reporting.services import people, target_by_code

    science = province["agencies"]["SKHCN"]
    unit = create_agency(code="SKHCN-P", name="Phòng Tổng hợp", kind=AgencyKind.UNIT, parent=science)
    add_people(unit, 120)
    officer = hr_officers["SKHCN"]
    EmailAddress.objects.create(user=officer, email=officer.email, verified=True, primary=True)
    base = live_server.url
    sign_in(page, base, officer.email, "mat-khau-rat-dai-2026")

    page.goto(f"{base}/reports/coverage/cbccvc/SKHCN/people/?date={D:%d/%m/%Y}")
    assert len(codes(page)) == 50
    pager = page.get_by_role("navigation", name="Các trang của danh sách cán bộ")
    assert pager.locator("[aria-current=page]").inner_text().strip().endswith("1")
    first_page = codes(page)
    # Vietnamese order, by given name: "Ánh" before "Ân" before "Bảo", "Dung" before "Đào" (code points
    # would put "Ánh" after "Bảo" and "Đào" last).
    names = page.locator("tr[data-staff] td:first-child").all_inner_texts()
    assert names == sorted(names, key=vietnamese_name_key)
    givens = [name.split()[-1] for name in names]
    assert givens.index("An") < givens.index("Ánh") < givens.index("Ân") < givens.index("Bảo")
    assert givens.index("Bảo") < givens.index("Dung") < givens.index("Đào")
    page.screenshot(path=screenshot_dir / "people-page-1-vietnamese-order.png", full_page=True)
    pager.get_by_role("link", name="Trang sau").click()
    page.wait_for_url("**page=2**")
    assert len(codes(page)) == 50 and not set(codes(page)) & set(first_page)
    assert "51–100" in page.locator("main").inner_text()

    # The search box, without accents: "nguyen van an" finds Nguyễn Văn An (CB-A), trained.
    page.fill("input[name=q]", "nguyen van an")
    page.click("form.report-filters button[type=submit]")
    page.wait_for_load_state()
    found = codes(page)
    assert "CB-A" in found and len(found) < 50
    assert page.locator("tr[data-staff='CB-A']").get_attribute("data-status") == "trained"
    assert page.get_by_role("navigation", name="Các trang của danh sách cán bộ").count() == 0
    page.screenshot(path=screenshot_dir / "people-search.png", full_page=True)

    # The staff code, typed in lower case: only that person.
    page.fill("input[name=q]", "p-0042")
    page.click("form.report-filters button[type=submit]")
    page.wait_for_load_state()
    assert codes(page) == ["P-0042"]
    page.screenshot(path=screenshot_dir / "people-search-staff-code.png", full_page=True)

    # A search with a status filter over several pages: the page links keep both.
    page.fill("input[name=q]", "NGHEAN")
    page.select_option("select[name=status]", "untrained")
    page.click("form.report-filters button[type=submit]")
    page.wait_for_load_state()
    untrained = people(target_by_code("cbccvc"), science, D, status="untrained", search="nghean")
    expected = [row.staff_code for row in untrained]
    assert len(expected) == 120
    seen = codes(page)
    pager = page.get_by_role("navigation", name="Các trang của danh sách cán bộ")
    pager.get_by_role("link", name="Trang 3").click()
    page.wait_for_url("**page=3**")
    assert "q=NGHEAN" in page.url and "status=untrained" in page.url
    assert page.input_value("input[name=q]") == "NGHEAN"
    assert page.locator("select[name=status]").input_value() == "untrained"
    page.screenshot(path=screenshot_dir / "people-search-page-3.png", full_page=True)
    assert codes(page) == expected[100:]
    pager = page.get_by_role("navigation", name="Các trang của danh sách cán bộ")
    pager.get_by_role("link", name="Trang trước").click()
    page.wait_for_url("**page=2**")
    assert seen + codes(page) == expected[:100]

    # The search box, its hint and the page links pass axe-core like the rest of the report.
    from tests.browser.test_accessibility import violations

    assert violations(page, page.url) == []
