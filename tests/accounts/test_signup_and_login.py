"""Sign-up and sign-in by Vietnamese mobile number or e-mail, verification, consent, rate limits."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts import sms
from accounts.models import LearnerProfile, User

from .conftest import last_code

pytestmark = pytest.mark.django_db


def sign_up_by_phone(client, signup, phone="0912 345 678", **fields):
    response = signup(phone=phone, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/accounts/phone/verify/"
    code = last_code("+84912345678")
    return client.post("/accounts/phone/verify/", {"code": code})


def test_sign_up_by_phone_verifies_the_number_by_sms_code(client, signup):
    response = sign_up_by_phone(client, signup)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.phone == "+84912345678"
    assert user.phone_verified
    assert user.full_name == "Nguyễn Văn An"
    assert user.email == ""
    assert "Kỹ Năng Số" in sms.outbox[0][1]
    # Signed in and on the site: the profile shows the number the way people write it.
    page = client.get("/accounts/profile/")
    assert page.status_code == 200
    assert "0912 345 678" in page.content.decode()
    assert mail.outbox == []


def test_a_wrong_code_does_not_verify(client, signup):
    signup(phone="0912345678")
    code = last_code("+84912345678")
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/accounts/phone/verify/", {"code": wrong})
    assert response.status_code == 200
    assert not User.objects.get().phone_verified
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("typed", ["0912 345 678", "+84912345678", "0912.345.678"])
def test_sign_in_by_phone_in_any_usual_form(client, signup, typed):
    sign_up_by_phone(client, signup)
    client.logout()
    response = client.post("/accounts/login/", {"login": typed, "password": "hoc-ky-nang-so-2026"})
    assert response.status_code == 302
    assert response["Location"] == "/vao/"  # lands by role (lms.views.landing)
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


def test_an_unverified_phone_must_be_verified_at_sign_in(client, signup):
    signup(phone="0912345678")
    client.logout()
    sms.outbox.clear()
    from django.core.cache import cache

    cache.clear()  # the 30-second limit on codes for one number
    response = client.post("/accounts/login/", {"login": "0912345678", "password": "hoc-ky-nang-so-2026"})
    assert response["Location"] == "/accounts/phone/verify/"
    assert "_auth_user_id" not in client.session
    assert last_code("+84912345678")


def test_invalid_phone_gets_a_vietnamese_message_and_creates_nothing(client, signup):
    response = signup(phone="12345")
    assert response.status_code == 200
    assert "không phải là số điện thoại Việt Nam hợp lệ" in response.content.decode()
    assert not User.objects.exists()


def test_phone_or_email_is_needed(client, signup):
    response = signup()
    assert response.status_code == 200
    assert "Nhập số điện thoại di động hoặc địa chỉ e-mail" in response.content.decode()
    assert not User.objects.exists()


def test_consent_is_required(client, signup):
    response = signup(phone="0912345678", consent="")
    assert response.status_code == 200
    assert "Bạn phải đồng ý với thông báo về quyền riêng tư" in response.content.decode()
    assert not User.objects.exists()
    assert sms.outbox == []


def test_consent_is_recorded_with_category_and_organisation(client, signup):
    sign_up_by_phone(client, signup, category="cooperative", organisation="HTX  Nông sản Nam Đàn")
    profile = LearnerProfile.objects.get()
    assert profile.category == "cooperative"
    assert profile.organisation == "HTX Nông sản Nam Đàn"
    assert profile.consent_at is not None
    assert profile.consent_version == "2026-01"


def test_email_sign_up_needs_the_link_in_the_email(client, signup):
    response = signup(email="An.Nguyen@Example.vn", category="student")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    # Not verified: signing in sends the learner back to verification.
    response = client.post("/accounts/login/", {"login": "an.nguyen@example.vn", "password": "hoc-ky-nang-so-2026"})
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    # The link verifies the address and lets them in.
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/confirm-email/" in line)
    path = link[link.index("/accounts/confirm-email/") :].strip()
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(email="an.nguyen@example.vn").verified
    response = client.post("/accounts/login/", {"login": "an.nguyen@example.vn", "password": "hoc-ky-nang-so-2026"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


def test_pages_are_in_vietnamese(client):
    page = client.get("/accounts/signup/").content.decode()
    assert "Đăng ký" in page
    assert 'href="/privacy/"' in page
    privacy = client.get("/privacy/").content.decode()
    assert "Thông báo về quyền riêng tư" in privacy
    login = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in login


def test_failed_sign_ins_are_rate_limited(client, signup):
    sign_up_by_phone(client, signup)
    client.logout()
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "0912345678", "password": "wrong-password"})
        assert response.status_code == 200
    # Even the right password is refused now, for this login.
    response = client.post("/accounts/login/", {"login": "0912345678", "password": "hoc-ky-nang-so-2026"})
    assert "_auth_user_id" not in client.session
    assert "Bạn đã đăng nhập không thành công quá nhiều lần" in response.content.decode()
    # The limit is per login: after it expires (the cache is cleared here) the right password works.
    from django.core.cache import cache

    cache.clear()
    client.post("/accounts/login/", {"login": "0912345678", "password": "hoc-ky-nang-so-2026"})
    assert "_auth_user_id" in client.session


def test_code_requests_are_rate_limited(client, signup):
    signup(phone="0912345678")
    assert len(sms.outbox) == 1
    response = client.post("/accounts/phone/verify/", {"action": "resend"})
    # A second code for the same number within 30 seconds is refused and no SMS goes out.
    assert response.status_code in (302, 429)
    assert len(sms.outbox) == 1
    # Once the window has passed (the counters are cleared here), a new code is sent.
    from django.core.cache import cache

    cache.clear()
    client.post("/accounts/phone/verify/", {"action": "resend"})
    assert len(sms.outbox) == 2
