"""The demo as `make run` shows it, in Debian's Chromium: the demo HR officer signs in and finds their
department partly trained, with a year of coverage on the trend chart."""

from io import StringIO

import pytest

from tests.browser.journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_hr_officer_sees_a_year_of_coverage(page, live_server, screenshot_dir):
    from django.core.management import call_command

    call_command("seed_demo", "--allow-production", stdout=StringIO())
    base = live_server.url
    sign_in(page, base, "hr.skhcn@kynangso.local", "hr-kns-2026")

    page.goto(f"{base}/reports/coverage/?target=ky-nang-so")
    department = page.locator("li.node[data-code='SKHCN']")
    population = int(department.get_attribute("data-population"))
    trained = int(department.get_attribute("data-trained"))
    assert 0 < trained < population
    trend = page.locator("section#trend")
    assert trend.locator("svg polyline").count() == 1
    assert "13" in trend.inner_text()  # twelve month-ends and today
    page.screenshot(path=screenshot_dir / "demo-coverage.png", full_page=True)
