"""Progress comes from statements: the site's own, an external client's, replayed or voided."""

import uuid

import pytest

from tests.courses.conftest import actor, lessons_of, snapshot
from tests.xapi.support import VOIDED

pytestmark = pytest.mark.django_db

ADL = "http://adlnet.gov/expapi/verbs/"


def statement(user, verb, activity_id, registration=None, **extra):
    data = {
        "actor": actor(user),
        "verb": {"id": ADL + verb, "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": activity_id},
        **extra,
    }
    if registration:
        data.setdefault("context", {})["registration"] = str(registration)
    return data


@pytest.fixture
def completions():
    """Every `course_completed` signal sent during the test."""
    from courses.signals import course_completed

    sent = []

    def receiver(sender, completion, **kwargs):
        sent.append((sender, completion))

    course_completed.connect(receiver)
    yield sent
    course_completed.disconnect(receiver)


def read(user, lesson, enrolment):
    from courses.activities import activity
    from xapi.services import record

    return record(user, "experienced", activity("lesson", lesson), registration=enrolment.registration)


def quiz_result(user, lesson, enrolment, scaled, passed=None):
    from courses.activities import activity
    from xapi.services import record

    passed = scaled >= 0.75 if passed is None else passed
    return record(
        user,
        "passed" if passed else "failed",
        activity("lesson", lesson),
        result={"score": {"scaled": scaled}, "success": passed},
        registration=enrolment.registration,
    )


def test_enrol_records_a_registered_statement_and_the_processor_makes_the_enrolment(make_course, learner):
    from courses.services import course_activity_id, enrol
    from xapi.models import Statement

    course = make_course()
    enrolment = enrol(learner, course)
    stored = Statement.objects.get(verb_id=ADL + "registered")
    assert stored.activity_id == course_activity_id(course)
    assert stored.registration == enrolment.registration
    assert stored.user_id == learner.pk
    assert enrolment.enrolled_at == stored.timestamp
    assert enrol(learner, course) == enrolment  # a second enrolment is the same one
    assert Statement.objects.filter(verb_id=ADL + "registered").count() == 1


def test_reading_every_lesson_and_passing_completes_the_course(make_course, learner, completions):
    from courses.models import Completion, LessonProgress
    from courses.services import course_activity_id, enrol
    from xapi.models import Statement

    course = make_course(lessons=2)
    first, second, quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    read(learner, first, enrolment)
    read(learner, second, enrolment)
    assert not Completion.objects.exists()
    quiz_result(learner, quiz, enrolment, 0.5)
    assert not Completion.objects.exists()
    assert LessonProgress.objects.get(lesson=quiz).status == "started"
    quiz_result(learner, quiz, enrolment, 1.0)

    completion = Completion.objects.get(enrolment=enrolment)
    assert completion.score == 1.0
    assert completions == [(Completion, completion)]
    course_statements = Statement.objects.filter(activity_id=course_activity_id(course))
    verbs = sorted(s.verb_id.rsplit("/", 1)[-1] for s in course_statements)
    assert verbs == ["completed", "passed", "registered"]
    completed = course_statements.get(verb_id=ADL + "completed")
    assert completed.registration == enrolment.registration
    assert completed.data["result"]["completion"] is True
    # A further lesson statement changes nothing and announces nothing again.
    read(learner, first, enrolment)
    assert Completion.objects.count() == 1 and len(completions) == 1
    assert course_statements.filter(verb_id=ADL + "completed").count() == 1


def test_optional_lessons_are_not_needed_but_the_final_quiz_is(make_course, learner):
    from courses.models import Completion
    from courses.services import enrol

    course = make_course(lessons=3, optional=(2,))
    first, _optional, third, quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    read(learner, first, enrolment)
    read(learner, third, enrolment)
    read(learner, quiz, enrolment)  # opening the quiz lesson is not passing it
    assert not Completion.objects.exists()
    quiz_result(learner, quiz, enrolment, 0.8)
    assert Completion.objects.filter(enrolment=enrolment).exists()


