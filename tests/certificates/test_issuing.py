"""Issuing: on completion, once per completion, with the course's validity and the template revision."""

import re
from datetime import date

import pytest

from tests.certificates.conftest import complete

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_one_certificate_with_its_pdf(issued, civil_servant):
    from django.utils import timezone

    from certificates.issuing import add_months
    from certificates.models import Certificate

    assert Certificate.objects.count() == 1
    assert re.fullmatch(r"NA-\d{4}-[A-HJ-KM-NP-Z2-9]{4}-[A-HJ-KM-NP-Z2-9]{4}", issued.code)
    assert issued.learner == civil_servant
    assert issued.learner_name == "Nguyễn Thị Hoa"
    assert issued.organisation == "Sở Khoa học và Công nghệ"
    assert issued.course_title == "An toàn thông tin cơ bản"
    assert issued.score == 90
    assert issued.issued_on == timezone.localdate()
    assert issued.expires_on == add_months(issued.issued_on, 12)
    assert issued.template_revision_id == issued.template.live_revision_id
    assert issued.pdf.name.endswith(f"{issued.code}.pdf")
    with issued.pdf.open("rb") as file:
        assert file.read(5) == b"%PDF-"


def test_the_task_is_idempotent(issued):
    from certificates.models import Certificate
    from certificates.tasks import issue_certificate

    for _ in range(3):
        assert issue_certificate.delay(issued.completion_id).get() == issued.code
    assert Certificate.objects.count() == 1


def test_the_database_refuses_a_second_certificate_for_a_completion(issued):
    from django.db import IntegrityError, transaction

    from certificates.models import Certificate

    copy = Certificate.objects.get(pk=issued.pk)
    copy.pk = None
    copy.code = "NA-2026-AAAA-BBBB"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_a_code_collision_draws_again(issued, monkeypatch, make_learner, make_course):
    from certificates import issuing

    codes = iter([issued.code, issued.code, "NA-2026-ZZZZ-2222"])
    monkeypatch.setattr(issuing, "new_code", lambda year=None: next(codes))
    course = make_course(title="Khóa khác", slug="khoa-khac")
    completion = complete(make_learner("Lê Văn Đức"), course)
    assert issuing.issue_for_completion(completion.pk).code == "NA-2026-ZZZZ-2222"


def test_later_template_edits_do_not_change_an_issued_certificate(issued, template):
    from certificates.pdf import template_data

    template.signatory_name = "Người Khác"
    template.save_revision().publish()
    issued.refresh_from_db()
    assert template_data(issued)["signatory_name"] == "Nguyễn Văn Hùng"


def test_a_course_may_pick_its_own_template(make_course, learner, template, eager_celery):
    from certificates.models import CertificateTemplate, CourseCertificateSetting
    from certificates.services import issue_for_completion

    own = CertificateTemplate.objects.create(
        name="Mẫu riêng", issuing_body="UBND tỉnh Nghệ An", issuing_unit="Sở Nội vụ",
        signatory_name="Trần Thị Mai", signatory_title="Giám đốc",
    )  # fmt: skip
    own.save_revision().publish()
    course = make_course()
    CourseCertificateSetting.objects.create(course=course, template=own)
    certificate = issue_for_completion(complete(learner, course).pk)
    assert certificate.template == own
    assert certificate.expires_on is None
    assert certificate.organisation == ""


def test_a_broker_outage_never_breaks_the_learners_request_and_the_sweep_issues_later(
    make_course, learner, template, settings, django_capture_on_commit_callbacks
):
    """With the broker unreachable, the completion is recorded; the sweep issues the certificate."""
    from certificates.models import Certificate
    from certificates.services import sweep
    from courses.models import Completion
    from lms.celery import app

    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        with django_capture_on_commit_callbacks(execute=True):
            completion = complete(learner, make_course())
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
    assert Completion.objects.filter(pk=completion.pk).exists()
    assert not Certificate.objects.exists()
    assert sweep() == {"issued": 1, "rendered": 0}
    assert Certificate.objects.get().completion == completion
    assert sweep() == {"issued": 0, "rendered": 0}


def test_a_certificate_is_dated_the_day_its_course_was_completed(make_learner, make_course, template):
    """Issued late (the sweep, or a statement recorded with a past timestamp): dated the completion's day, with
    its validity from then; its PDF is rendered on first download when issuing was asked not to render."""
    from datetime import timedelta

    from django.utils import timezone

    from certificates.issuing import add_months, issue_for_completion
    from certificates.models import Certificate
    from courses.models import Completion

    course = make_course(title="Khóa cũ", slug="khoa-cu")
    course.certificate_validity_months = 12
    course.save_revision().publish()
    completion = complete(make_learner("Lê Văn Đức"), course)
    Certificate.objects.filter(completion=completion).delete()
    past = timezone.now() - timedelta(days=400)
    Completion.objects.filter(pk=completion.pk).update(completed_at=past)
    certificate = issue_for_completion(completion.pk, render=False)
    assert certificate.issued_on == certificate.completed_on == timezone.localdate(past)
    assert certificate.expires_on == add_months(certificate.issued_on, 12) < timezone.localdate()
    assert not certificate.pdf
    assert issue_for_completion(completion.pk).pk == certificate.pk


def test_normalising_typed_codes():
    from certificates.issuing import normalise_code

    assert normalise_code(" na-2026-7kq4 m2xd ") == "NA-2026-7KQ4-M2XD"
    assert normalise_code("NA2026O7KQ4M2XD") == ""
    assert normalise_code("NA-2026-7KQ4-M2X") == ""
    assert normalise_code("<script>") == ""


def test_add_months_keeps_the_day_or_the_month_end():
    from certificates.issuing import add_months

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_valid_certificates_for_reporting(issued):
    from datetime import timedelta

    from certificates.services import revoke, valid_certificates

    day = issued.issued_on
    assert list(valid_certificates(day).values_list("learner_id", "course_id")) == [
        (issued.learner_id, issued.course_id)
    ]
    assert not valid_certificates(day - timedelta(days=1)).exists()
    assert not valid_certificates(issued.expires_on + timedelta(days=1)).exists()
    revoke(issued, "Sai sót")
    assert not valid_certificates(day).exists()


def test_a_tools_backdated_completion_is_dated_the_day_it_is_issued(make_learner, make_course, template):
    """A timestamp sent by a tool or launched content is its sender's claim: backdating the passing statement
    must not place the learner among those trained before a deadline."""
    from datetime import timedelta

    from django.utils import timezone

    from certificates.issuing import issue_for_completion
    from certificates.models import Certificate
    from courses.models import Completion

    course = make_course(title="Khóa công cụ", slug="khoa-cong-cu")
    completion = complete(make_learner("Trần Thị Mai"), course)
    Certificate.objects.filter(completion=completion).delete()
    past = timezone.now() - timedelta(days=400)
    Completion.objects.filter(pk=completion.pk).update(completed_at=past, evidence_authority="credential:7")
    certificate = issue_for_completion(completion.pk, render=False)
    assert certificate.issued_on == timezone.localdate()
