"""A year of learning for the demo: what the history's learners did, recorded as the site records it.

Every step is a statement through `xapi.services.record` with the time it happened: enrolling ("registered"),
reading a lesson ("experienced"), each quiz attempt graded by the quiz engine ("passed"/"failed" with its
answers; the per-question "answered" statements the lesson page also records are left out to keep seeding
fast: nothing derived reads them). The statement processor turns them into enrolments, progress, attempts
and completions, and the completions into certificates, exactly as on the live site. Nothing here writes
progress itself.

Seeded (a fixed random seed) and made once: nothing is recorded when the history's learners have enrolled.
"""

import datetime
import random
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from xapi.services import record

from . import quiz as quiz_engine
from .activities import activity
from .models import CoursePage, Enrolment, LessonPage
from .services import record_lesson_done, record_quiz_attempt

SEED = 2028
HISTORY_PREFIX = "hv-"  # the history's accounts (agencies' demo data makes them)
ECOMMERCE_PREFIX = "hv-tmdt-"
BASIC, SIGNATURE, ECOMMERCE = "ky-nang-so-co-ban", "chu-ky-so-va-van-ban-dien-tu", "thuong-mai-dien-tu-cho-ho-san-xuat"
PILOT_AGENCY = "SKHCN"
PILOT_SIZE = 6  # the 2024 pilot class: certificates of 24 months, expired since
FULL_UPTAKE = 0.9  # an agency with at least this share of its staff signed up trained them all


class Course:
    """A course's lessons and final quiz, read once."""

    def __init__(self, slug):
        self.page = CoursePage.objects.get(slug=slug)
        lessons = list(LessonPage.objects.child_of(self.page).live().order_by("path"))
        self.lessons = [lesson for lesson in lessons if not lesson.is_assessment]
        self.quiz = next(lesson for lesson in reversed(lessons) if lesson.is_assessment)
        self.questions = quiz_engine.pool(self.quiz.assessment)
        self.settings = self.quiz.assessment.value
        self.pass_mark = quiz_engine.pass_mark(self.settings, self.page.pass_mark)


