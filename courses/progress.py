"""The statement processor: xAPI statements in, enrolment, lesson progress and completion out.

`process(statement)` runs for every stored statement, in the transaction that stores it, whatever its
source (the site's own pages through `xapi.services.record`, or an external tool posting to /xapi/).
It returns at once for statements that are not about one of our activities, and believes only
statements whose writer is trusted for that activity (`courses.trust`); the rest stay in the LRS.

What counts:
- "registered" on a course activity, with a registration: an Enrolment with that registration, when
  `can_enrol` holds at that moment (audience, prerequisites).
- "launched"/"initialized"/"progressed" on a lesson: the lesson is started (resume point).
- "experienced"/"completed" on a lesson: the lesson is done (an assessment lesson needs "passed").
- "passed"/"failed" on a lesson: an assessment attempt (score from result.score.scaled); "passed" is done
  when the writer may pass it and the score reaches its mastery (`trust.counts_as_pass`).
- Every required lesson done and the last assessment passed: a Completion; the site then records
  "completed" and "passed" for the course and sends `courses.signals.course_completed`.
- A "completed" course statement from the site itself also stands for a completion (so a rebuild
  keeps completions already awarded); voiding it, or the completion's evidence, withdraws the completion
  (`courses.signals.completion_withdrawn`: its certificate is revoked).
- Voiding a lesson statement recomputes that enrolment's lesson progress without it.

The same statement processed twice changes nothing, and `rebuild()` gives what live processing gave.
"""

import contextlib
import threading
import uuid

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from xapi.services import VERBS, record, replay, standing_statements, stored_statement

from . import trust
from .activities import activity, extension, lesson_activity_id, parse_activity_id
from .models import AssessmentAttempt, Completion, CoursePage, Enrolment, LessonPage, LessonProgress
from .selectors import completion_rule, course_lessons
from .signals import completion_withdrawn, course_completed

EVIDENCE_VOIDED = "evidence voided"

REGISTERED = VERBS["registered"]
STARTED = {VERBS["launched"], VERBS["initialized"], VERBS["progressed"]}
DONE = {VERBS["experienced"], VERBS["completed"]}
PASSED, FAILED, COMPLETED = VERBS["passed"], VERBS["failed"], VERBS["completed"]
LESSON_VERBS = STARTED | DONE | {PASSED, FAILED}
VOIDED = VERBS["voided"]
RELEVANT_VERBS = sorted(LESSON_VERBS | {REGISTERED, VOIDED})


class _Mode(threading.local):
    rebuilding = False
    confirmed = None  # completion ids met again during a rebuild


mode = _Mode()


def cares(statement):
    """Whether `process` may act on a statement as sent: a voiding, or one whose object is our activity.

    Cheap, so the LRS can store every other statement without a transaction.
    """
    if statement["verb"]["id"] == VOIDED:
        return True
    obj = statement["object"]
    return obj.get("objectType", "Activity") == "Activity" and parse_activity_id(obj["id"]) is not None


def process(statement):
    if statement.is_voiding:
        _on_voiding(statement)
        return
    parsed = parse_activity_id(statement.activity_id)
    if parsed is None or statement.voided or statement.user_id is None:
        return
    kind, pk = parsed
    verb = statement.verb_id
    if kind == "course":
        if verb == REGISTERED:
            _register(statement, pk)
        elif verb == COMPLETED and statement.source == trust.SITE:
            _completed_statement(statement, pk)
        return
    if verb in LESSON_VERBS:
        _lesson_statement(statement, pk, check_completion=True)


def _register(statement, course_pk):
    if statement.registration is None:
        return
    if Enrolment.objects.filter(registration=statement.registration).exists():
        return
    if Enrolment.objects.filter(user_id=statement.user_id, course_id=course_pk).exists():
        return  # one enrolment per learner and course; a second registration is ignored
    course = CoursePage.objects.filter(pk=course_pk).first()
    if course is None or not trust.judge(statement, course_id=course_pk).trusted:
        return
    if not mode.rebuilding:
        # The audience and prerequisites hold now, whoever asks; a rebuild keeps what was allowed then.
        from django.contrib.auth import get_user_model

        from .services import can_enrol

        allowed, _reason = can_enrol(get_user_model().objects.get(pk=statement.user_id), course)
        if not allowed:
            return
    try:
        with transaction.atomic():
            Enrolment.objects.create(
                user_id=statement.user_id,
                course_id=course_pk,
                registration=statement.registration,
                enrolled_at=statement.timestamp,
            )
    except IntegrityError:
        pass  # the same registration or a second one for the course, at the same moment: the first stands


