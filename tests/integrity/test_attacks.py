"""The six ways a learner or a tool could make proof of training appear without training, tried over HTTP.

Each attack is made the way an attacker would make it: a signed-in browser session with its CSRF token,
or an LRS credential over HTTP Basic. The LRS stores what is well formed; nothing here may move
progress, complete a course or leave a valid certificate behind.
"""

import json

import pytest

from .support import NOTHING, Browser, agent, basic_auth, course_run, new_registration, proof_of, statement

pytestmark = pytest.mark.django_db


def test_1_a_learner_off_the_roster_cannot_enrol_pass_and_certify_through_the_session(cs_course, learner, on_commit):
    from courses.services import course_activity_id
    from xapi.models import Statement

    course, lessons = cs_course
    registration = new_registration()
    forged = [statement(learner, "registered", course_activity_id(course), registration)]
    forged += course_run(learner, lessons, registration, {"score": {"scaled": 0}, "success": True, "completion": True})
    response = on_commit(Browser(learner).post_statements, *forged)
    assert response.status_code == 200, response.content  # stored: the LRS keeps every well-formed claim
    assert Statement.objects.filter(user=learner, source="session").count() == len(forged)
    assert proof_of(learner, course) == NOTHING


def test_1b_session_statements_never_move_an_enrolled_learners_progress(cs_course, civil_servant, on_commit):
    from courses.models import LessonProgress
    from courses.services import enrol

    course, lessons = cs_course
    enrolment = enrol(civil_servant, course)
    forged = course_run(civil_servant, lessons, enrolment.registration, {"score": {"scaled": 1.0}, "success": True})
    assert on_commit(Browser(civil_servant).post_statements, *forged).status_code == 200
    assert not LessonProgress.objects.filter(enrolment=enrolment).exists()
    assert proof_of(civil_servant, course) == {"enrolled": True, "completed": False, "valid_certificates": 0}


def test_2_a_course_completed_statement_from_the_session_completes_nothing(cs_course, civil_servant, on_commit):
    from courses.services import course_activity_id, enrol
    from xapi.models import Statement

    course, _lessons = cs_course
    enrolment = enrol(civil_servant, course)
    browser = Browser(civil_servant)
    done = {"completion": True, "success": True, "score": {"scaled": 1.0}}
    response = on_commit(
        browser.post_statements,
        statement(civil_servant, "registered", course_activity_id(course), new_registration()),
        statement(civil_servant, "completed", course_activity_id(course), enrolment.registration, result=done),
    )
    assert response.status_code == 200
    stored = Statement.objects.filter(user=civil_servant, source="session").latest("id")
    # The learner vouches for it, not the site.
    assert stored.data["authority"]["account"]["name"] == str(civil_servant.public_id)
    assert proof_of(civil_servant, course) == {"enrolled": True, "completed": False, "valid_certificates": 0}
    from certificates.services import sweep

    sweep()
    assert proof_of(civil_servant, course)["valid_certificates"] == 0


def test_3_a_write_only_credential_without_owner_cannot_certify_another_user(
    client, cs_course, civil_servant, make_learner, on_commit
):
    from courses.services import course_activity_id, enrol
    from xapi.services import create_credential

    course, lessons = cs_course
    enrolment = enrol(civil_servant, course)
    _credential, key, secret = create_credential("công cụ lạ", scopes=["statements/write"])
    auth = basic_auth(key, secret)
    run = course_run(civil_servant, lessons, enrolment.registration, {"score": {"scaled": 1.0}, "success": True})
    run.append(statement(civil_servant, "completed", course_activity_id(course), enrolment.registration))
    response = on_commit(client.post, "/xapi/statements", json.dumps(run), "application/json", **auth)
    assert response.status_code == 200
    assert proof_of(civil_servant, course) == {"enrolled": True, "completed": False, "valid_certificates": 0}
    # Nor may it read who is who.
    agents = client.get("/xapi/agents", {"agent": json.dumps(agent(civil_servant))}, **auth)
    assert agents.status_code == 403 and agents.json()["error"] is True


