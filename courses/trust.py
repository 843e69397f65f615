"""Which statements may move progress: the one place the trust rules live.

The LRS stores every well-formed statement; storing is not believing. A statement moves enrolment,
lesson progress, assessments and completion only when its writer is trusted for that activity:

- the site itself (lesson pages, the server-graded quiz, the course "completed" it emits once its own
  completion rule holds): trusted for everything;
- a tool credential that a province administrator trusts for named courses (`TrustedTool`): lesson
  progress and results for those courses' lessons, enrolment where `can_enrol` holds; its "passed"
  counts only with a score at or above the pass mark;
- a launch credential (one learner, one registration, one activity, short-lived): progress on that
  lesson in that registration only; a pass only where the lesson's xAPI block is graded by the launched
  content, at or above the block's mastery score;
- a learner's browser session, a learner's own credential, any other credential: stored and shown,
  never believed.
"""

import time
from dataclasses import dataclass

from xapi.services import statement_writer

SITE = "site"
SESSION = "session"


@dataclass(frozen=True)
class Verdict:
    trusted: bool
    # May this writer's "passed" finish an assessment lesson?
    may_pass: bool = False
    # The scaled score a pass needs from this writer (None: the writer graded it itself, the site).
    mastery: float | None = None
    # Who, in words kept with each completion as its evidence.
    authority: str = ""


UNTRUSTED = Verdict(trusted=False)


# Trust facts per process: a tool credential's trusted courses, pass marks, a lesson's grading. A statement
# from a tool would otherwise cost up to three queries to judge. Kept TRUST_CACHE_SECONDS; trusting or
# untrusting a tool, or saving a course or lesson page, clears them in this process at once (again when
# the change commits) and in the others within those seconds.
TRUST_CACHE_SECONDS = 5
_MAX_FACTS = 10_000
_facts = {}


def forget(**kwargs):
    """Clear the cached trust facts now and once more when the current transaction commits."""
    from django.db import transaction

    _facts.clear()
    transaction.on_commit(_facts.clear)


def _cached(key, compute):
    now = time.monotonic()
    entry = _facts.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    value = compute()
    if len(_facts) >= _MAX_FACTS:
        _facts.clear()
    _facts[key] = (now + TRUST_CACHE_SECONDS, value)
    return value


@dataclass(frozen=True)
class _Lesson:
    pass_mark: int | None  # the quiz's own pass mark
    graded: bool  # an xAPI block the launched content grades
    mastery: int | None  # that block's mastery score


def _trusted_courses(credential_id):
    from .models import TrustedTool

    def compute():
        courses = TrustedTool.objects.filter(credential_id=credential_id).values_list("courses", flat=True)
        return frozenset(pk for pk in courses if pk is not None)

    return _cached(("tool", credential_id), compute)


def _course_pass_mark(course_id):
    from .models import CoursePage

    return _cached(
        ("course", course_id), lambda: CoursePage.objects.values_list("pass_mark", flat=True).get(pk=course_id)
    )


def _lesson(lesson_id):
    from .models import LessonPage

    def compute():
        lesson = LessonPage.objects.get(pk=lesson_id)
        assessment, graded = lesson.assessment, lesson.graded_activity
        return _Lesson(
            pass_mark=assessment.value.get("pass_mark") if assessment is not None else None,
            graded=graded is not None,
            mastery=graded.value.get("mastery_score") if graded is not None else None,
        )

    return _cached(("lesson", lesson_id), compute)


def judge(statement, *, course_id, lesson_id=None):
    """The verdict on `statement` about a course or one of its lessons (page ids).

    Pages are loaded only for credentials, and their facts kept a few seconds: the site's own statements,
    the common case, cost no query, and a tool's steady stream none after its first.
    """
    source, credential = statement_writer(statement)
    if source == SITE:
        return Verdict(trusted=True, may_pass=True, authority=SITE)
    if credential is None or source == SESSION:
        return UNTRUSTED
    if credential.owner_id:
        if lesson_id is None:
            return UNTRUSTED
        return _launched(statement, credential, lesson_id, course_id)
    if course_id not in _trusted_courses(credential.pk):
        return UNTRUSTED
    course_mark = _course_pass_mark(course_id)
    lesson_mark = _lesson(lesson_id).pass_mark if lesson_id is not None else None
    return Verdict(
        trusted=True,
        may_pass=True,
        mastery=(lesson_mark or course_mark) / 100,
        authority=f"tool:{credential.pk}:{credential.name}"[:200],
    )


def _launched(statement, credential, lesson_id, course_id):
    """A launch credential speaks for its learner about the one lesson it was launched on."""
    from .activities import lesson_activity_id

    if not credential.activity_id or credential.owner_id != statement.user_id:
        return UNTRUSTED
    if credential.activity_id != lesson_activity_id(lesson_id) or statement.activity_id != credential.activity_id:
        return UNTRUSTED
    if statement.registration is not None and statement.registration != credential.registration:
        return UNTRUSTED
    lesson = _lesson(lesson_id)
    if not lesson.graded:
        return Verdict(trusted=True, authority="launch")
    mastery = lesson.mastery or _course_pass_mark(course_id)
    return Verdict(trusted=True, may_pass=True, mastery=mastery / 100, authority="launch")


def score_of(statement):
    """result.score.scaled, or raw within min..max, clamped to 0..1; None without a usable score."""
    score = (statement.data.get("result") or {}).get("score") or {}
    try:
        if "scaled" in score:
            return max(0.0, min(1.0, float(score["scaled"])))
        if "raw" in score and score.get("max"):
            low = score.get("min", 0)
            return max(0.0, min(1.0, (score["raw"] - low) / (score["max"] - low)))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return None


def counts_as_pass(statement, verdict):
    """A "passed" from this writer finishes the assessment: trusted, allowed to pass, score high enough."""
    if not (verdict.trusted and verdict.may_pass):
        return False
    if verdict.mastery is None:
        return True
    scaled = score_of(statement)
    return scaled is not None and scaled >= verdict.mastery - 1e-9