def _enrolment_for(statement, course_path):
    enrolments = Enrolment.objects.filter(user_id=statement.user_id, course__path=course_path)
    if statement.registration is not None:
        enrolments = enrolments.filter(registration=statement.registration)
    return enrolments.first()


def _lesson_statement(statement, lesson_pk, *, check_completion):
    lesson = LessonPage.objects.filter(pk=lesson_pk).values("id", "path", "depth", "is_assessment").first()
    if lesson is None:
        return
    course_path = lesson["path"][: -LessonPage.steplen]
    enrolment = _enrolment_for(statement, course_path)
    if enrolment is None:
        return  # not enrolled: the statement stays in the LRS, progress is not ours to keep
    verdict = trust.judge(statement, course_id=enrolment.course_id, lesson_id=lesson_pk)
    if not verdict.trusted:
        return  # stored and shown, never believed
    verb = statement.verb_id
    when = statement.timestamp
    passes = verb == PASSED and trust.counts_as_pass(statement, verdict)
    if verb in (PASSED, FAILED):
        _attempt(statement, enrolment, lesson_pk, passes)
    if lesson["is_assessment"]:
        done = passes or (
            verb == COMPLETED and _success(statement) is True and trust.counts_as_pass(statement, verdict)
        )
    else:
        done = verb in DONE or verb == PASSED
    progress, created = _progress_row(
        enrolment,
        lesson_pk,
        status=LessonProgress.Status.COMPLETED if done else LessonProgress.Status.STARTED,
        first_seen=when,
        last_seen=when,
        completed_at=when if done else None,
    )
    if not created:
        changed = False
        if when < progress.first_seen:
            progress.first_seen, changed = when, True
        if when > progress.last_seen:
            progress.last_seen, changed = when, True
        if done and (progress.completed_at is None or when < progress.completed_at):
            progress.status, progress.completed_at, changed = LessonProgress.Status.COMPLETED, when, True
        if changed:
            progress.save(update_fields=["status", "first_seen", "last_seen", "completed_at"])
    if done and check_completion:
        _check_completion(enrolment, course_path, statement, verdict)


def _progress_row(enrolment, lesson_pk, **values):
    """(row, created): the progress row of a lesson, made race-free and locked for this transaction.

    Statements about one lesson may arrive at once (a batch of tools, double clicks): the unique
    constraint decides which insert wins, the losers read the winner's row under a lock.
    """
    mine = LessonProgress.objects.filter(enrolment=enrolment, lesson_id=lesson_pk)
    found = mine.select_for_update().first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return LessonProgress.objects.create(enrolment=enrolment, lesson_id=lesson_pk, **values), True
    except IntegrityError:
        return mine.select_for_update().get(), False


def _success(statement):
    return (statement.data.get("result") or {}).get("success")


_scaled = trust.score_of


def _attempt(statement, enrolment, lesson_pk, passes):
    if AssessmentAttempt.objects.filter(statement_id=statement.statement_id).exists():
        return
    extensions = (statement.data.get("context") or {}).get("extensions") or {}
    key = extensions.get(extension("attempt"))
    try:
        key = uuid.UUID(str(key)) if key else None
    except ValueError:
        key = None
    if key and AssessmentAttempt.objects.filter(attempt_key=key).exists():
        return
    started = extensions.get(extension("started"))
    try:  # a tool's extensions are its own business: odd values are dropped, never an error
        started = parse_datetime(started) if isinstance(started, str) else None
    except ValueError:
        started = None
    questions = extensions.get(extension("questions"))
    answers = extensions.get(extension("answers"))
    with contextlib.suppress(IntegrityError), transaction.atomic():  # one attempt per form, even sent twice at once
        AssessmentAttempt.objects.create(
            enrolment=enrolment,
            lesson_id=lesson_pk,
            statement_id=statement.statement_id,
            attempt_key=key,
            score=_scaled(statement),
            passed=passes,
            started_at=started,
            submitted_at=statement.timestamp,
            question_ids=questions if isinstance(questions, list) else [],
            answers=answers if isinstance(answers, dict) else {},
        )


def without_assessment(course_path):
    return CoursePage.objects.filter(path=course_path, completion_without_assessment=True).exists()


