"""The public verify page, the PDF and badge URLs, administrators' revoke and re-issue, bulk downloads."""

import io
import json
import zipfile

import pytest

from tests.certificates.conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


def test_the_verify_page_shows_a_valid_certificate_and_nothing_personal(client, issued, civil_servant):
    response = client.get(f"/certificates/verify/{issued.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="valid"' in html
    assert "Nguyễn Thị Hoa" in html and "An toàn thông tin cơ bản" in html
    assert issued.issued_on.strftime("%d/%m/%Y") in html and issued.expires_on.strftime("%d/%m/%Y") in html
    assert "UBND tỉnh Nghệ An" in html
    assert civil_servant.email not in html
    assert 'id="signature">đã xác minh' in html or "verified (Ed25519)" in html


def test_a_code_typed_loosely_redirects_to_the_certificate(client, issued):
    response = client.get(f"/certificates/verify/{issued.code.lower().replace('-', '')}/")
    assert response.status_code == 302 and response["Location"] == f"/certificates/verify/{issued.code}/"


def test_an_unknown_code_is_a_plain_not_found(client, db):
    response = client.get("/certificates/verify/NA-2026-AAAA-BBBB/")
    assert response.status_code == 404
    assert 'id="certificate-status"' in response.content.decode()
    assert client.get("/certificates/verify/<script>/").status_code == 404


def test_verification_is_rate_limited_against_enumeration(client, db):
    from certificates.views import MISS_WEIGHT, RATE_LIMIT

    for _ in range(RATE_LIMIT // MISS_WEIGHT):
        assert client.get("/certificates/verify/NA-2026-AAAA-BBBB/").status_code == 404
    response = client.get("/certificates/verify/NA-2026-AAAA-BBBC/")
    assert response.status_code == 429
    assert response["Retry-After"]
    # Another address is not held back.
    assert client.get("/certificates/verify/NA-2026-AAAA-BBBB/", REMOTE_ADDR="10.0.0.9").status_code == 404


def test_the_pdf_is_for_its_owner_their_hr_officer_and_administrators(client, issued, make_learner, civil_servant):
    from agencies.services import agency_by_code, create_agency, grant_hr_scope

    url = f"/certificates/{issued.code}.pdf"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(civil_servant)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{issued.code}.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    stranger = make_learner("Người Lạ")
    client.force_login(stranger)
    assert client.get(url).status_code == 403

    other_officer = make_learner("Cán Bộ Khác")
    grant_hr_scope(other_officer, create_agency(code="SNV", name="Sở Nội vụ", kind="department"))
    client.force_login(other_officer)
    assert client.get(url).status_code == 403

    officer = make_learner("Cán Bộ Tổ Chức")
    grant_hr_scope(officer, agency_by_code("SKHCN"))
    client.force_login(officer)
    assert client.get(url).status_code == 200

    admin = make_learner("Quản Trị")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get(url).status_code == 200
    assert client.get("/certificates/NA-2026-AAAA-BBBB.pdf").status_code == 404


def test_the_badge_url_serves_the_signed_credential(client, issued):
    from certificates.services import verify_credential

    response = client.get(f"/certificates/{issued.code}.json")
    assert response.status_code == 200
    badge = json.loads(response.content)
    assert "OpenBadgeCredential" in badge["type"]
    assert verify_credential(badge) == (True, "")
    assert client.get("/certificates/NA-2026-AAAA-BBBB.json").status_code == 404


def test_the_check_page_tells_a_tampered_badge(client, issued):
    badge = json.loads(client.get(f"/certificates/{issued.code}.json").content)
    good = client.post("/certificates/verify/", {"credential": json.dumps(badge)}).content.decode()
    assert 'id="badge-result"' in good and "message success" in good
    badge["credentialSubject"]["name"] = "Người Khác"
    bad = client.post("/certificates/verify/", {"credential": json.dumps(badge)}).content.decode()
    assert "message error" in bad
    garbage = client.post("/certificates/verify/", {"credential": "{not json"})
    assert garbage.status_code == 200 and "errorlist" in garbage.content.decode()


@pytest.fixture
def admin_client(client, make_learner):
    admin = make_learner("Quản Trị Tỉnh")
    admin.is_superuser = True
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    return client


def test_an_administrator_revokes_with_a_reason(admin_client, issued):
    url = f"/admin/certificates/issued/revoke/{issued.pk}/"
    assert admin_client.get("/admin/certificates/issued/").status_code == 200
    response = admin_client.post(url, {"reason": "   "})
    assert response.status_code == 200  # the form again: a reason is required, nothing changed
    issued.refresh_from_db()
    assert issued.revoked_at is None
    admin_client.post(url, {"reason": "Cấp nhầm người"})
    issued.refresh_from_db()
    assert issued.revoked_reason == "Cấp nhầm người" and issued.revoked_at is not None
    page = admin_client.get(f"/certificates/verify/{issued.code}/").content.decode()
    assert 'data-status="revoked"' in page and "Cấp nhầm người" in page
    badge = json.loads(admin_client.get(f"/certificates/{issued.code}.json").content)
    assert badge["credentialStatus"]["revoked"] is True


def test_an_administrator_reissues_with_a_new_code(admin_client, issued):
    from certificates.models import Certificate

    admin_client.post(f"/admin/certificates/issued/reissue/{issued.pk}/", {"reason": "Sai tên đơn vị"})
    issued.refresh_from_db()
    new = issued.replaced_by
    assert new is not None and new.code != issued.code and new.issue_number == 2
    assert new.completion_id == issued.completion_id and new.pdf
    assert Certificate.objects.count() == 2
    page = admin_client.get(f"/certificates/verify/{issued.code}/").content.decode()
    assert 'data-status="revoked"' in page and f"/certificates/verify/{new.code}/" in page
    assert 'data-status="valid"' in admin_client.get(f"/certificates/verify/{new.code}/").content.decode()


def test_others_may_not_revoke(client, issued, civil_servant):
    client.force_login(civil_servant)
    response = client.post(f"/admin/certificates/issued/revoke/{issued.pk}/", {"reason": "x"})
    assert response.status_code in (302, 403)
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_the_completion_page_links_the_certificate(client, issued, civil_servant):
    client.force_login(civil_servant)
    page = client.get(issued.course.url + "hoan-thanh/").content.decode()
    assert f"/certificates/{issued.code}.pdf" in page
    assert f"/certificates/{issued.code}.pdf" in client.get("/khoa-hoc/cua-toi/").content.decode()


def test_expiry_reminders_go_once_30_days_before(issued, mailoutbox):
    from datetime import timedelta

    from certificates.lifecycle import send_expiry_reminders

    assert send_expiry_reminders(issued.expires_on - timedelta(days=31)) == 0
    assert send_expiry_reminders(issued.expires_on - timedelta(days=30)) == 1
    assert send_expiry_reminders(issued.expires_on - timedelta(days=29)) == 0
    assert len(mailoutbox) == 1 and issued.code in mailoutbox[0].body
    assert mailoutbox[0].to == ["hoa@example.vn"]


def test_retaking_the_final_assessment_renews_an_expiring_certificate(issued, civil_servant, eager_celery):
    from datetime import timedelta

    from django.utils import timezone

    from certificates.models import Certificate
    from courses.activities import activity
    from tests.certificates.conftest import lessons_of
    from xapi.services import record

    quiz = lessons_of(issued.course)[-1]
    enrolment = issued.completion.enrolment
    passed = {"result": {"score": {"scaled": 0.8}, "success": True}, "registration": enrolment.registration}
    record(civil_servant, "passed", activity("lesson", quiz), **passed)
    assert Certificate.objects.count() == 1  # not expiring yet: nothing to renew
    Certificate.objects.filter(pk=issued.pk).update(expires_on=timezone.localdate() + timedelta(days=10))
    record(civil_servant, "passed", activity("lesson", quiz), **passed)
    issued.refresh_from_db()
    renewed = issued.replaced_by
    assert renewed is not None and renewed.score == 80
    assert renewed.expires_on > timezone.localdate() + timedelta(days=300)
    assert issued.revoked_at is not None


def test_hr_officers_download_a_zip_of_their_scope(client, issued, make_learner, make_course, eager_celery):
    from agencies.services import agency_by_code, grant_hr_scope
    from certificates.services import issue_for_completion

    outsider = issue_for_completion(complete(make_learner("Lê Văn Đức"), issued.course).pk)  # on no roster
    officer = make_learner("Cán Bộ Tổ Chức")
    grant_hr_scope(officer, agency_by_code("SKHCN"))
    client.force_login(officer)
    assert client.get("/certificates/bulk/").status_code == 200
    response = client.post("/certificates/bulk/", {"agency": agency_by_code("SKHCN").pk})
    assert response.status_code == 302
    status = client.get(response["Location"])
    assert 'data-state="done"' in status.content.decode()
    progress = client.get(response["Location"] + "?format=json").json()
    assert progress == {"state": "done", "done": 1, "total": 1, "percent": 100}
    archive = client.get(response["Location"] + "download/")
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert names == [f"{issued.code}.pdf"]
    assert outsider.code not in names
    # Bad input: a message, nothing made.
    bad = client.post("/certificates/bulk/", {"agency": "999999"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_learners_may_not_bulk_download(client, civil_servant):
    client.force_login(civil_servant)
    assert client.get("/certificates/bulk/").status_code == 403