def test_a_launched_activity_reports_progress_on_its_own_lesson_only(make_course, learner, launched_lrs, completions):
    """Content launched from a lesson posts to /xapi/ with the launch credential it was given."""
    from courses.models import AssessmentAttempt, Completion, LessonProgress
    from courses.services import enrol, lesson_activity_id

    course = make_course(lessons=2)
    lesson, other_lesson, quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    lrs = launched_lrs(learner, lesson, enrolment)
    lrs.store(statement(learner, "completed", lesson_activity_id(lesson), enrolment.registration),
              version="2.0.0")  # fmt: skip
    assert LessonProgress.objects.get(enrolment=enrolment, lesson=lesson).status == "completed"
    # Stored, but not believed: another lesson, another registration, the site's own quiz.
    lrs.store(statement(learner, "completed", lesson_activity_id(other_lesson), enrolment.registration))
    lrs.store(statement(learner, "completed", lesson_activity_id(lesson), uuid.uuid4()))
    lrs.store(
        statement(
            learner, "passed", lesson_activity_id(quiz), enrolment.registration,
            result={"score": {"scaled": 1.0}, "success": True},
        )
    )  # fmt: skip
    assert not LessonProgress.objects.filter(lesson__in=[other_lesson, quiz]).exists()
    assert not AssessmentAttempt.objects.exists()
    assert not Completion.objects.exists() and not completions


def test_a_graded_launched_activity_passes_at_its_mastery_score(make_course, learner, launched_lrs, completions):
    from courses.demo import publish
    from courses.models import Completion, LessonPage
    from courses.services import enrol, lesson_activity_id

    course = make_course(lessons=1, quiz=False)
    graded = publish(
        course,
        LessonPage(
            title="Bài tập H5P", slug="h5p",
            body=[{"type": "xapi_activity", "value": {
                "launch_url": "https://h5p.example.vn/bai-tap", "title": "", "height": 600,
                "graded": True, "mastery_score": 70,
            }}],
        ),
    )  # fmt: skip
    assert graded.is_assessment
    (lesson,) = [page for page in lessons_of(course) if page.pk != graded.pk]
    enrolment = enrol(learner, course)
    read(learner, lesson, enrolment)
    lrs = launched_lrs(learner, graded, enrolment)
    below = {"score": {"scaled": 0.6}, "success": True}
    lrs.store(statement(learner, "passed", lesson_activity_id(graded), enrolment.registration, result=below))
    assert not Completion.objects.exists()
    above = {"score": {"scaled": 0.7}, "success": True}
    lrs.store(statement(learner, "passed", lesson_activity_id(graded), enrolment.registration, result=above))
    completion = Completion.objects.get(enrolment=enrolment)
    assert completion.score == 0.7 and completion.evidence_authority == "launch"
    assert len(completions) == 1


def test_a_trusted_tool_passes_at_the_pass_mark_and_not_below(make_course, learner, tool_lrs, completions):
    from courses.models import AssessmentAttempt, Completion
    from courses.services import enrol, lesson_activity_id

    course = make_course(lessons=1, pass_mark=75)
    lesson, quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    lrs = tool_lrs(course)
    lrs.store(statement(learner, "experienced", lesson_activity_id(lesson), enrolment.registration))
    failing = {"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": True}
    lrs.store(statement(learner, "passed", lesson_activity_id(quiz), enrolment.registration, result=failing))
    attempt = AssessmentAttempt.objects.get(enrolment=enrolment)
    assert attempt.score == 0.5 and not attempt.passed
    assert not Completion.objects.exists()
    passing = {"score": {"scaled": 0.9, "raw": 9, "min": 0, "max": 10}, "success": True}
    (evidence,) = lrs.store(
        statement(learner, "passed", lesson_activity_id(quiz), enrolment.registration, result=passing)
    )
    completion = Completion.objects.get(enrolment=enrolment)
    assert completion.score == 0.9 and str(completion.evidence_statement) == evidence
    assert completion.evidence_authority.startswith("tool:")
    assert len(completions) == 1


def test_trusting_and_untrusting_a_tool_take_effect_at_once(make_course, learner, tool_lrs):
    from courses.models import LessonProgress, TrustedTool
    from courses.services import enrol, lesson_activity_id

    course = make_course(lessons=4, quiz=False)
    lessons = lessons_of(course)
    enrolment = enrol(learner, course)
    lrs = tool_lrs()  # a tool trusted for no course yet

    def progress_after_statement_on(lesson):
        lrs.store(statement(learner, "experienced", lesson_activity_id(lesson), enrolment.registration))
        return LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).exists()

    assert not progress_after_statement_on(lessons[0])
    tool = TrustedTool.objects.get()
    tool.courses.add(course)
    assert progress_after_statement_on(lessons[1])
    tool.courses.remove(course)
    assert not progress_after_statement_on(lessons[2])
    tool.courses.add(course)
    tool.delete()
    assert not progress_after_statement_on(lessons[3])