def _check_completion(enrolment, course_path, statement, verdict):
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    existing = Completion.objects.filter(enrolment=enrolment).first()
    if existing is not None and not mode.rebuilding:
        return
    if mode.rebuilding and existing is not None and existing.pk in mode.confirmed:
        return
    needed, final = completion_rule(course_path)
    if not needed:
        return
    if final is None and not without_assessment(course_path):
        return  # no final quiz yet, and the trainer did not choose completion without one
    done = set(
        LessonProgress.objects.filter(
            enrolment=enrolment, status=LessonProgress.Status.COMPLETED, lesson_id__in=needed
        ).values_list("lesson_id", flat=True)
    )
    if done != needed:
        return
    score = None
    if final:
        scores = AssessmentAttempt.objects.filter(
            enrolment=enrolment, lesson_id=final, passed=True, score__isnull=False
        ).values_list("score", flat=True)
        score = max(scores, default=None)
    when = statement.timestamp
    evidence = {"evidence_statement": statement.statement_id, "evidence_authority": verdict.authority}
    if mode.rebuilding:
        completion, _created = Completion.objects.update_or_create(
            enrolment=enrolment, defaults={"completed_at": when, "score": score, **evidence}
        )
        mode.confirmed.add(completion.pk)
        return
    completion = Completion.objects.create(enrolment=enrolment, completed_at=when, score=score, **evidence)
    _announce(completion)


def _announce(completion):
    """Record the course's "completed" and "passed" statements, then tell the certificates app."""
    enrolment = completion.enrolment
    course = CoursePage.objects.only("id", "title").get(pk=enrolment.course_id)
    result = {"completion": True, "success": True}
    if completion.score is not None:
        result["score"] = {"scaled": round(completion.score, 4)}
    for verb in ("completed", "passed"):
        # Course statements only confirm a completion that exists: no recursion back into this.
        record(
            enrolment.user,
            verb,
            activity("course", course),
            result=result,
            registration=enrolment.registration,
            timestamp=completion.completed_at,
        )
    course_completed.send(sender=Completion, completion=completion)


def _completed_statement(statement, course_pk):
    """The site's own "completed" for a course stands for the completion it announced."""
    enrolment = Enrolment.objects.filter(
        user_id=statement.user_id, course_id=course_pk, registration=statement.registration
    ).first()
    if enrolment is None:
        return
    existing = Completion.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        if mode.rebuilding:
            mode.confirmed.add(existing.pk)
        return
    completion = Completion.objects.create(
        enrolment=enrolment,
        completed_at=statement.timestamp,
        score=_scaled(statement),
        evidence_statement=statement.statement_id,
        evidence_authority=trust.SITE,
    )
    if mode.rebuilding:
        mode.confirmed.add(completion.pk)


def _on_voiding(statement):
    target = stored_statement(
        statement.object_statement_id,
        fields=("statement_id", "activity_id", "verb_id", "user_id", "registration", "data", "source"),
    )
    if target is None or target.user_id is None:
        return
    if not mode.rebuilding:
        for completion in Completion.objects.filter(evidence_statement=target.statement_id):
            withdraw(completion, EVIDENCE_VOIDED)
    parsed = parse_activity_id(target.activity_id)
    if parsed is None:
        return
    kind, pk = parsed
    if kind == "course":
        if target.verb_id == COMPLETED and target.source == trust.SITE:
            completions = Completion.objects.filter(
                enrolment__user_id=target.user_id,
                enrolment__course_id=pk,
                enrolment__registration=target.registration,
            )
            for completion in completions:
                if mode.rebuilding:
                    completion.delete()  # certificates were revoked when it was voided live
                else:
                    withdraw(completion, EVIDENCE_VOIDED)
        return
    if mode.rebuilding or target.verb_id not in LESSON_VERBS:
        return  # a rebuild never counted the voided statement in the first place
    lesson = LessonPage.objects.filter(pk=pk).values("path").first()
    if lesson is None:
        return
    enrolment = _enrolment_for(target, lesson["path"][: -LessonPage.steplen])
    if enrolment is not None:
        recompute_lessons(enrolment)


def withdraw(completion, reason):
    """Take a completion back: listeners (certificates) act on it first, then it is deleted.

    The learner may earn the course again; a new completion then gets a new certificate.
    """
    completion_withdrawn.send(sender=Completion, completion=completion, reason=reason)
    completion.delete()


def recompute_lessons(enrolment):
    """Lesson progress and attempts of one enrolment again, from its statements that still stand.

    A completion already awarded stays (it has its own "completed" statement; void that to take it back).
    """
    lesson_ids = [pk for pk, _, _ in course_lessons(enrolment.course.path)]
    LessonProgress.objects.filter(enrolment=enrolment).delete()
    AssessmentAttempt.objects.filter(enrolment=enrolment).delete()
    statements = standing_statements(enrolment.user_id, [lesson_activity_id(pk) for pk in lesson_ids], LESSON_VERBS)
    for item in statements:
        if item.registration is None or item.registration == enrolment.registration:
            _lesson_statement(item, parse_activity_id(item.activity_id)[1], check_completion=False)


