"""Matching a new account to its roster entry: offered only on proof, linked only on confirmation."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from agencies.linking.learner import confirm_roster_match, roster_candidates

from .conftest import last_code

pytestmark = pytest.mark.django_db

QUESTION = "Bạn có phải là Nguyễn Văn An, Sở Khoa học và Công nghệ, mã cán bộ KHCN-001?"


def phone_sign_up(client, signup, phone="0912 345 678", **fields):
    signup(phone=phone, **fields)
    return client.post("/accounts/phone/verify/", {"code": last_code("+84912345678")})


def test_verified_phone_on_the_roster_is_offered_and_linked_only_on_confirmation(client, signup, make_staff):
    staff = make_staff(phone="+84912345678")
    response = phone_sign_up(client, signup)
    assert response["Location"] == "/accounts/profile/roster/"
    page = client.get("/accounts/profile/roster/").content.decode()
    assert QUESTION in page
    staff.refresh_from_db()
    assert staff.user is None  # shown, not taken
    response = client.post("/accounts/profile/roster/", {"action": "confirm", "staff": staff.pk})
    assert response["Location"] == "/accounts/profile/"
    staff.refresh_from_db()
    assert staff.user == User.objects.get()
    profile = client.get("/accounts/profile/").content.decode()
    assert "Sở Khoa học và Công nghệ" in profile
    assert "KHCN-001" in profile
    assert User.objects.get().learner_profile.category == "civil_servant"


def test_not_me_stops_the_offer(client, signup, make_staff):
    staff = make_staff(phone="+84912345678")
    phone_sign_up(client, signup)
    response = client.post("/accounts/profile/roster/", {"action": "decline"})
    assert response["Location"] == "/accounts/profile/"
    staff.refresh_from_db()
    assert staff.user is None
    assert roster_candidates(User.objects.get()) == []
    assert QUESTION not in client.get("/accounts/profile/roster/").content.decode()


def test_staff_code_alone_is_not_enough(client, signup, make_staff):
    make_staff(phone="+84987654321", email="an@skhcn.gov.vn", full_name="Trần Văn Bình")
    phone_sign_up(client, signup, staff_code="khcn-001")
    assert roster_candidates(User.objects.get()) == []
    assert (
        QUESTION.replace("Nguyễn Văn An", "Trần Văn Bình")
        not in client.get("/accounts/profile/roster/").content.decode()
    )


def test_staff_code_with_the_same_name_is_only_a_request_to_the_hr_officer(client, signup, make_staff):
    """Staff codes are short and often sequential: a name that agrees proves nothing either."""
    from agencies.models import RosterLinkRequest

    staff = make_staff(phone="+84987654321")
    phone_sign_up(client, signup, staff_code=" khcn-001 ")
    assert roster_candidates(User.objects.get()) == []
    page = client.get("/accounts/profile/roster/").content.decode()
    assert QUESTION not in page and "Đề nghị cán bộ tổ chức liên kết tài khoản của tôi" in page
    client.post("/accounts/profile/roster/", {"action": "request"})
    client.post("/accounts/profile/roster/", {"action": "request"})  # twice: still one request
    assert RosterLinkRequest.objects.get().staff == staff
    staff.refresh_from_db()
    assert staff.user is None


def test_a_request_for_an_unknown_code_reads_the_same_and_files_nothing(client, signup, make_staff):
    from agencies.models import RosterLinkRequest

    make_staff()
    phone_sign_up(client, signup, staff_code="KHCN-999")
    response = client.post("/accounts/profile/roster/", {"action": "request"}, follow=True)
    assert "Đã gửi yêu cầu" in response.content.decode()
    assert not RosterLinkRequest.objects.exists()


def test_an_unverified_email_is_not_proof(db, make_staff):
    make_staff(email="an@skhcn.gov.vn")
    user = User.objects.create_user(username="an", email="an@skhcn.gov.vn", password="x-kns-2026-dai")
    address = EmailAddress.objects.create(user=user, email="an@skhcn.gov.vn", verified=False, primary=True)
    assert roster_candidates(user) == []
    address.verified = True
    address.save()
    assert [entry.staff_code for entry in roster_candidates(user)] == ["KHCN-001"]


def test_an_entry_that_has_an_account_cannot_be_taken(client, signup, make_staff):
    owner = User.objects.create_user(username="owner", password="x-kns-2026-dai")
    staff = make_staff(phone="+84912345678", user=owner)
    response = phone_sign_up(client, signup)
    assert response["Location"] == "/vao/"  # lands by role (lms.views.landing)
    newcomer = User.objects.get(phone="+84912345678")
    assert roster_candidates(newcomer) == []
    # Guessing the entry's id does not help either.
    response = client.post("/accounts/profile/roster/", {"action": "confirm", "staff": staff.pk}, follow=True)
    assert response.status_code == 200
    assert "Không thể liên kết hồ sơ này" in response.content.decode()
    staff.refresh_from_db()
    assert staff.user == owner


def test_one_entry_one_account(client, signup, make_staff, django_user_model):
    """Two accounts that could both prove the entry: the second one is refused once the first confirmed."""
    staff = make_staff(phone="+84912345678", email="an@skhcn.gov.vn")
    first = django_user_model.objects.create_user(username="first", email="an@skhcn.gov.vn", password="x-kns-2026-d")
    EmailAddress.objects.create(user=first, email="an@skhcn.gov.vn", verified=True, primary=True)
    phone_sign_up(client, signup)
    second = User.objects.get(phone="+84912345678")
    assert roster_candidates(second) == [staff]
    confirm_roster_match(first, staff.pk)
    response = client.post("/accounts/profile/roster/", {"action": "confirm", "staff": staff.pk}, follow=True)
    assert "Không thể liên kết hồ sơ này" in response.content.decode()
    staff.refresh_from_db()
    assert staff.user == first


@pytest.mark.parametrize("data", [{"action": "confirm", "staff": "abc"}, {"action": "confirm"}, {"action": "x"}])
def test_bad_posts_change_nothing(client, signup, make_staff, data):
    staff = make_staff(phone="+84912345678")
    phone_sign_up(client, signup)
    response = client.post("/accounts/profile/roster/", data, follow=True)
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.user is None
