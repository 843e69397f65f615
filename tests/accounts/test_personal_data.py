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


def sha1_of(address):
    import hashlib

    return hashlib.sha1(f"mailto:{address}".encode()).hexdigest()  # noqa: S324 (the xAPI IFI)


def verb(slug):
    return {"id": f"http://adlnet.gov/expapi/verbs/{slug}", "display": {"vi-VN": slug}}


def activity(slug):
    return {"objectType": "Activity", "id": f"http://example.com/activities/{slug}"}


def test_every_statement_naming_the_learner_is_exported_then_erased(client, issued, other, settings):
    """Account, e-mail, sha1 sum and phone; actor, object, context, sub-statement, authority; the site, the
    learner's browser, launched content and an outside system: all exported, then none left after deletion."""
    import datetime
    import hashlib
    import uuid

    from allauth.account.models import EmailAddress

    from certificates.models import Certificate
    from courses.models import Completion
    from reporting.models import Target
    from reporting.services import Match, TargetKind, coverage
    from tests.xapi.support import LRS
    from xapi.models import Credential, Document, ErasureNotice, Statement, StatementAgent
    from xapi.services import actor_for, create_credential, launch_credential, record

    user = issued.learner
    user.phone, user.phone_verified = "+84912345678", True
    user.save()
    EmailAddress.objects.create(user=user, email="hoa@example.vn", verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="Hoa.Nguyen@NgheAn.gov.vn", verified=True, primary=False)
    EmailAddress.objects.create(user=user, email="chua-xac-minh@example.vn", verified=False, primary=False)
    target = Target.objects.create(
        code="thu", name="Thử", kind=TargetKind.PERCENTAGE, deadline=datetime.date(2030, 12, 31),
        staff_categories=["civil_servant"], match=Match.ANY,
    )  # fmt: skip
    target.courses.set([issued.course])

    def figures():
        return [(row.code, row.population, row.trained) for row in coverage(target).rows]

    coverage_before = figures()
    assert coverage_before == [("SKHCN", 1, 1)]
    expected = {str(s.statement_id) for s in Statement.objects.filter(user=user)}
    expected.add(str(record(user, "experienced", "https://kynangso.local/activities/mine").statement_id))

    # The learner's own browser: their account is the authority.
    client.force_login(user)
    own = client.post(
        "/xapi/statements",
        json.dumps({"actor": actor_for(user), "verb": verb("answered"), "object": activity("h5p/own")}),
        "application/json",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert own.status_code == 200, own.content
    expected |= set(own.json())

    # Content launched from a lesson, with its launch credential.
    _launch, key, secret = launch_credential(user, "http://example.com/activities/h5p/1", uuid.uuid4())
    launched = LRS(client, key, secret).store(
        {"actor": actor_for(user), "verb": verb("answered"), "object": activity("h5p/1")}
    )
    expected |= set(launched)

    # An outside system, naming the learner by what it knows.
    _credential, key, secret = create_credential("Hệ thống ngoài", scopes=["all"])
    outside = LRS(client, key, secret)
    teacher = {"objectType": "Agent", "name": "Giảng viên", "mbox": "mailto:giangvien@example.com"}
    by_mbox = {"objectType": "Agent", "name": "Nguyễn Thị Hoa", "mbox": "mailto:hoa@example.vn"}
    by_sha1 = {"objectType": "Agent", "mbox_sha1sum": sha1_of("hoa.nguyen@nghean.gov.vn")}
    by_phone = {"objectType": "Agent", "name": "Hoa", "openid": "tel:+84912345678"}
    work = b"bai lam"
    statements = [
        {"actor": by_mbox, "verb": verb("experienced"), "object": activity("outside/1")},
        {"actor": by_sha1, "verb": verb("experienced"), "object": activity("outside/2")},
        {"actor": by_phone, "verb": verb("experienced"), "object": activity("outside/3")},
        {"actor": teacher, "verb": verb("mentored"), "object": by_sha1},
        {"actor": teacher, "verb": verb("experienced"), "object": activity("outside/4"),
         "context": {"instructor": by_mbox}},
        {"actor": teacher, "verb": verb("experienced"), "object": activity("outside/5"),
         "context": {"team": {"objectType": "Group", "name": "Nhóm 1", "member": [teacher, by_phone]}}},
        {"actor": teacher, "verb": verb("planned"), "object": {
            "objectType": "SubStatement", "actor": {"mbox": "mailto:HOA@example.vn"}, "verb": verb("attended"),
            "object": activity("outside/6")}},
        {"actor": by_mbox, "verb": verb("attempted"), "object": activity("outside/7"), "attachments": [{
            "usageType": "http://example.com/attachments/work", "display": {"vi-VN": "Bài làm của hoa@example.vn"},
            "description": {"vi-VN": "Gọi 0912345678"}, "contentType": "text/plain", "length": len(work),
            "sha2": hashlib.sha256(work).hexdigest(), "fileUrl": "http://example.com/files/1"}]},
    ]  # fmt: skip
    ids = outside.store(*statements)
    expected |= set(ids)
    voiding = outside.store(
        {"actor": teacher, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
         "object": {"objectType": "StatementRef", "id": ids[0]}}
    )  # fmt: skip
    assert Statement.objects.get(statement_id=ids[0]).voided
    (with_context_agent,) = outside.store(
        {"actor": teacher, "verb": verb("experienced"), "object": activity("outside/8"),
         "context": {"contextAgents": [{"objectType": "contextAgent", "agent": by_phone}]}},
        version="2.0.0",
    )  # fmt: skip
    expected.add(with_context_agent)
    (not_theirs,) = outside.store(
        {"actor": {"mbox": "mailto:chua-xac-minh@example.vn"}, "verb": verb("experienced"),
         "object": activity("outside/9")}
    )  # fmt: skip
    # Their documents, by account, by e-mail and by phone.
    for agent, state_id in ((actor_for(user), "tien-do"), (by_mbox, "ghi-chu"), (by_phone, "hoa@example.vn")):
        response = outside.put(
            "activities/state", b'{"trang": 3}', content_type="application/json",
            params={"activityId": "http://example.com/activities/h5p/1", "agent": agent, "stateId": state_id},
        )  # fmt: skip
        assert response.status_code == 204, response.content
    response = outside.put(
        "agents/profile", b'{"a": 1}', content_type="application/json", params={"agent": by_sha1, "profileId": "p"}
    )
    assert response.status_code == 204, response.content

    client.force_login(user)
    exported = json.loads(client.get("/accounts/profile/export/").content)
    exported_ids = {s["id"] for s in exported["statements"]}
    assert exported_ids == expected
    assert not_theirs not in exported_ids and voiding[0] not in exported_ids

    certificates = list(Certificate.objects.values_list("pk", "code", "revoked_at"))
    completions = Completion.objects.count()
    total = Statement.objects.count()
    response = client.post("/accounts/profile/delete/", {"password": "mat-khau-rat-dai-2026", "confirm": "on"})
    assert response["Location"] == "/"

    identifiers = [
        str(user.public_id), user.public_id.hex, "hoa@example.vn", "hoa.nguyen@nghean.gov.vn", "+84912345678",
        "0912345678", sha1_of("hoa@example.vn"), sha1_of("hoa.nguyen@nghean.gov.vn"),
        sha1_of("Hoa.Nguyen@NgheAn.gov.vn"), "nguyễn thị hoa",
    ]  # fmt: skip

    def holding(texts):
        return [(i, t) for t in texts for i in identifiers if i in t.lower()]

    assert Statement.objects.count() == total
    anonymised = [s for s in Statement.objects.all() if s.statement_id != uuid.UUID(not_theirs)]
    assert not holding(json.dumps(s.data, ensure_ascii=False) for s in anonymised)
    assert not holding(Statement.objects.values_list("actor_ifi", flat=True))
    assert not holding(Statement.objects.values_list("object_ifi", flat=True))
    assert not holding(StatementAgent.objects.values_list("ifi", flat=True))
    assert not holding(Credential.objects.values_list("name", flat=True))
    assert not holding(Document.objects.values_list("agent_ifi", flat=True))
    assert not holding(Document.objects.values_list("document_id", flat=True))
    assert not Document.objects.filter(kind__in=["state", "agent_profile"]).exists()
    assert not Credential.objects.filter(owner=user).exists()
    assert Statement.objects.get(statement_id=launched[0]).credential_id is None
    # One anonymous agent per learner, wherever they appeared; nothing was forwarded.
    names = {s.data["actor"]["account"]["name"] for s in Statement.objects.filter(statement_id__in=ids[:3])}
    assert len(names) == 1 and names.pop().startswith("anonymous:")
    assert Statement.objects.get(statement_id=ids[0]).voided
    assert not ErasureNotice.objects.exists()
    # An address never verified was not theirs to erase; another learner's statements are untouched.
    assert Statement.objects.get(statement_id=not_theirs).data["actor"]["mbox"] == "mailto:chua-xac-minh@example.vn"
    assert Statement.objects.filter(user=other).count() == 1
    # The records stay true.
    assert list(Certificate.objects.values_list("pk", "code", "revoked_at")) == certificates
    assert Completion.objects.count() == completions
    assert figures() == coverage_before


def test_every_app_holding_personal_data_registers_its_part():
    """accounts asks no app directly: a part missing from the registry would silently drop out of the
    export and survive erasure."""
    from accounts.personal_data import registered_parts

    assert set(registered_parts()) == {"roster_entry", "statements", "enrolments", "certificates"}
