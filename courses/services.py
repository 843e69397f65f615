"""The public face of courses: the only module other apps may import from it.

- Activity ids: `course_activity_id`, `lesson_activity_id`, `question_activity_id`, `parse_activity_id`.
- Learners: `enrolments_for_user`, `completion_for`, `completions_for`, `can_enrol`, `enrol`,
  `is_roster_member` (the one place the audience rule asks the agencies app); `learner_courses(user, request)`
  (each course with its percent, the lesson to continue with and the last activity, in a fixed number of
  queries) and `latest_in_progress(user, request)` for "my learning" and the home page.
- Where the learner's pages are, from the page tree: `catalogue_url()`, `my_learning_url()`.
- Certificates: listen to `courses.signals.course_completed`; `register_completion_link(fn, many=None)` adds
  a link (a certificate) to the completion page and to "my learning" (`many(completions)`, when given,
  answers for many completions at once: {completion id: link}); `register_renewal_check(fn)` opens
  the final quiz again to a learner whose certificate expires soon or has expired.
- Course facts (`courses.selectors`, their one owner): `course_lessons(course_path)`, `completion_rule(course_path)`
  (the lessons that count toward completion and the final assessment), `final_assessment(course_path)`,
  `percent_done(user, course)` and, for many learners and courses in a fixed number of queries,
  `percents_done(user_ids, courses, enrolled_before=None)`.
- `rebuild_progress()`: progress and completion again from the stored statements.
- Trust (`courses.trust`): `trust_tool(credential, courses)`, `believed_final_pass(statement)`,
  `completion_problems(completion)` (audits); `courses.signals.completion_withdrawn` when evidence is voided.
- `setup_catalogue(index)`: trainers' permissions and the approval workflow on the catalogue.
- A course's figures, for its editors' results page (reporting): `course_by_id`, `can_edit_course`,
  `editable_courses`, `enrolment_status_counts`, `completions_by_month`, `final_assessment_lesson`,
  `assessment_questions`, `attempt_summary`, `question_statistics`. Each is a fixed number of queries.
"""

import uuid
import zoneinfo

from django.conf import settings
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from xapi.services import record

from . import progress, selectors, trust
from .activities import (
    activity,
    course_activity_id,
    lesson_activity_id,
    parse_activity_id,
    question_activity_id,
)
from .models import (
    AssessmentAttempt,
    Audience,
    Completion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    Track,
    TrustedTool,
)

__all__ = [
    "SITE_AUTHORITY",
    "Audience",
    "EVIDENCE_VOIDED",
    "EnrolmentRefused",
    "Track",
    "WORKFLOW_NAME",
    "all_courses",
    "assessment_questions",
    "attempt_summary",
    "audience_refusal",
    "believed_final_pass",
    "can_edit_course",
    "can_enrol",
    "completion_problems",
    "completion_rule",
    "completions_by_month",
    "course_lessons",
    "completions_with_evidence",
    "completion_for",
    "completion_links",
    "completion_links_for",
    "completions_for",
    "course_activity_id",
    "course_by_id",
    "editable_courses",
    "enrol",
    "enrolment_status_counts",
    "enrolments_for_user",
    "final_assessment",
    "final_assessment_lesson",
    "is_course",
    "is_roster_member",
    "last_activity",
    "latest_in_progress",
    "learner_courses",
    "live_courses",
    "lesson_activity_id",
    "catalogue_url",
    "my_learning_url",
    "parse_activity_id",
    "percent_done",
    "percents_done",
    "question_activity_id",
    "question_statistics",
    "rebuild_progress",
    "record_lesson_done",
    "record_quiz_attempt",
    "register_completion_link",
    "register_renewal_check",
    "renewal_due",
    "setup_catalogue",
    "trust_tool",
    "courses_on_tracks",
    "enrolments_before",
]

WORKFLOW_NAME = "Duyệt khóa học"
APPROVAL_TASK_NAME = "Quản trị tỉnh duyệt khóa học"


class EnrolmentRefused(Exception):
    """The learner may not enrol; the message says why, in the learner's language."""


def is_roster_member(user):
    """True when the account is linked to an active entry of an agency's staff roster."""
    from agencies.services import staff_member_for

    member = staff_member_for(user)
    return member is not None and member.active


def courses_on_tracks(tracks):
    """(course id, track) of every course on these tracks, published or not."""
    return CoursePage.objects.filter(track__in=tracks).values_list("pk", "track")


def enrolments_before(course_ids, moment):
    """The enrolments in these courses made before `moment`."""
    return Enrolment.objects.filter(course_id__in=course_ids, enrolled_at__lt=moment)