def test_a_tool_moves_progress_only_for_the_courses_it_is_trusted_for(make_course, learner, tool_lrs):
    from courses.models import LessonProgress
    from courses.services import enrol, lesson_activity_id

    trusted, other = make_course(title="Một", lessons=1, quiz=False), make_course(title="Hai", lessons=1, quiz=False)
    lrs = tool_lrs(trusted)
    for course in (trusted, other):
        enrolment = enrol(learner, course)
        (lesson,) = lessons_of(course)
        lrs.store(statement(learner, "experienced", lesson_activity_id(lesson), enrolment.registration))
    assert list(LessonProgress.objects.values_list("enrolment__course_id", flat=True)) == [trusted.pk]


def test_an_external_statement_without_registration_finds_the_enrolment(make_course, learner, tool_lrs):
    from courses.models import LessonProgress
    from courses.services import enrol, lesson_activity_id

    course = make_course(lessons=1, quiz=False)
    (lesson,) = lessons_of(course)
    enrolment = enrol(learner, course)
    tool_lrs(course).store(statement(learner, "experienced", lesson_activity_id(lesson)))
    assert LessonProgress.objects.get(enrolment=enrolment, lesson=lesson).status == "completed"


def test_statements_of_people_not_enrolled_or_about_other_activities_change_nothing(
    make_course, learner, tool_lrs, django_user_model
):
    from courses.models import Enrolment, LessonProgress
    from courses.services import lesson_activity_id

    course = make_course(lessons=1, quiz=False)
    (lesson,) = lessons_of(course)
    lrs = tool_lrs(course)
    lrs.store(statement(learner, "completed", lesson_activity_id(lesson)))  # not enrolled
    lrs.store(statement(learner, "completed", "http://example.com/activities/lesson/1"))
    lrs.store(statement(learner, "registered", lesson_activity_id(lesson), uuid.uuid4()))
    assert not LessonProgress.objects.exists()
    assert not Enrolment.objects.exists()


def test_the_processor_is_cheap_for_statements_it_does_not_care_about(lrs, learner, django_assert_num_queries):
    from courses.progress import process
    from xapi.models import Statement

    lrs.store(statement(learner, "completed", "http://example.com/activities/elsewhere"))
    stored = Statement.objects.get()
    with django_assert_num_queries(0):
        process(stored)


def test_processing_the_same_statement_again_changes_nothing(make_course, learner):
    from courses.progress import process
    from courses.services import enrol
    from xapi.models import Statement

    course = make_course(lessons=1)
    lesson, quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    read(learner, lesson, enrolment)
    quiz_result(learner, quiz, enrolment, 0.5)
    quiz_result(learner, quiz, enrolment, 1.0)
    before = snapshot()
    statements_before = Statement.objects.count()
    for stored in Statement.objects.order_by("stored", "id"):
        process(stored)
    assert snapshot() == before
    assert Statement.objects.count() == statements_before  # no second "completed" was recorded


def test_voiding_a_lesson_completion_takes_it_back(make_course, learner, tool_lrs):
    from courses.models import LessonProgress
    from courses.services import enrol, lesson_activity_id

    course = make_course(lessons=2)
    first, second, _quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    lrs = tool_lrs(course)  # voids what it wrote itself
    read(learner, first, enrolment)
    (wrong,) = lrs.store(statement(learner, "completed", lesson_activity_id(second), enrolment.registration))
    assert LessonProgress.objects.get(lesson=second).status == "completed"
    lrs.store({"actor": actor(learner), "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
               "object": {"objectType": "StatementRef", "id": wrong}})  # fmt: skip
    assert not LessonProgress.objects.filter(lesson=second).exists()
    assert LessonProgress.objects.get(lesson=first).status == "completed"


def test_voiding_the_course_completed_statement_takes_the_completion_back(make_course, learner, lrs):
    from courses.models import Completion
    from courses.services import course_activity_id, enrol
    from xapi.models import Statement

    course = make_course(lessons=1)
    lesson, quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    read(learner, lesson, enrolment)
    quiz_result(learner, quiz, enrolment, 1.0)
    completed = Statement.objects.get(activity_id=course_activity_id(course), verb_id=ADL + "completed")
    lrs.store({"actor": actor(learner), "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
               "object": {"objectType": "StatementRef", "id": str(completed.statement_id)}})  # fmt: skip
    assert not Completion.objects.exists()
    # A rebuild agrees.
    from courses.services import rebuild_progress

    rebuild_progress()
    assert not Completion.objects.exists()


def test_an_external_course_completed_statement_does_not_complete_a_course(make_course, learner, lrs):
    from courses.models import Completion
    from courses.services import course_activity_id, enrol

    course = make_course(lessons=1)
    enrolment = enrol(learner, course)
    lrs.store(statement(learner, "completed", course_activity_id(course), enrolment.registration))
    assert not Completion.objects.exists()


