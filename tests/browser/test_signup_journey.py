"""Done-when journey of the accounts: a new civil servant signs up by phone, confirms their roster match,
and sees their agency on their profile."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roster_entry(db):
    from agencies.models import StaffMember
    from agencies.services import AgencyKind, StaffCategory, create_agency, save_staff_member

    province = create_agency(code="UBND-NA", name="UBND tỉnh Nghệ An", kind=AgencyKind.PROVINCE)
    commune = create_agency(code="X-NAMDAN", name="Xã Nam Đàn", kind=AgencyKind.COMMUNE, parent=province)
    return save_staff_member(
        StaffMember(
            full_name="Hồ Thị Lan",
            staff_code="NA-2026-0042",
            phone="+84912345678",
            category=StaffCategory.CIVIL_SERVANT,
            position="Công chức Văn phòng - Thống kê",
            agency=commune,
        )
    )


def test_civil_servant_signs_up_by_phone_and_confirms_roster_match(page, live_server, roster_entry, screenshot_dir):
    from accounts import sms

    sms.outbox.clear()
    page.goto(live_server.url + "/accounts/signup/")
    assert page.locator("h1").inner_text() == "Đăng ký"
    page.fill("input[name=full_name]", "Hồ Thị Lan")
    page.fill("input[name=phone]", "0912 345 678")
    page.fill("input[name=password1]", "lan-hoc-ky-nang-so-2026")
    page.fill("input[name=password2]", "lan-hoc-ky-nang-so-2026")
    page.select_option("select[name=category]", "civil_servant")
    page.check("input[name=consent]")
    page.screenshot(path=screenshot_dir / "signup-phone.png", full_page=True)
    page.click("form.signup button[type=submit]")

    page.wait_for_url(re.compile(r"/accounts/phone/verify/$"))
    assert "Nhập mã xác minh số điện thoại" in page.content()
    (phone, message) = sms.outbox[-1]
    assert phone == "+84912345678"
    code = re.search(r"\b(\d{6})\b", message).group(1)
    page.fill("input[name=code]", code)
    page.screenshot(path=screenshot_dir / "signup-phone-code.png", full_page=True)
    page.click("button[type=submit]:has-text('Xác nhận')")

    page.wait_for_url(re.compile(r"/accounts/profile/roster/$"))
    question = page.locator(".roster-match .question")
    assert question.inner_text() == "Bạn có phải là Hồ Thị Lan, Xã Nam Đàn, mã cán bộ NA-2026-0042?"
    page.screenshot(path=screenshot_dir / "signup-roster-match.png", full_page=True)
    roster_entry.refresh_from_db()
    assert roster_entry.user_id is None
    page.click("button[value=confirm]")

    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    assert page.locator("[data-field=agency]").inner_text() == "Xã Nam Đàn"
    assert page.locator("[data-field=phone]").inner_text().startswith("0912 345 678")
    assert "NA-2026-0042" in page.locator("[data-field=roster]").inner_text()
    page.screenshot(path=screenshot_dir / "signup-profile.png", full_page=True)
    roster_entry.refresh_from_db()
    assert roster_entry.user.phone == "+84912345678"