def enrolments_for_user(user):
    """The learner's enrolments, newest first, with their course and completion (if any)."""
    return (
        Enrolment.objects.filter(user=user)
        .select_related("course", "completion")
        .annotate(lessons_done=Count("lesson_progress", filter=Q(lesson_progress__status="completed"), distinct=True))
        .order_by("-enrolled_at")
    )


def completion_for(user, course):
    return Completion.objects.filter(enrolment__user=user, enrolment__course=course).first()


def completions_for(users=None, courses=None, since=None, until=None):
    """Completions, optionally for some users, some courses, and a time window (completed_at)."""
    queryset = Completion.objects.select_related("enrolment__user", "enrolment__course")
    if users is not None:
        queryset = queryset.filter(enrolment__user__in=users)
    if courses is not None:
        queryset = queryset.filter(enrolment__course__in=courses)
    if since is not None:
        queryset = queryset.filter(completed_at__gte=since)
    if until is not None:
        queryset = queryset.filter(completed_at__lt=until)
    return queryset


def can_enrol(user, course):
    """(True, "") or (False, the reason in the learner's language)."""
    if not getattr(user, "is_authenticated", False):
        return False, _("Sign in to enrol.")
    if not course.live:
        return False, _("This course is not published.")
    refusal = audience_refusal(user, course)
    return (False, refusal) if refusal else (True, "")


def audience_refusal(user, course):
    """Why `user` is outside the course's audience or lacks its prerequisites, or "" when they may take it."""
    if course.audience == Audience.CIVIL_SERVANTS and not is_roster_member(user):
        return _(
            "This course is for cadres, civil servants and public employees on an agency's staff roster. "
            "Ask your agency's HR officer to link your account to the roster."
        )
    prerequisites = list(course.prerequisites.all())
    if prerequisites:
        done = set(
            Completion.objects.filter(enrolment__user=user, enrolment__course__in=prerequisites).values_list(
                "enrolment__course_id", flat=True
            )
        )
        missing = [p.title for p in prerequisites if p.pk not in done]
        if missing:
            return _("Complete these courses first: %(courses)s.") % {"courses": ", ".join(missing)}
    return ""


def enrol(user, course):
    """Enrol `user` (a "registered" statement); return the Enrolment. Raises EnrolmentRefused."""
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    allowed, reason = can_enrol(user, course)
    if not allowed:
        raise EnrolmentRefused(reason)
    registration = uuid.uuid4()
    record(user, "registered", activity("course", course), registration=registration)
    return Enrolment.objects.get(registration=registration)


_completion_links = []
_completion_links_many = {}


def register_completion_link(fn, many=None):
    """`fn(completion)` returns (label, url) or None; the links show on completion and "my learning".

    `many(completions)`, when given, returns {completion id: (label, url)} for many completions in a fixed
    number of queries: "my learning" then costs the same whatever the number of completed courses.
    """
    if fn not in _completion_links:
        _completion_links.append(fn)
    if many is not None:
        _completion_links_many[fn] = many
    return fn


_renewal_checks = []


def register_renewal_check(fn):
    """`fn(user, course)` is True when the learner should retake the final assessment to renew (certificates)."""
    if fn not in _renewal_checks:
        _renewal_checks.append(fn)
    return fn


def renewal_due(user, course):
    return any(fn(user, course) for fn in _renewal_checks)


def completion_links(completion):
    links = []
    for fn in _completion_links:
        link = fn(completion)
        if link:
            links.append(link)
    return links


def completion_links_for(completions):
    """{completion id: its links} for many completions: a fixed number of queries per registered link
    that answers for many at once (`register_completion_link(fn, many=...)`)."""
    completions = list(completions)
    links = {completion.pk: [] for completion in completions}
    if not completions:
        return links
    for fn in _completion_links:
        many = _completion_links_many.get(fn)
        found = many(completions) if many is not None else {c.pk: fn(c) for c in completions}
        for completion in completions:
            link = found.get(completion.pk)
            if link:
                links[completion.pk].append(link)
    return links


def learner_courses(user, request=None):
    """(in progress, completed): the learner's courses with their percent done, the lesson to continue
    with (`resume`), the last activity and, once completed, the completion and its `links`. A fixed
    number of queries, whatever the number of courses (`courses.selectors.learner_courses`)."""
    in_progress, completed = selectors.learner_courses(user, lambda course: course.get_url(request))
    links = completion_links_for([item["completion"] for item in completed])
    for item in completed:
        item["links"] = links[item["completion"].pk]
    return in_progress, completed


