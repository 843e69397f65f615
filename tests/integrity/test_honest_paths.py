"""What the trust rules must keep working: the site's quiz, trusted tools, launched content, renewal,
revocation when evidence is voided, and the HR officer's approval of a roster link request."""

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from .support import XAPI, Browser, basic_auth, course_run, proof_of

pytestmark = pytest.mark.django_db


def test_the_site_quiz_issues_a_certificate_with_its_evidence(cs_course, civil_servant, on_commit):
    from certificates.models import Certificate
    from courses.models import Completion
    from xapi.models import Statement

    course, lessons = cs_course
    browser = Browser(civil_servant)
    on_commit(browser.learn, course, lessons, right=False)
    assert proof_of(civil_servant, course)["valid_certificates"] == 0
    on_commit(browser.take_quiz, lessons[-1])
    completion = Completion.objects.get(enrolment__user=civil_servant)
    evidence = Statement.objects.get(statement_id=completion.evidence_statement)
    assert evidence.verb_id.endswith("/passed") and evidence.source == "site"
    certificate = Certificate.objects.get(learner=civil_servant, revoked_at__isnull=True)
    assert certificate.evidence_statement == completion.evidence_statement
    assert certificate.evidence_authority == "site"


def test_a_trusted_tools_pass_certifies_and_its_fail_does_not(
    client,
    cs_course,
    civil_servant,
    make_learner,
    on_commit,
):
    from agencies.services import link_account, save_staff_member, staff_member_for
    from courses.services import enrol, trust_tool
    from xapi.services import create_credential

    course, lessons = cs_course
    credential, key, secret = create_credential("Máy chủ H5P của Sở", scopes=["statements/write"])
    trust_tool(credential, [course])
    auth = basic_auth(key, secret)

    def run(user, scaled):
        enrolment = enrol(user, course)
        batch = course_run(user, lessons, enrolment.registration, {"score": {"scaled": scaled}, "success": True})
        response = on_commit(client.post, "/xapi/statements", json.dumps(batch), "application/json", **auth)
        assert response.status_code == 200

    run(civil_servant, 0.9)
    assert proof_of(civil_servant, course) == {"enrolled": True, "completed": True, "valid_certificates": 1}
    colleague = make_learner("Trần Thị Lan")
    entry = staff_member_for(civil_servant)
    other = save_staff_member(type(entry)(agency=entry.agency, staff_code="CB002", full_name="Trần Thị Lan",
                                          category=entry.category))  # fmt: skip
    link_account(other, colleague)
    run(colleague, 0.5)  # below the 75% pass mark
    assert proof_of(colleague, course) == {"enrolled": True, "completed": False, "valid_certificates": 0}


