"""A learner's personal data: the JSON export, and deleting the account."""

import json

import pytest

from accounts.models import LearnerProfile, User
from accounts.services import set_learner_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(django_user_model):
    from xapi.services import record

    user = django_user_model.objects.create_user(
        username="khac", email="khac@example.vn", password="mat-khau-rat-dai-2026", full_name="Người Khác"
    )
    record(user, "experienced", "https://kynangso.local/activities/other-secret")
    return user


def test_export_has_the_learners_data_and_nothing_of_others(client, issued, other):
    from xapi.services import record

    user = issued.learner
    set_learner_profile(user, "civil_servant", "Sở KHCN")
    record(user, "experienced", "https://kynangso.local/activities/mine")
    client.force_login(user)
    response = client.get("/accounts/profile/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["full_name"] == "Nguyễn Thị Hoa"
    assert data["account"]["email"] == "hoa@example.vn"
    assert data["profile"]["category"] == "civil_servant"
    assert data["profile"]["consent_version"] == "2026-01"
    assert data["roster_entry"]["staff_code"] == "CB001"
    assert data["roster_entry"]["agency_name"] == "Sở Khoa học và Công nghệ"
    assert [c["code"] for c in data["certificates"]] == [issued.code]
    assert data["enrolments"][0]["course"] == "An toàn thông tin cơ bản"
    assert data["enrolments"][0]["completed_at"]
    objects = [s["object"]["id"] for s in data["statements"]]
    assert "https://kynangso.local/activities/mine" in objects
    text = response.content.decode()
    assert "other-secret" not in text
    assert "khac@example.vn" not in text
    assert "Người Khác" not in text


def test_export_needs_sign_in(client):
    response = client.get("/accounts/profile/export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deleting_anonymises_statements_and_keeps_certificates_and_completions(client, issued, other):
    from certificates.models import Certificate
    from courses.models import Completion
    from xapi.models import Statement
    from xapi.services import record

    user = issued.learner
    user.phone, user.phone_verified = "+84912345678", True
    user.save()
    record(user, "experienced", "https://kynangso.local/activities/mine")
    mine_before = Statement.objects.filter(user=user).count()
    assert mine_before > 1
    completions = Completion.objects.filter(enrolment__user=user).count()
    assert completions == 1
    client.force_login(user)
    page = client.get("/accounts/profile/delete/")
    assert "Xóa tài khoản của tôi" in page.content.decode()
    # The wrong password changes nothing.
    response = client.post("/accounts/profile/delete/", {"password": "sai", "confirm": "on"})
    assert response.status_code == 200
    assert "Mật khẩu không đúng" in response.content.decode()
    assert User.objects.get(pk=user.pk).is_active
    response = client.post("/accounts/profile/delete/", {"password": "mat-khau-rat-dai-2026", "confirm": "on"})
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    # Certificates and completions are kept as records; the account is scrubbed and can no longer sign in.
    assert Certificate.objects.filter(pk=issued.pk).exists()
    assert Completion.objects.count() == completions
    scrubbed = User.objects.get(pk=user.pk)
    assert not scrubbed.is_active
    assert (scrubbed.full_name, scrubbed.email, scrubbed.phone) == ("", "", None)
    assert not scrubbed.has_usable_password()
    # Statements: none point at the person any more, the learning itself stays.
    assert Statement.objects.filter(user=user).count() == 0
    anonymous = Statement.objects.filter(data__actor__account__name__startswith="anonymous:")
    assert anonymous.count() == mine_before
    assert not Statement.objects.filter(data__actor__name="Nguyễn Thị Hoa").exists()
    # Other learners are untouched.
    assert Statement.objects.filter(user=other).count() == 1
    assert User.objects.get(pk=other.pk).is_active


def test_an_account_without_records_is_deleted(client, django_user_model):
    from xapi.models import Statement
    from xapi.services import record

    user = django_user_model.objects.create_user(
        username="moi", email="moi@example.vn", password="mat-khau-rat-dai-2026", full_name="Người Mới"
    )
    set_learner_profile(user, "student", "Đại học Vinh")
    record(user, "experienced", "https://kynangso.local/activities/intro")
    client.force_login(user)
    response = client.post("/accounts/profile/delete/", {"password": "mat-khau-rat-dai-2026", "confirm": "on"})
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not LearnerProfile.objects.exists()
    assert Statement.objects.count() == 1
    assert Statement.objects.get().data["actor"]["account"]["name"].startswith("anonymous:")


def test_deleting_needs_the_confirmation(client, django_user_model):
    user = django_user_model.objects.create_user(username="moi", password="mat-khau-rat-dai-2026")
    client.force_login(user)
    response = client.post("/accounts/profile/delete/", {"password": "mat-khau-rat-dai-2026"})
    assert response.status_code == 200
    assert "Hãy đánh dấu ô này để xác nhận" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