def test_3b_the_badge_does_not_publish_the_learners_account_id(client, cs_course, civil_servant, on_commit):
    course, lessons = cs_course
    browser = Browser(civil_servant)
    on_commit(browser.learn, course, lessons)
    from certificates.models import Certificate

    certificate = Certificate.objects.get(learner=civil_servant)
    badge = client.get(f"/certificates/{certificate.code}.json")
    assert badge.status_code == 200
    assert str(civil_servant.public_id) not in badge.content.decode()
    (identity,) = badge.json()["credentialSubject"]["identifier"]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$") and identity["salt"]
    import hashlib

    expected = hashlib.sha256(f"{civil_servant.public_id}{identity['salt']}".encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"


def test_4_a_learner_cannot_void_the_sites_record_to_earn_a_second_certificate(cs_course, civil_servant, on_commit):
    from courses.services import course_activity_id, lesson_activity_id
    from xapi.models import Statement

    course, lessons = cs_course
    browser = Browser(civil_servant)
    on_commit(browser.learn, course, lessons)
    assert proof_of(civil_servant, course) == {"enrolled": True, "completed": True, "valid_certificates": 1}
    completed = Statement.objects.get(activity_id=course_activity_id(course), verb_id__endswith="completed")
    lesson_record = Statement.objects.filter(activity_id=lesson_activity_id(lessons[0])).first()
    for target in (completed, lesson_record):
        voiding = {
            "actor": agent(civil_servant),
            "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
            "object": {"objectType": "StatementRef", "id": str(target.statement_id)},
        }
        response = on_commit(browser.post_statements, voiding)
        assert response.status_code == 403 and response.json()["error"] is True
        target.refresh_from_db()
        assert not target.voided
    # Marking the lessons done again changes nothing either (the quiz, once passed, offers no form).
    for lesson in lessons[:-1]:
        on_commit(browser.post, lesson.url, {"action": "complete"})
    assert proof_of(civil_servant, course) == {"enrolled": True, "completed": True, "valid_certificates": 1}


def test_4b_the_database_holds_one_valid_certificate_per_learner_and_course(cs_course, civil_servant, on_commit):
    from django.db import IntegrityError, transaction

    from certificates.models import Certificate

    course, lessons = cs_course
    on_commit(Browser(civil_servant).learn, course, lessons)
    first = Certificate.objects.get(learner=civil_servant)
    second = Certificate(
        code="NA-2026-AAAA-BBBB", learner=civil_servant, course=first.course, completed_on=first.completed_on,
        issued_on=first.issued_on, learner_name=first.learner_name, course_title=first.course_title,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_5_a_staff_code_with_someone_elses_unverified_email_is_only_a_request(
    client, signup, make_staff, department, django_user_model
):
    from agencies.models import RosterLinkRequest

    from ..accounts.conftest import last_code

    victim = make_staff(email="an@skhcn.gov.vn", staff_code="KHCN-001", full_name="Nguyễn Văn An")
    signup(phone="0912 345 678", email="an@skhcn.gov.vn", staff_code="KHCN-001", full_name="Nguyễn Văn An")
    client.post("/accounts/phone/verify/", {"code": last_code("+84912345678")})
    attacker = django_user_model.objects.get(phone="+84912345678")
    page = client.get("/accounts/profile/roster/").content.decode()
    assert "Nguyễn Văn An, Sở Khoa học và Công nghệ" not in page  # the victim's entry is not offered
    refused = client.post("/accounts/profile/roster/", {"action": "confirm", "staff": victim.pk}, follow=True)
    assert "Không thể liên kết hồ sơ này" in refused.content.decode()
    client.post("/accounts/profile/roster/", {"action": "request"})
    victim.refresh_from_db()
    assert victim.user is None
    request = RosterLinkRequest.objects.get(user=attacker)
    assert request.status == "pending" and request.staff == victim
    assert request.account_email == "an@skhcn.gov.vn" and not request.email_verified and request.phone_verified
    assert "đang chờ cán bộ tổ chức" in client.get("/accounts/profile/roster/").content.decode()


def test_6_a_session_cannot_void_another_learners_statement(learner, make_learner, on_commit):
    from xapi.models import Statement
    from xapi.services import record

    other = make_learner("Lê Văn Đức")
    theirs = record(other, "experienced", "http://example.com/activities/bai-1")
    voiding = {
        "actor": agent(learner),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": str(theirs.statement_id)},
    }
    response = on_commit(Browser(learner).post_statements, voiding)
    assert response.status_code == 403
    assert response.json() == {"error": True, "message": response.json()["message"], "status": 403}
    assert not Statement.objects.get(pk=theirs.pk).voided
    assert not Statement.objects.filter(is_voiding=True).exists()


def test_a_learner_may_void_what_their_own_browser_posted(learner, on_commit):
    from xapi.models import Statement

    browser = Browser(learner)
    (own,) = browser.post_statements(statement(learner, "experienced", "http://example.com/activities/x")).json()
    voiding = {
        "actor": agent(learner),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": own},
    }
    assert on_commit(browser.post_statements, voiding).status_code == 200
    assert Statement.objects.get(statement_id=own).voided
