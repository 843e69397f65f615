"""Certificates tests: courses are completed through the real flow (enrol, then xAPI statements)."""

import pytest

from tests.courses.conftest import catalogue, civil_servant, home, learner, lessons_of, make_course  # noqa: F401


def complete(user, course, scaled=1.0):
    """Enrol, read every lesson and pass the final quiz, as the site's pages record it; the Completion."""
    from courses.activities import activity
    from courses.services import completion_for, enrol
    from xapi.services import record

    enrolment = enrol(user, course)
    for lesson in lessons_of(course):
        if lesson.is_assessment:
            record(
                user,
                "passed",
                activity("lesson", lesson),
                result={"score": {"scaled": scaled}, "success": True},
                registration=enrolment.registration,
            )
        else:
            record(user, "experienced", activity("lesson", lesson), registration=enrolment.registration)
    return completion_for(user, course)


@pytest.fixture
def template(db):
    from certificates.demo import seed
    from certificates.models import CertificateTemplate

    class Report:
        def created(self, what):
            pass

    seed(Report())
    return CertificateTemplate.objects.get(is_default=True)


@pytest.fixture
def make_learner(django_user_model):
    def make(name, email=None):
        email = email or f"{abs(hash(name)) % 10**8}@example.vn"
        return django_user_model.objects.create_user(
            username=email, email=email, password="mat-khau-rat-dai-2026", full_name=name
        )

    return make


@pytest.fixture
def issued(make_course, civil_servant, template, eager_celery, django_capture_on_commit_callbacks):  # noqa: F811
    """A course with a 12-month validity, completed by the civil servant: its certificate."""
    from certificates.services import certificate_for_completion

    course = make_course(title="An toàn thông tin cơ bản")
    course.certificate_validity_months = 12
    course.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        completion = complete(civil_servant, course, 0.9)
    return certificate_for_completion(completion)
