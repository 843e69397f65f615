"""The certificate journey in Debian's Chromium, continuing the course journey: the civil servant who passed
the digital-skills course downloads the certificate's PDF, opens the verify URL printed under its QR code and
sees it valid; an administrator revokes it in the Wagtail admin and the verify page then says revoked."""

import io
import json
import re
from pathlib import Path

import pytest

from tests.browser.journeys import COURSE, LEARNER_EMAIL, LEARNER_PASSWORD, pass_the_digital_skills_course, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEARNER_NAME = "Lê Văn Học"  # seed_demo's learner
ADMIN_EMAIL = "quantri.chungnhan@kynangso.local"
ADMIN_PASSWORD = "quantri-chungnhan-2026"  # noqa: S105
REASON = "Cấp nhầm: kết quả bài kiểm tra cuối khóa đang được rà soát lại"


@pytest.fixture
def site_url_is_live_server(settings, live_server):
    """The URL printed on the PDF (and encoded in its QR code) must open in the test's browser."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def verify_not_rate_limited():
    """The verify page counts look-ups per client address; other tests on a shared cache may have spent
    127.0.0.1's allowance for the current window."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from certificates.views import RATE_WINDOW, _rate_key

    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    key = _rate_key(request)
    window = int(key.rsplit(":", 1)[1])
    cache.delete_many([f"{key.rsplit(':', 1)[0]}:{w}" for w in (window, window + 1)])
    return RATE_WINDOW


@pytest.fixture
def administrator(db):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser(
        username="quantri-chungnhan", email=ADMIN_EMAIL, password=ADMIN_PASSWORD, full_name="Trần Thị Quản Trị"
    )
    EmailAddress.objects.create(user=user, email=ADMIN_EMAIL, verified=True, primary=True)
    return user


def pdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_learner_downloads_and_verifies_the_certificate_and_an_administrator_revokes_it(
    page,
    browser,
    live_server,
    demo_site,
    eager_celery,
    site_url_is_live_server,
    verify_not_rate_limited,
    administrator,
    screenshot_dir,
):
    from django.utils import timezone

    from certificates.models import Certificate

    base = live_server.url
    sign_in(page, base, LEARNER_EMAIL, LEARNER_PASSWORD)
    course = pass_the_digital_skills_course(page, base, screenshot_dir)

    # The passed quiz leads to the completion page, which links the certificate issued on completion.
    page.click(".quiz-result a.button[href$='/hoan-thanh/']")
    page.wait_for_load_state()
    assert "completion" in (page.get_attribute("body", "class") or "")
    certificate = Certificate.objects.get(learner__email=LEARNER_EMAIL, course=course)
    pdf_href = f"/certificates/{certificate.code}.pdf"
    link = page.locator(f".completion-card .actions a[href='{pdf_href}']")
    assert link.inner_text() == "Tải chứng nhận (PDF)"
    page.screenshot(path=screenshot_dir / "certificate-completion.png", full_page=True)

    # "My learning" shows the same link under the completed course.
    page.click("nav.site-nav a[href='/khoa-hoc/cua-toi/']")
    page.wait_for_load_state()
    completed = page.locator("section[aria-labelledby=completed]")
    assert COURSE in completed.inner_text()
    assert completed.locator(f"a[href='{pdf_href}']").count() == 1
    page.screenshot(path=screenshot_dir / "certificate-my-learning.png", full_page=True)

    with page.expect_download() as download_info:
        completed.locator(f"a[href='{pdf_href}']").click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.code}.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    (screenshot_dir / "certificate.pdf").write_bytes(data)
    text = pdf_text(data)
    assert LEARNER_NAME in text
    assert COURSE in text
    printed = re.search(re.escape(base) + r"/certificates/verify/([A-Z0-9-]+)/", text)
    assert printed, f"the verify URL is not printed on the PDF:\n{text}"
    verify_url, code = printed.group(0), printed.group(1)
    assert code == certificate.code

    # "My certificates" lists it: code (linked to its verify page), dates, status, PDF and badge downloads.
    page.click("nav.site-nav a[href='/certificates/mine/']")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Chứng nhận của tôi"
    row = page.locator(f"table.certificates-mine tr[data-code='{certificate.code}']")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == COURSE and cells[1] == certificate.code
    assert cells[2] == certificate.issued_on.strftime("%d/%m/%Y")
    assert cells[3] == (certificate.expires_on.strftime("%d/%m/%Y") if certificate.expires_on else "không thời hạn")
    assert cells[4].strip() == "còn hiệu lực"
    assert row.get_by_role("link", name=certificate.code).get_attribute("href") == (
        f"/certificates/verify/{certificate.code}/"
    )
    assert row.get_by_role("link", name="PDF", exact=True).get_attribute("href") == pdf_href
    page.screenshot(path=screenshot_dir / "my-certificates.png", full_page=True)
    with page.expect_download() as badge_info:
        row.get_by_role("link", name="huy hiệu (JSON)").click()
    assert badge_info.value.suggested_filename == f"{certificate.code}.json"  # a file to keep, not a page
    badge = json.loads(Path(badge_info.value.path()).read_text())
    assert badge["credentialSubject"]["name"] == LEARNER_NAME
    assert "OpenBadgeCredential" in badge["type"]

    # The QR code's URL is public: it opens without signing in.
    visitor_context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    visitor = visitor_context.new_page()
    visitor.goto(verify_url)
    assert visitor.url == verify_url
    assert visitor.locator(".certificate-verify").get_attribute("data-status") == "valid"
    assert visitor.locator("#certificate-status").inner_text() == "Chứng nhận này còn hiệu lực."
    assert visitor.locator("#certificate-name").inner_text() == LEARNER_NAME
    assert code in visitor.locator(".facts").inner_text()
    assert visitor.locator("#signature").inner_text() == "đã xác minh (Ed25519)"
    visitor.screenshot(path=screenshot_dir / "certificate-verify-valid.png", full_page=True)

    # Someone holding the printed certificate follows the footer's link and types its code.
    visitor.goto(base + "/")
    visitor.locator("footer").get_by_role("link", name="Kiểm tra chứng nhận").click()
    visitor.wait_for_url(re.compile(r"/certificates/verify/$"))
    visitor.get_by_label("Mã in trên chứng nhận").fill(code.lower())
    visitor.screenshot(path=screenshot_dir / "certificate-verify-type-code.png", full_page=True)
    visitor.locator("form.verify-code button[type=submit]").click()
    visitor.wait_for_url(verify_url)
    assert visitor.locator(".certificate-verify").get_attribute("data-status") == "valid"

    # An administrator finds the certificate in the Wagtail admin and revokes it with a reason.
    admin_context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    admin = admin_context.new_page()
    sign_in(admin, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    admin.goto(base + "/admin/")
    admin.locator("#wagtail-sidebar").get_by_role("link", name="Chứng nhận", exact=True).click()
    admin.wait_for_url(re.compile(r"/admin/certificates/issued/$"))
    row = admin.locator("table.listing tbody tr", has_text=code)
    assert row.count() == 1
    assert "còn hiệu lực" in row.inner_text()
    admin.screenshot(path=screenshot_dir / "certificate-admin-listing.png", full_page=True)
    row.locator("[data-controller~='w-dropdown'] [data-w-dropdown-target='toggle']").click()
    admin.get_by_role("link", name="Thu hồi", exact=True).click()
    admin.wait_for_url(re.compile(rf"/admin/certificates/issued/revoke/{certificate.pk}/$"))
    admin.locator("textarea[name=reason]").fill(REASON)
    admin.screenshot(path=screenshot_dir / "certificate-admin-revoke.png", full_page=True)
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/certificates/issued/$"))
    assert f"Đã thu hồi chứng nhận {code}." in admin.locator(".messages").inner_text()
    assert "đã thu hồi" in admin.locator("table.listing tbody tr", has_text=code).inner_text()
    admin.screenshot(path=screenshot_dir / "certificate-admin-revoked.png", full_page=True)
    admin_context.close()

    # The same verify URL now says revoked, with the date and the reason.
    certificate.refresh_from_db()
    assert certificate.revoked_reason == REASON
    visitor.goto(verify_url)
    assert visitor.locator(".certificate-verify").get_attribute("data-status") == "revoked"
    revoked_on = timezone.localtime(certificate.revoked_at).strftime("%d/%m/%Y")
    assert visitor.locator("#certificate-status").inner_text() == f"Chứng nhận này đã bị thu hồi ngày {revoked_on}."
    assert "Lý do: " + REASON in visitor.locator(".certificate-verify").inner_text()
    assert "Chứng nhận này còn hiệu lực." not in visitor.content()
    visitor.screenshot(path=screenshot_dir / "certificate-verify-revoked.png", full_page=True)
    visitor_context.close()

    # The learner's list says so too, with the reason, and no longer offers the revoked PDF.
    page.reload()
    row = page.locator(f"table.certificates-mine tr[data-code='{certificate.code}']")
    assert row.get_attribute("data-status") == "revoked"
    assert "đã thu hồi" in row.inner_text() and REASON in row.inner_text()
    assert row.locator(f"a[href='{pdf_href}']").count() == 0
    page.screenshot(path=screenshot_dir / "my-certificates-revoked.png", full_page=True)
