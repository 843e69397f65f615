"""Fixtures for the courses tests: a small catalogue built through Wagtail's APIs, learners, the LRS."""

import base64
import json

import pytest

from tests.xapi.support import LRS


class Report:
    def created(self, what):
        pass

    def login(self, role, login, password):
        pass


@pytest.fixture
def home(db):
    from lms import demo

    demo.seed(Report())
    from lms.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def catalogue(home):
    from courses.demo import publish
    from courses.models import CourseIndexPage
    from courses.services import setup_catalogue

    index = publish(home, CourseIndexPage(title="Khóa học", slug="khoa-hoc"))
    setup_catalogue(index)
    return index


def question(kind, text, right, choices=None, explanation="Vì vậy."):
    if kind == "true_false":
        return {"type": kind, "value": {"question": text, "answer": right, "explanation": explanation}}
    return {
        "type": kind,
        "value": {
            "question": text,
            "choices": [{"text": c, "correct": i in right} for i, c in enumerate(choices)],
            "explanation": explanation,
        },
    }


DEFAULT_POOL = [
    question("single_choice", "Mật khẩu nào mạnh nhất?", [2], ["123456", "matkhau", "Lua-Sen-2024!"]),
    question("multiple_choice", "Dấu hiệu lừa đảo?", [0, 1], ["Thúc ép", "Tệp .exe", "Thư quen"]),
    question("true_false", "Được đọc mã OTP cho người lạ.", False),
    question("true_false", "Nên bật xác thực hai lớp.", True),
]


@pytest.fixture
def make_course(catalogue):
    """A published course with `lessons` text lessons and (optionally) a final quiz."""
    from courses.demo import publish
    from courses.models import CoursePage, LessonPage

    def make(
        title="Khóa học thử",
        slug=None,
        lessons=2,
        quiz=True,
        audience="everyone",
        optional=(),
        per_attempt=None,
        max_attempts=None,
        pass_mark=75,
        pool=None,
        track="basic_digital_skills",
        show_answers="after_passing",
        without_assessment=None,
    ):
        course = publish(
            catalogue,
            CoursePage(
                title=title, slug=slug or f"khoa-{CoursePage.objects.count() + 1}", track=track,
                audience=audience, summary=f"Tóm tắt của {title}.", pass_mark=pass_mark,
                # A course made without a quiz here is one the trainer chose to complete without one.
                completion_without_assessment=not quiz if without_assessment is None else without_assessment,
            ),
        )  # fmt: skip
        for number in range(1, lessons + 1):
            publish(
                course,
                LessonPage(
                    title=f"Bài {number}", slug=f"bai-{number}", required=number not in optional,
                    body=[{"type": "paragraph", "value": f"<p>Nội dung bài {number}.</p>"}],
                ),
            )  # fmt: skip
        if quiz:
            publish(
                course,
                LessonPage(
                    title="Bài kiểm tra",
                    slug="kiem-tra",
                    body=[
                        {
                            "type": "assessment",
                            "value": {
                                "intro": "",
                                "pass_mark": None,
                                "questions_per_attempt": per_attempt,
                                "max_attempts": max_attempts,
                                "show_answers": show_answers,
                                "questions": pool or DEFAULT_POOL,
                            },
                        }
                    ],
                ),
            )
        return course

    return make


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(
        username="hoa", email="hoa@example.vn", password="mat-khau-rat-dai-2026", full_name="Nguyễn Thị Hoa"
    )


@pytest.fixture
def civil_servant(learner):
    """`learner`, linked to an agency's roster."""
    from agencies.models import StaffMember
    from agencies.services import (
        AgencyKind,
        StaffCategory,
        create_agency,
        link_account,
        save_staff_member,
    )

    agency = create_agency(code="SKHCN", name="Sở Khoa học và Công nghệ", kind=AgencyKind.DEPARTMENT)
    staff = save_staff_member(
        StaffMember(agency=agency, staff_code="CB001", full_name="Nguyễn Thị Hoa",
                    category=StaffCategory.CIVIL_SERVANT)
    )  # fmt: skip
    link_account(staff, learner)
    learner.refresh_from_db()
    return learner


def lessons_of(course):
    from courses.models import LessonPage

    return list(LessonPage.objects.child_of(course).order_by("path"))


@pytest.fixture
def launched_lrs(client):
    """An LRS client holding a learner's launch credential for one lesson, as external content gets it."""

    def make(user, lesson, enrolment):
        from courses.services import lesson_activity_id
        from xapi.services import launch_credential

        _credential, key, secret = launch_credential(user, lesson_activity_id(lesson), enrolment.registration)
        return LRS(client, key, secret)

    return make


@pytest.fixture
def tool_lrs(client, db):
    """An LRS client for a tool a province administrator trusts for `courses` (write scope only)."""

    def make(*courses, name="Máy chủ nội dung"):
        from courses.services import trust_tool
        from xapi.services import create_credential

        credential, key, secret = create_credential(name, scopes=["statements/write", "statements/read/mine"])
        trust_tool(credential, courses)
        return LRS(client, key, secret)

    return make


def actor(user):
    from django.conf import settings

    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": str(user.public_id)}}


def basic(key, secret):
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def snapshot():
    """Everything derived from statements, comparable across a rebuild."""
    from courses.models import AssessmentAttempt, Completion, Enrolment, LessonProgress

    return {
        "enrolments": sorted(
            (str(e.registration), e.user_id, e.course_id, e.enrolled_at.isoformat()) for e in Enrolment.objects.all()
        ),
        "progress": sorted(
            (
                str(p.enrolment.registration),
                p.lesson_id,
                p.status,
                p.first_seen.isoformat(),
                p.last_seen.isoformat(),
                p.completed_at.isoformat() if p.completed_at else None,
            )
            for p in LessonProgress.objects.select_related("enrolment")
        ),  # fmt: skip
        "attempts": sorted(
            (
                str(a.statement_id),
                str(a.attempt_key),
                a.lesson_id,
                a.score,
                a.passed,
                json.dumps(a.question_ids),
                json.dumps(a.answers, sort_keys=True),
            )
            for a in AssessmentAttempt.objects.all()
        ),  # fmt: skip
        "completions": sorted(
            (str(c.enrolment.registration), c.completed_at.isoformat(), c.score)
            for c in Completion.objects.select_related("enrolment")
        ),
    }


@pytest.fixture
def lrs(client, db):
    """Another system with an all-scopes LRS credential, posting to /xapi/."""
    from xapi.services import create_credential

    _credential, key, secret = create_credential("another system", scopes=["all"])
    return LRS(client, key, secret)