def latest_in_progress(user, request=None):
    """The course in progress the learner worked on last (as in `learner_courses`), or None."""
    in_progress, _completed = selectors.learner_courses(user, lambda course: course.get_url(request))
    return in_progress[0] if in_progress else None


def catalogue_url():
    """The catalogue's url, from the page tree (None before a catalogue exists)."""
    index = CourseIndexPage.objects.live().first()
    if index is None or not index.url:
        return None
    return index.url


def my_learning_url():
    """The learner's "my learning" page, from the page tree (None before a catalogue exists)."""
    index = CourseIndexPage.objects.live().first()
    if index is None or not index.url:
        return None
    return index.url + index.reverse_subpage("my_learning")


def rebuild_progress():
    return progress.rebuild()


believed_final_pass = progress.believed_final_pass
completion_problems = progress.completion_problems
EVIDENCE_VOIDED = progress.EVIDENCE_VOIDED
# The evidence authority of what the site itself wrote (its lessons, its quiz, its own records).
SITE_AUTHORITY = trust.SITE

course_lessons = selectors.course_lessons
completion_rule = selectors.completion_rule
final_assessment = selectors.final_assessment
percent_done = selectors.percent_done
percents_done = selectors.percents_done


def completions_with_evidence():
    """Every completion with its learner and course, for audits."""
    return Completion.objects.select_related("enrolment__user", "enrolment__course").order_by("pk")


def trust_tool(credential, courses, note=""):
    """Trust an LRS credential (not a learner's) to report progress for `courses`; returns the TrustedTool."""
    if credential.owner_id:
        raise ValueError("a learner's credential cannot be trusted as a tool")
    tool, _created = TrustedTool.objects.get_or_create(credential=credential, defaults={"note": note})
    tool.courses.add(*courses)
    return tool