class Learner:
    """One learner's way through one course, in time order."""

    def __init__(self, user, course, start, rng, now):
        self.user, self.course, self.rng = user, course, rng
        self.limit = now - datetime.timedelta(minutes=30)  # the history ends before today's visitors
        self.when = min(start, self.limit)
        self.registration = uuid.UUID(int=rng.getrandbits(128), version=4)
        self.previous = []

    def later(self, minutes_low, minutes_high):
        self.when = min(self.when + datetime.timedelta(minutes=self.rng.randint(minutes_low, minutes_high)), self.limit)

    def enrol(self):
        record(
            self.user,
            "registered",
            activity("course", self.course.page),
            registration=self.registration,
            timestamp=self.when,
        )

    def read(self, lessons):
        for lesson in lessons:
            self.later(15, 60 * 30)
            record_lesson_done(self.user, lesson, self.registration, timestamp=self.when)

    def attempt(self, passing):
        """One quiz attempt through the quiz engine; `passing` chooses enough right answers to pass or not."""
        course = self.course
        self.later(20, 60 * 24)
        per_attempt = course.settings["questions_per_attempt"]
        drawn = quiz_engine.new_attempt(course.questions, per_attempt, self.previous, rng=self.rng)
        needed = -(-len(drawn) * course.pass_mark // 100)  # the fewest right answers that pass
        right = self.rng.randint(needed, len(drawn)) if passing else self.rng.randint(len(drawn) // 3, needed - 1)
        wrong = set(self.rng.sample(drawn, len(drawn) - right))
        responses = {}
        for question_id in drawn:
            question = course.questions[question_id]
            if question_id in wrong:
                responses[question_id] = [v for v, _label in question["options"] if v not in question["correct"]][:1]
            else:
                responses[question_id] = list(question["correct"])
        started = self.when - datetime.timedelta(minutes=self.rng.randint(6, 14))
        result = quiz_engine.grade(
            course.questions,
            drawn,
            responses,
            pass_mark=course.pass_mark,
            settings=course.settings,
            lesson=course.quiz,
            attempt_key=uuid.UUID(int=self.rng.getrandbits(128), version=4),
            started=started.isoformat(),
        )
        # One "answered" per question would triple the history; the attempt's statement carries the answers.
        record_quiz_attempt(self.user, result, self.registration, timestamp=self.when, skip_verbs=("answered",))
        self.previous = drawn
        return result.passed

    def complete(self, fail_first=False):
        self.enrol()
        self.read(self.course.lessons)
        if fail_first:
            self.attempt(passing=False)
        self.attempt(passing=True)


def _start(rng, now, days_ago):
    """A working-day moment `days_ago` days back (08:00-17:00 in Vietnam, UTC+7)."""
    day = now - datetime.timedelta(days=days_ago)
    return day.replace(hour=rng.randint(1, 9), minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)


def _recent_days(rng, low=4, span=360):
    """Days back, over the past year, more of them lately: the campaign gathered pace."""
    return low + int(span * rng.random() ** 1.4)


def seed(report):
    from agencies.services import active_staff_counts, linked_staff

    if Enrolment.objects.filter(user__username__startswith=HISTORY_PREFIX).exists():
        return
    members = list(linked_staff(HISTORY_PREFIX))
    if not members:
        return
    from django.contrib.auth import get_user_model

    staff_counts = active_staff_counts()
    signed_up = {}
    for member in members:
        signed_up[member.agency_id] = signed_up.get(member.agency_id, 0) + 1
    basic, signature, ecommerce = Course(BASIC), Course(SIGNATURE), Course(ECOMMERCE)
    rng = random.Random(SEED)
    now = timezone.now().astimezone(datetime.UTC)
    counts = {"certified": 0, "in_progress": 0, "ecommerce": 0}
    pilots = 0
    for member in members:
        user = member.user
        full_uptake = signed_up[member.agency_id] >= FULL_UPTAKE * staff_counts.get(member.agency_id, 1)
        if member.agency.code == PILOT_AGENCY and pilots < PILOT_SIZE and rng.random() < 0.3:
            pilots += 1
            Learner(user, basic, _start(rng, now, rng.randint(745, 775)), rng, now).complete()
            continue
        chance = rng.random()
        if full_uptake or chance < 0.84:
            learner = Learner(user, basic, _start(rng, now, _recent_days(rng)), rng, now)
            learner.complete(fail_first=rng.random() < 0.18)
            counts["certified"] += 1
            if rng.random() < 0.12:  # some go on to the digital-signature course
                days = max(1, (now - learner.when).days - rng.randint(1, 20))
                Learner(user, signature, _start(rng, now, days), rng, now).complete(fail_first=rng.random() < 0.1)
            continue
        counts["in_progress"] += 1
        learner = Learner(user, basic, _start(rng, now, _recent_days(rng, low=2, span=200)), rng, now)
        learner.enrol()
        if chance < 0.93:
            learner.read(basic.lessons[: rng.randint(1, len(basic.lessons) - 1)])
        else:  # every lesson read, the final quiz failed once: the next attempt is theirs to take
            learner.read(basic.lessons)
            learner.attempt(passing=False)
    businesses = get_user_model().objects.filter(username__startswith=ECOMMERCE_PREFIX).order_by("username")
    for user in businesses:
        start = user.date_joined + datetime.timedelta(minutes=rng.randint(10, 60 * 24 * 3))
        if start > now - datetime.timedelta(days=2):
            start = now - datetime.timedelta(days=2)
        learner = Learner(user, ecommerce, start, rng, now)
        chance = rng.random()
        counts["ecommerce"] += 1
        if chance < 0.22:
            learner.complete(fail_first=rng.random() < 0.2)
        else:
            learner.enrol()
            if chance < 0.75:
                learner.read(ecommerce.lessons[: rng.randint(1, len(ecommerce.lessons))])
    report.created(
        _(
            "a year of learning: %(certified)s learners trained, %(in_progress)s in progress, "
            "%(ecommerce)s e-commerce enrolments"
        )
        % counts
    )