def test_launched_content_reports_progress_with_the_credential_in_its_launch_url(
    client,
    make_course,
    civil_servant,
    template,
    on_commit,
):
    from courses.demo import publish
    from courses.models import LessonPage, LessonProgress

    course = make_course(lessons=0, quiz=False)
    lesson = publish(
        course,
        LessonPage(
            title="Bài tương tác", slug="tuong-tac",
            body=[{"type": "xapi_activity", "value": {"launch_url": "https://h5p.example.vn/a", "title": "H5P",
                                                      "height": 500}}],
        ),
    )  # fmt: skip
    browser = Browser(civil_servant)
    browser.post(course.url + "dang-ky/")
    html = browser.get(lesson.url).content.decode()
    src = re.search(r'<iframe src="([^"]+)"', html).group(1).replace("&amp;", "&")
    launch = {key: values[0] for key, values in parse_qs(urlparse(src).query).items()}
    said = {
        "actor": json.loads(launch["actor"]),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"objectType": "Activity", "id": launch["activity_id"]},
        "context": {"registration": launch["registration"]},
    }
    response = on_commit(
        client.post, "/xapi/statements", json.dumps(said), "application/json",
        HTTP_AUTHORIZATION=launch["auth"], **XAPI,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert LessonProgress.objects.get(lesson=lesson).status == "completed"
    # The course had one lesson and no quiz: done, and certified.
    assert proof_of(civil_servant, course)["valid_certificates"] == 1


def test_an_expired_certificate_is_renewed_by_passing_the_quiz_again(
    cs_course,
    civil_servant,
    on_commit,
):
    from django.utils import timezone

    from certificates.models import Certificate

    course, lessons = cs_course
    course.certificate_validity_months = 12
    course.save_revision().publish()
    browser = Browser(civil_servant)
    on_commit(browser.learn, course, lessons)
    first = Certificate.objects.get(learner=civil_servant)
    page = browser.get(lessons[-1].url).content.decode()
    assert 'name="token"' not in page  # passed and valid: nothing to retake
    Certificate.objects.filter(pk=first.pk).update(expires_on=timezone.localdate() - timedelta(days=3))
    page = browser.get(lessons[-1].url).content.decode()
    assert 'id="renewal-notice"' in page
    on_commit(browser.take_quiz, lessons[-1])
    first.refresh_from_db()
    renewed = first.replaced_by
    assert renewed is not None and renewed.revoked_at is None
    assert renewed.expires_on > timezone.localdate() + timedelta(days=300)
    assert proof_of(civil_servant, course)["valid_certificates"] == 1


def test_voiding_the_evidence_revokes_the_certificate_and_re_earning_issues_a_new_one(
    client,
    cs_course,
    civil_servant,
    on_commit,
):
    from certificates.models import Certificate
    from courses.models import AssessmentAttempt, Completion
    from xapi.services import create_credential

    course, lessons = cs_course
    browser = Browser(civil_servant)
    on_commit(browser.learn, course, lessons)
    certificate = Certificate.objects.get(learner=civil_servant)
    evidence = Completion.objects.get().evidence_statement
    _credential, key, secret = create_credential("Quản trị LRS", scopes=["all"])
    auth = basic_auth(key, secret)
    voiding = {
        "actor": {"objectType": "Agent", "mbox": "mailto:quantri@nghean.gov.vn"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": str(evidence)},
    }
    response = on_commit(client.post, "/xapi/statements", json.dumps(voiding), "application/json", **auth)
    assert response.status_code == 200, response.content
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and "evidence voided" in certificate.revoked_reason
    assert not Completion.objects.exists()
    # Anyone verifying, the learner and their HR officer see it.
    verify = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "evidence voided" in verify
    mine = browser.get("/certificates/mine/").content.decode()
    assert f'data-code="{certificate.code}" data-status="revoked"' in mine and "evidence voided" in mine
    from agencies.services import staff_member_for
    from reporting.models import Target
    from reporting.people import people

    target = Target.objects.create(code="kns", name="Kỹ năng số", kind="percentage", deadline="2026-12-31")
    target.courses.add(course)
    (row,) = people(target, staff_member_for(civil_servant).agency)
    assert row.status == "revoked" and row.certificate_code == certificate.code and "evidence voided" in row.note
    # The voided pass no longer counts; passing again earns a new certificate.
    assert not AssessmentAttempt.objects.filter(statement_id=evidence).exists()
    on_commit(browser.take_quiz, lessons[-1])
    valid = Certificate.objects.get(learner=civil_servant, revoked_at__isnull=True)
    assert valid.code != certificate.code
    (row,) = people(target, staff_member_for(civil_servant).agency)
    assert row.status == "trained" and row.certificate_code == valid.code


def test_the_hr_officer_of_the_agency_approves_a_roster_link_request(
    client, signup, make_staff, department, django_user_model
):
    from django.test import Client

    from agencies.models import RosterLinkRequest
    from agencies.services import AgencyKind, create_agency, grant_hr_scope

    from ..accounts.conftest import last_code

    staff = make_staff(staff_code="KHCN-001", full_name="Nguyễn Văn An")
    signup(phone="0912 345 678", staff_code="KHCN-001", full_name="Nguyễn Văn An")
    client.post("/accounts/phone/verify/", {"code": last_code("+84912345678")})
    client.post("/accounts/profile/roster/", {"action": "request"})
    request = RosterLinkRequest.objects.get()

    other_agency = create_agency(code="SYT", name="Sở Y tế", kind=AgencyKind.DEPARTMENT)
    outsider = django_user_model.objects.create_user("hr2", "hr2@nghean.gov.vn", "mat-khau-rat-dai-2026")
    grant_hr_scope(outsider, other_agency)
    officer = django_user_model.objects.create_user("hr1", "hr1@nghean.gov.vn", "mat-khau-rat-dai-2026")
    grant_hr_scope(officer, department)

    outside = Client()
    outside.force_login(outsider)
    assert "KHCN-001" not in outside.get("/admin/agencies/link-requests/").content.decode()
    assert outside.get(f"/admin/agencies/link-requests/inspect/{request.pk}/").status_code == 404
    refused = outside.post(f"/admin/agencies/link-requests/decide/{request.pk}/", {"decision": "approve"})
    assert refused.status_code in (302, 403)  # Wagtail turns the refusal into a redirect with a message
    staff.refresh_from_db()
    assert staff.user is None

    inside = Client()
    inside.force_login(officer)
    listing = inside.get("/admin/agencies/link-requests/").content.decode()
    assert "KHCN-001" in listing
    review = inside.get(f"/admin/agencies/link-requests/inspect/{request.pk}/").content.decode()
    assert "chưa xác minh" in review or "đã xác minh" in review
    inside.post(f"/admin/agencies/link-requests/decide/{request.pk}/", {"decision": "approve"})
    staff.refresh_from_db()
    request.refresh_from_db()
    assert staff.user == django_user_model.objects.get(phone="+84912345678")
    assert request.status == "approved" and request.decided_by == officer


def test_only_a_province_administrator_trusts_a_tool_in_the_admin(client, make_course, django_user_model):
    from django.test import Client

    from agencies.services import PROVINCE_ADMINS, TRAINERS, ensure_role_groups
    from courses.models import TrustedTool
    from xapi.services import create_credential

    course = make_course(title="Thương mại điện tử")
    credential, _key, _secret = create_credential("Máy chủ H5P", scopes=["statements/write"])
    someone = django_user_model.objects.create_user("x", "x@example.vn", "mat-khau-rat-dai-2026")
    learner_own, _k, _s = create_credential("khóa riêng Lê Văn X", scopes=["statements/write"], owner=someone)
    administrator = django_user_model.objects.create_user("qt", "qt@example.vn", "mat-khau-rat-dai-2026")
    administrator.groups.add(ensure_role_groups()[PROVINCE_ADMINS])
    admin_client = Client()
    admin_client.force_login(administrator)
    form = admin_client.get("/admin/courses/trusted-tools/new/").content.decode()
    assert "Máy chủ H5P" in form and "khóa riêng Lê Văn X" not in form
    response = admin_client.post(
        "/admin/courses/trusted-tools/new/", {"credential": credential.pk, "courses": [course.pk], "note": "Sở TT"}
    )
    assert response.status_code == 302
    assert list(TrustedTool.objects.get().courses.all()) == [course]
    refused = admin_client.post(
        "/admin/courses/trusted-tools/new/", {"credential": learner_own.pk, "courses": [course.pk]}
    )
    assert refused.status_code == 200 and TrustedTool.objects.count() == 1

    trainer = django_user_model.objects.create_user("gv", "gv@example.vn", "mat-khau-rat-dai-2026")
    trainer.groups.add(ensure_role_groups()[TRAINERS])
    client.force_login(trainer)
    assert client.get("/admin/courses/trusted-tools/new/").status_code in (302, 403)
    assert client.post("/admin/courses/trusted-tools/new/", {"credential": credential.pk}).status_code in (302, 403)
    assert TrustedTool.objects.count() == 1