def setup_catalogue(index):
    """Trainers add and edit below the catalogue but do not publish; a province administrator approves.

    Idempotent. The role groups are the agencies app's ("Trainers", "Province administrators").
    """
    from django.contrib.auth.models import Permission
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from agencies.services import PROVINCE_ADMINS, TRAINERS, ensure_role_groups

    groups = ensure_role_groups()
    trainers, admins = groups[TRAINERS], groups[PROVINCE_ADMINS]

    def page_permission(codename):
        return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)

    for group, codenames in (
        (trainers, ["add_page", "change_page"]),
        (admins, ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=page_permission(codename))
    # Wagtail's migrations make the root collection; a database emptied since (a flush, a partial restore)
    # has none, and trainers would then get no image or document permissions at all.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    if root_collection is not None:
        for group in (trainers, admins):
            for app_label, codename in (
                ("wagtailimages", "add_image"),
                ("wagtailimages", "choose_image"),
                ("wagtaildocs", "add_document"),
                ("wagtaildocs", "choose_document"),
            ):
                permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(admins)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def course_for_lesson(lesson):
    return CoursePage.objects.get(path=lesson.path[: -LessonPage.steplen])


# A course's figures, for the results page its editors read (reporting.course_results) ----------------

# The largest primary key the database holds: a longer number in a URL is no course (and no overflow).
_MAX_ID = 2**31 - 1


def course_by_id(pk):
    """The course page with this id, or None (an id of another kind of page is None too)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk <= _MAX_ID:
        return None
    return CoursePage.objects.filter(pk=pk).first()


def all_courses():
    """Every course page, published or not, in catalogue (tree) order: the choices of the admin's forms."""
    return CoursePage.objects.order_by("path")


def live_courses():
    """The published courses, by title."""
    return CoursePage.objects.live().order_by("title")


def is_course(page):
    """Whether `page` (a page of any type, specific or not) is a course page."""
    return issubclass(page.specific_class or type(page), CoursePage)


def last_activity(user_ids):
    """{user id: when each of these learners last did anything in a course, else when they last enrolled}."""
    rows = (
        Enrolment.objects.filter(user_id__in=user_ids)
        .values("user_id")
        .annotate(last_seen=Max("lesson_progress__last_seen"), enrolled=Max("enrolled_at"))
    )
    return {row["user_id"]: row["last_seen"] or row["enrolled"] for row in rows}


def can_edit_course(user, course):
    """Whether Wagtail lets `user` edit the course page (its own page permissions, owners included)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return course.permissions_for_user(user).can_edit()


def editable_courses(user):
    """The course pages `user` may edit in the Wagtail admin, in tree order."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CoursePage.objects.none()
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return CoursePage.objects.filter(pk__in=pages.values("pk")).order_by("path")


def enrolment_status_counts(course):
    """{"enrolled", "not_started", "in_progress", "completed"}: one query.

    In progress: enrolled, not completed, with some lesson progress or a quiz attempt.
    """
    started = Exists(LessonProgress.objects.filter(enrolment=OuterRef("pk"))) | Exists(
        AssessmentAttempt.objects.filter(enrolment=OuterRef("pk"))
    )
    counts = Enrolment.objects.filter(course=course).aggregate(
        enrolled=Count("pk"),
        completed=Count("pk", filter=Q(completion__isnull=False)),
        in_progress=Count("pk", filter=Q(completion__isnull=True) & Q(started)),
    )
    counts["not_started"] = counts["enrolled"] - counts["completed"] - counts["in_progress"]
    return counts


def completions_by_month(course, since, until):
    """{first day of the month (a date, local time): completions} for completions in [since, until)."""
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    rows = (
        Completion.objects.filter(enrolment__course=course, completed_at__gte=since, completed_at__lt=until)
        .annotate(month=TruncMonth("completed_at", tzinfo=local))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    months = {}
    for row in rows:
        month = row["month"]
        month = month.astimezone(local).date() if hasattr(month, "astimezone") else month
        months[month.replace(day=1)] = months.get(month.replace(day=1), 0) + row["count"]
    return months


def final_assessment_lesson(course):
    """The course's final assessment lesson (the one its completion rule asks for), or None."""
    final = selectors.final_assessment(course.path)
    if final is None:
        return None
    return LessonPage.objects.filter(pk=final).first()


def assessment_questions(lesson):
    """The question pool of the lesson's quiz, in the trainer's order: dicts of id, number, kind, text,
    options ([(value, label)]) and correct (the right values).

    Empty when the lesson is graded by external content (the site does not see its questions).
    """
    from .quiz import pool

    assessment = lesson.assessment if lesson is not None else None
    if assessment is None:
        return []
    return [{**question, "number": number} for number, question in enumerate(pool(assessment).values(), start=1)]


def attempt_summary(lesson):
    """Submitted attempts of the lesson's quiz: {"attempts", "passed", "average" (0..1 or None),
    "learners", "learners_passed"}; one query."""
    figures = AssessmentAttempt.objects.filter(lesson=lesson).aggregate(
        n_attempts=Count("pk"),
        n_passed=Count("pk", filter=Q(passed=True)),
        mean_score=Avg("score"),
        n_learners=Count("enrolment", distinct=True),
        n_learners_passed=Count("enrolment", filter=Q(passed=True), distinct=True),
    )
    return {
        "attempts": figures["n_attempts"],
        "passed": figures["n_passed"],
        "average": figures["mean_score"],
        "learners": figures["n_learners"],
        "learners_passed": figures["n_learners_passed"],
    }


def question_statistics(lesson):
    """{question id: (times answered, times right, {option value: times chosen in a wrong answer})} over
    every attempt of the lesson's quiz; one query.

    The site's quiz keeps each attempt's graded answers on the attempt (from its "passed"/"failed"
    statement), so this reads no statement.
    """
    stats = {}
    for answers in AssessmentAttempt.objects.filter(lesson=lesson).values_list("answers", flat=True).iterator(2000):
        if not isinstance(answers, dict):
            continue
        for question_id, answer in answers.items():
            answered, right, wrong_choices = stats.get(question_id, (0, 0, {}))
            correct = isinstance(answer, dict) and answer.get("correct") is True
            if not correct and isinstance(answer, dict) and isinstance(answer.get("response"), list):
                for value in answer["response"]:
                    if isinstance(value, str):
                        wrong_choices[value] = wrong_choices.get(value, 0) + 1
            stats[question_id] = (answered + 1, right + int(correct), wrong_choices)
    return stats


def record_lesson_done(user, lesson, registration, *, timestamp=None):
    """Record, as the site, that `user` read `lesson` to the end ("experienced", completion true)."""
    record(
        user,
        "experienced",
        activity("lesson", lesson),
        result={"completion": True},
        registration=registration,
        timestamp=timestamp,
    )


def record_quiz_attempt(user, result, registration, *, timestamp=None, skip_verbs=()):
    """Record the statements a graded attempt (`courses.quiz.grade`) produced, in order, as the site."""
    for statement in result.statements:
        if statement.verb in skip_verbs:
            continue
        record(
            user,
            statement.verb,
            statement.object,
            result=statement.result,
            context=statement.context,
            registration=registration,
            timestamp=timestamp,
        )
