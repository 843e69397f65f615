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


def _pass_mark(lesson, course):
    assessment = lesson.assessment if lesson is not None else None
    mark = (assessment.value.get("pass_mark") if assessment is not None else None) or course.pass_mark
    return mark / 100


def judge(statement, *, course_id, lesson_id=None):
    """The verdict on `statement` about a course or one of its lessons (page ids).

    Pages are loaded only for credentials: the site's own statements, the common case, cost no query.
    """
    source, credential = statement_writer(statement)
    if source == SITE:
        return Verdict(trusted=True, may_pass=True, authority=SITE)
    if credential is None or source == SESSION:
        return UNTRUSTED
    from .models import CoursePage, LessonPage, TrustedTool

    if credential.owner_id:
        if lesson_id is None:
            return UNTRUSTED
        return _launched(statement, credential, LessonPage.objects.get(pk=lesson_id), course_id)
    if not TrustedTool.objects.filter(credential_id=credential.pk, courses=course_id).exists():
        return UNTRUSTED
    course = CoursePage.objects.get(pk=course_id)
    lesson = LessonPage.objects.get(pk=lesson_id) if lesson_id is not None else None
    return Verdict(
        trusted=True,
        may_pass=True,
        mastery=_pass_mark(lesson, course),
        authority=f"tool:{credential.pk}:{credential.name}"[:200],
    )


def _launched(statement, credential, lesson, course_id):
    """A launch credential speaks for its learner about the one lesson it was launched on."""
    from .activities import lesson_activity_id
    from .models import CoursePage

    if not credential.activity_id or credential.owner_id != statement.user_id:
        return UNTRUSTED
    if credential.activity_id != lesson_activity_id(lesson) or statement.activity_id != credential.activity_id:
        return UNTRUSTED
    if statement.registration is not None and statement.registration != credential.registration:
        return UNTRUSTED
    graded = lesson.graded_activity
    if graded is None:
        return Verdict(trusted=True, authority="launch")
    mastery = graded.value.get("mastery_score") or CoursePage.objects.get(pk=course_id).pass_mark
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
