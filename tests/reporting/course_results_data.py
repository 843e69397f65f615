"""A small course with hand-counted results, for the course results tests (page, exports, browser).

Learners of the course "An toàn thông tin cơ bản" (pool of four questions q1..q4, pass mark 75%):

    A  enrolled, nothing done                                  -> not started
    B  read lesson 1                                           -> in progress
    C  quiz 50% (q1 q2 right)                                  -> in progress
    D  quiz 25% (q1), then 100%; completed this month          -> completed, valid certificate
    E  quiz 75% (q1 q2 q3); completed at 00:30 on the 1st, two months ago (local time; the day
       before in UTC)                                          -> completed, certificate revoked
    F  quiz 100%; completed 13 months ago (outside the year)   -> completed, certificate expired

    enrolled 6, not started 1, in progress 2, completed 3, valid certificates 1
    attempts 5, passed 3 (60%), average (50 + 25 + 100 + 75 + 100) / 5 = 70%, learners 4, passed 3
    q1 5/5 (100%), q2 4/5 (80%), q3 3/5 (60%), q4 2/5 (40%)

A learner of another course completes it this month too: it counts nowhere here.
"""

import datetime
import itertools
import uuid

from django.utils import timezone

RIGHT = {
    "C": (True, True, False, False),
    "D1": (True, False, False, False),
    "D2": (True, True, True, True),
    "E": (True, True, True, False),
    "F": (True, True, True, True),
}
EXPECTED = {
    "enrolled": 6,
    "not_started": 1,
    "in_progress": 2,
    "completed": 3,
    "certified": 1,
    "attempts": 5,
    "passed": 3,
    "pass_rate": 60.0,
    "average": 70.0,
    "learners_tried": 4,
    "learners_passed": 3,
    "questions": [(5, 5, 100.0), (5, 4, 80.0), (5, 3, 60.0), (5, 2, 40.0)],
}
_names = itertools.count(1)


def local(day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def months_back(day, count):
    """The first day of the month `count` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def learner(django_user_model, name):
    number = next(_names)
    return django_user_model.objects.create_user(
        username=f"hv{number}-{uuid.uuid4().hex[:6]}",
        email=f"hv{number}-{uuid.uuid4().hex[:6]}@example.vn",
        password=None,
        full_name=name,
    )


def enrol(user, course, when):
    from courses.models import Enrolment

    return Enrolment.objects.create(user=user, course=course, enrolled_at=when)


def attempt(enrolment, quiz, rights, when, extra_answers=None):
    from courses.models import AssessmentAttempt
    from courses.services import assessment_questions

    ids = [question["id"] for question in assessment_questions(quiz)]
    answers = {qid: {"response": ["0"], "correct": right} for qid, right in zip(ids, rights, strict=True)}
    answers.update(extra_answers or {})
    score = sum(rights) / len(rights)
    return AssessmentAttempt.objects.create(
        enrolment=enrolment,
        lesson=quiz,
        statement_id=uuid.uuid4(),
        attempt_key=uuid.uuid4(),
        score=score,
        passed=score >= 0.75,
        submitted_at=when,
        question_ids=ids,
        answers=answers,
    )


def complete(enrolment, when, score=1.0):
    from courses.models import Completion

    return Completion.objects.create(enrolment=enrolment, completed_at=when, score=score)


def lessons_of(course):
    from courses.models import LessonPage

    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    return lessons[:-1], lessons[-1]


def seed_small_course(make_course, django_user_model, title="An toàn thông tin cơ bản"):
    """The course above, with its learners' records; returns (course, other course)."""
    from courses.models import LessonProgress
    from tests.reporting.conftest import certificate

    today = timezone.localdate()
    course = make_course(title=title, slug="an-toan-co-ban")
    other = make_course(title="Thương mại điện tử", slug="tmdt")
    (lesson_1, _lesson_2), quiz = lessons_of(course)
    early = local(months_back(today, 15))
    people = {letter: learner(django_user_model, f"Học viên {letter}") for letter in "ABCDEF"}
    enrolments = {letter: enrol(user, course, early) for letter, user in people.items()}

    LessonProgress.objects.create(enrolment=enrolments["B"], lesson=lesson_1, first_seen=early, last_seen=early)
    attempt(enrolments["C"], quiz, RIGHT["C"], early, extra_answers={"gone-question": {"correct": True}})
    this_month = local(months_back(today, 0), hour=10)
    attempt(enrolments["D"], quiz, RIGHT["D1"], this_month)
    attempt(enrolments["D"], quiz, RIGHT["D2"], this_month)
    complete(enrolments["D"], this_month)
    two_ago = local(months_back(today, 2), hour=0, minute=30)
    attempt(enrolments["E"], quiz, RIGHT["E"], two_ago)
    complete(enrolments["E"], two_ago, 0.75)
    thirteen_ago = local(months_back(today, 13))
    attempt(enrolments["F"], quiz, RIGHT["F"], thirteen_ago)
    complete(enrolments["F"], thirteen_ago)

    certificate(people["D"], course, this_month.date())
    certificate(people["E"], course, two_ago.date(), revoked_at=this_month)
    certificate(people["F"], course, thirteen_ago.date(), expires_on=months_back(today, 1))

    stranger = learner(django_user_model, "Người khóa khác")
    complete(enrol(stranger, other, early), this_month)
    return course, other


def add_learners(course, django_user_model, count):
    """`count` more learners of `course`, each with a lesson read, two attempts and a completion."""
    from courses.models import LessonProgress

    today = timezone.localdate()
    (lesson_1, _lesson_2), quiz = lessons_of(course)
    for number in range(count):
        user = learner(django_user_model, f"Học viên thêm {number}")
        when = local(months_back(today, number % 12))
        enrolment = enrol(user, course, when)
        LessonProgress.objects.create(enrolment=enrolment, lesson=lesson_1, first_seen=when, last_seen=when)
        attempt(enrolment, quiz, (True, False, False, False), when)
        attempt(enrolment, quiz, (True, True, True, True), when)
        complete(enrolment, when)
