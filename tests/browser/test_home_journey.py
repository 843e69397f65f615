"""Browser journeys in Debian's Chromium. Later journeys (sign-up, courses, reports) sit beside this one."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_switches_language(page, live_server, home_site, screenshot_dir):
    page.goto(live_server.url + "/")
    heading = page.locator("h1")
    assert heading.inner_text() == "Kỹ năng số cho mọi cán bộ, công chức, viên chức Nghệ An"
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot(path=screenshot_dir / "home-vi.png", full_page=True)

    page.click("button[data-lang=en]")
    page.wait_for_load_state()
    assert heading.inner_text() == "Digital skills for every cadre, civil servant and public employee of Nghệ An"
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=screenshot_dir / "home-en.png", full_page=True)

    page.click("button[data-lang=vi]")
    page.wait_for_load_state()
    assert heading.inner_text().startswith("Kỹ năng số")


def test_home_page_fits_a_phone(browser, live_server, home_site, screenshot_dir):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    assert phone.locator("a[href='/accounts/login/']").first.is_visible()
    phone.screenshot(path=screenshot_dir / "home-phone.png", full_page=True)
    context.close()
