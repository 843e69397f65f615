"""Small things a new user trips over, in Debian's Chromium: the wrong-password message, the catalogue's
audience filter, sign-up errors beside their own field, the demo household-business learner's profile and
the favicon. (E-mail greetings and seed_demo's summary are checked without a browser: tests/test_small_things.py
and tests/test_home.py.)"""

import pytest

from tests.browser.journeys import LEARNER_EMAIL, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def field_errors(page, name):
    """The errors inside the field's own box, with its label and input (a list inside a <p> would be pushed out
    of it by the browser's parser, away from its field)."""
    return page.locator(f"form .field:has([name={name}]) .errorlist").all_inner_texts()


def test_the_small_things_a_new_user_trips_over(page, live_server, demo_site, screenshot_dir):
    base = live_server.url

    # A wrong password: the message says a phone number signs in too.
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", LEARNER_EMAIL)
    page.fill("input[name=password]", "sai-mat-khau-1")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    error = page.locator("main form .errorlist, main form [role=alert]").first.inner_text()
    assert "số điện thoại" in error and "mật khẩu" in error, error
    page.screenshot(path=screenshot_dir / "login-wrong-password.png", full_page=True)

    # The catalogue's audience filter names each audience once.
    page.goto(base + "/khoa-hoc/")
    labels = [label.strip() for label in page.locator("#id_audience option").all_inner_texts()]
    assert len(labels) >= 3 and len(labels) == len(set(labels)), labels
    page.screenshot(path=screenshot_dir / "catalogue-audience-filter.png", full_page=True)

    # Sign-up errors sit with the field they are about, not in a heap above the form.
    page.goto(base + "/accounts/signup/")
    page.fill("input[name=full_name]", "Hồ Thị Lan")
    page.fill("input[name=email]", "lan-khong-phai-email")
    page.fill("input[name=password1]", "lan-hoc-ky-nang-so-2026")
    page.fill("input[name=password2]", "lan-hoc-ky-nang-so-2027")
    page.click("form.signup button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/signup/" in page.url
    assert field_errors(page, "email") and field_errors(page, "password2") and field_errors(page, "consent")
    assert field_errors(page, "full_name") == [] and field_errors(page, "password1") == []
    assert page.locator("form.signup > .errors").count() == 0
    page.screenshot(path=screenshot_dir / "signup-errors-by-field.png", full_page=True)

    # The demo household-business learner's profile says who they are.
    sign_in(page, base, "hokinhdoanh@kynangso.local", "hokinhdoanh-kns-2026")
    page.goto(base + "/accounts/profile/")
    category = page.locator("[data-field=category]").inner_text().strip()
    assert category != "—" and "hộ kinh doanh" in category.lower(), category
    page.screenshot(path=screenshot_dir / "profile-household-business.png", full_page=True)

    # Browsers ask for /favicon.ico whatever the page says: it is there.
    response = page.request.get(base + "/favicon.ico")
    assert response.status == 200 and response.headers["content-type"].startswith("image/")