@pytest.fixture
def history(make_course, learner, django_user_model, tool_lrs):
    """Two learners, two courses, a failed and a passed quiz, a voided statement, a trusted tool."""
    from courses.services import enrol, lesson_activity_id

    other = django_user_model.objects.create_user(username="binh", email="binh@example.vn", password="x" * 12)
    course = make_course(title="Một", lessons=2)
    second_course = make_course(title="Hai", lessons=1)
    lrs = tool_lrs(course, second_course)
    one, two, quiz = lessons_of(course)
    enrolment = enrol(learner, course)
    read(learner, one, enrolment)
    quiz_result(learner, quiz, enrolment, 0.25)
    read(learner, two, enrolment)
    quiz_result(learner, quiz, enrolment, 1.0)
    theirs = enrol(other, course)
    read(other, one, theirs)
    (voided,) = lrs.store(statement(other, "completed", lesson_activity_id(two), theirs.registration))
    lrs.store({"actor": actor(other), "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
               "object": {"objectType": "StatementRef", "id": voided}})  # fmt: skip
    (lesson,) = [page for page in lessons_of(second_course) if not page.is_assessment]
    second = enrol(other, second_course)
    lrs.store(statement(other, "launched", lesson_activity_id(lesson), second.registration))
    return course


def test_rebuild_progress_gives_the_same_result(history):
    from django.core.management import call_command

    from courses.models import AssessmentAttempt, Completion, Enrolment, LessonProgress

    before = snapshot()
    assert len(before["completions"]) == 1 and len(before["attempts"]) == 2
    assert len(before["enrolments"]) == 3
    completion_pk = Completion.objects.get().pk
    from io import StringIO

    out = StringIO()
    call_command("rebuild_progress", stdout=out)
    assert snapshot() == before
    assert Completion.objects.get().pk == completion_pk  # kept, so what points at it stays
    assert "1" in out.getvalue()

    # From nothing at all: the statements alone give the same result.
    Completion.objects.all().delete()
    AssessmentAttempt.objects.all().delete()
    LessonProgress.objects.all().delete()
    Enrolment.objects.all().delete()
    call_command("rebuild_progress", stdout=StringIO())
    assert snapshot() == before


def test_rebuild_drops_a_completion_the_statements_do_not_support(history):
    from courses.models import Completion, Enrolment
    from courses.services import rebuild_progress

    stray = Enrolment.objects.exclude(pk=Completion.objects.get().enrolment_id).first()
    Completion.objects.create(enrolment=stray, completed_at=stray.enrolled_at)
    rebuild_progress()
    assert list(Completion.objects.values_list("enrolment__user__username", flat=True)) == ["hoa"]


def test_civil_servant_courses_need_a_roster_entry(make_course, learner):
    from courses.services import EnrolmentRefused, can_enrol, enrol

    course = make_course(audience="civil_servants")
    allowed, reason = can_enrol(learner, course)
    assert allowed is False and len(reason) > 20
    with pytest.raises(EnrolmentRefused):
        enrol(learner, course)
    from courses.models import Enrolment
    from xapi.models import Statement

    assert not Enrolment.objects.exists() and not Statement.objects.exists()


def test_a_roster_linked_account_may_enrol_in_civil_servant_courses(make_course, civil_servant):
    from courses.services import can_enrol, enrol

    course = make_course(audience="civil_servants")
    assert can_enrol(civil_servant, course) == (True, "")
    assert enrol(civil_servant, course).user == civil_servant


def test_prerequisites_must_be_completed_first(make_course, learner):
    from courses.services import can_enrol, enrol

    first = make_course(title="Nhập môn", lessons=1)
    then = make_course(title="Nâng cao")
    then.prerequisites.add(first)
    then.save_revision().publish()
    allowed, reason = can_enrol(learner, then)
    assert not allowed and "Nhập môn" in reason
    enrolment = enrol(learner, first)
    lesson, quiz = lessons_of(first)
    read(learner, lesson, enrolment)
    quiz_result(learner, quiz, enrolment, 1.0)
    assert can_enrol(learner, then) == (True, "")


def test_services_for_other_apps(make_course, learner):
    from courses.services import completion_for, completions_for, enrol, enrolments_for_user

    course = make_course(lessons=1)
    enrolment = enrol(learner, course)
    lesson, quiz = lessons_of(course)
    read(learner, lesson, enrolment)
    assert [e.lessons_done for e in enrolments_for_user(learner)] == [1]
    assert completion_for(learner, course) is None
    quiz_result(learner, quiz, enrolment, 1.0)
    assert completion_for(learner, course).enrolment == enrolment
    assert list(completions_for(users=[learner])) == [completion_for(learner, course)]
    assert list(completions_for(courses=[course], since=enrolment.enrolled_at))