def rebuild():
    """Progress and completion again from the stored statements alone; returns a summary of counts.

    Lesson progress and attempts are made anew; enrolments and completions are kept where the
    statements still support them (others point at them), and completions they no longer support go.
    Nothing is recorded and no signal is sent.
    """
    with transaction.atomic():
        LessonProgress.objects.all().delete()
        AssessmentAttempt.objects.all().delete()
        before = set(Completion.objects.values_list("pk", flat=True))
        mode.rebuilding, mode.confirmed = True, set()
        try:
            replay(process, verb_ids=RELEVANT_VERBS)
            stale = sorted(before - mode.confirmed)
            for start in range(0, len(stale), 500):  # in chunks: databases limit query parameters
                Completion.objects.filter(pk__in=stale[start : start + 500]).delete()
        finally:
            mode.rebuilding, mode.confirmed = False, None
    return {
        "enrolments": Enrolment.objects.count(),
        "lesson_progress": LessonProgress.objects.count(),
        "attempts": AssessmentAttempt.objects.count(),
        "completions": Completion.objects.count(),
    }


def final_assessment_course(lesson_pk):
    """The course whose final assessment is lesson `lesson_pk`, or None."""
    lesson = LessonPage.objects.filter(pk=lesson_pk).values("id", "path", "is_assessment").first()
    if lesson is None or not lesson["is_assessment"]:
        return None
    course_path = lesson["path"][: -LessonPage.steplen]
    _needed, final = completion_rule(course_path)
    if final != lesson_pk:
        return None
    return CoursePage.objects.filter(path=course_path).first()


def believed_final_pass(statement):
    """The course when `statement` is a believed pass of its final assessment (renewals), else None."""
    if statement.verb_id != PASSED or statement.voided or statement.user_id is None:
        return None
    parsed = parse_activity_id(statement.activity_id)
    if parsed is None or parsed[0] != "lesson":
        return None
    course = final_assessment_course(parsed[1])
    if course is None:
        return None
    verdict = trust.judge(statement, course_id=course.pk, lesson_id=parsed[1])
    return course if trust.counts_as_pass(statement, verdict) else None


def _site_quiz_holds(statement, lesson, course):
    """A site quiz pass carries its answers: they must grade to at least the pass mark."""
    extensions = (statement.data.get("context") or {}).get("extensions") or {}
    answers = extensions.get(extension("answers"))
    if not isinstance(answers, dict) or not answers:
        return False
    right = sum(1 for answer in answers.values() if isinstance(answer, dict) and answer.get("correct") is True)
    mark = (lesson.assessment.value.get("pass_mark") or course.pass_mark) / 100
    scaled = trust.score_of(statement)
    return scaled is not None and scaled >= mark - 1e-9 and right / len(answers) >= mark - 1e-9


def completion_problems(completion):
    """Why `completion` lacks trusted evidence under today's rules (empty when it stands).

    Re-checks what an older version may have let through: the audience rule, a voided evidence statement,
    and the completion rule replayed with only believed statements (a site quiz pass must also grade).
    """
    from django.utils.translation import gettext as _

    problems = []
    enrolment = completion.enrolment
    course = CoursePage.objects.get(pk=enrolment.course_id)
    user = enrolment.user
    from .services import audience_refusal

    refusal = audience_refusal(user, course)
    if refusal:
        problems.append(refusal)
    if completion.evidence_statement is not None:
        evidence = stored_statement(completion.evidence_statement, fields=("voided",))
        if evidence is None or evidence.voided:
            problems.append(_("The statement that completed the course is voided or missing."))
    needed, final = completion_rule(course.path)
    lessons = {page.pk: page for page in LessonPage.objects.filter(pk__in=needed)}
    done = set()
    statements = standing_statements(user.pk, [lesson_activity_id(pk) for pk in needed], LESSON_VERBS)
    for item in statements:
        if item.registration is not None and item.registration != enrolment.registration:
            continue
        lesson_pk = parse_activity_id(item.activity_id)[1]
        lesson = lessons[lesson_pk]
        verdict = trust.judge(item, course_id=course.pk, lesson_id=lesson_pk)
        if not verdict.trusted:
            continue
        if lesson.is_assessment:
            if item.verb_id != PASSED or not trust.counts_as_pass(item, verdict):
                continue
            site_quiz = item.source == trust.SITE and lesson.assessment is not None
            if site_quiz and not _site_quiz_holds(item, lesson, course):
                continue
        elif item.verb_id not in DONE and item.verb_id != PASSED:
            continue
        done.add(lesson_pk)
    if final is not None and final not in done:
        problems.append(_("No trusted pass of the final assessment at or above the pass mark."))
    missing = [lessons[pk].title for pk in sorted(needed - done - {final})]
    if missing:
        problems.append(_("Lessons without trusted evidence: %(lessons)s.") % {"lessons": ", ".join(missing)})
    return problems
