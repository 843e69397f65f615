"""Course facts that pages, reports and certificates read, each with one owner: this module.

- The lessons of a course: its live lesson pages, in the order of the page tree.
- The completion rule: the lessons that count toward completion are every required lesson and the final
  assessment (the last assessment lesson, whether marked required or not).
- Percent done: the share of the lessons that count toward completion that the learner has done, rounded
  to a whole percent; 0 when nothing counts. It is the completion rule's own measure, so 100 means every
  lesson the rule asks for is done; optional lessons do not move it. The learner's pages, "my learning",
  the HR officers' people lists and their exports all show this one number.

Other apps reach these through `courses.services`. Every read here takes a fixed number of queries,
whatever the number of lessons, learners or courses.
"""

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery

from .models import Completion, CoursePage, Enrolment, LessonPage, LessonProgress

COMPLETED = LessonProgress.Status.COMPLETED


# The lessons of a course ---------------------------------------------------------------------------


def live_lessons(course_path):
    """A course's live lessons, in order, as a queryset (callers choose the fields)."""
    depth = len(course_path) // LessonPage.steplen + 1
    return LessonPage.objects.live().filter(path__startswith=course_path, depth=depth).order_by("path")


def course_lessons(course_path):
    """(id, required, is_assessment) of a course's live lessons, in order: one query."""
    return list(live_lessons(course_path).values_list("id", "required", "is_assessment"))


def rule_for(lessons):
    """(ids of the lessons that count toward completion, the final assessment's id or None).

    `lessons` are (id, required, is_assessment) in course order.
    """
    counted = {pk for pk, required, _is_assessment in lessons if required}
    assessments = [pk for pk, _required, is_assessment in lessons if is_assessment]
    final = assessments[-1] if assessments else None
    if final is not None:
        counted.add(final)
    return counted, final


def completion_rule(course_path):
    """The lesson ids that must be done, and the final assessment's id (or None): one query."""
    return rule_for(course_lessons(course_path))


def final_assessment(course_path):
    """The id of the course's final assessment lesson, or None: one query."""
    return completion_rule(course_path)[1]


# Percent done --------------------------------------------------------------------------------------


def percent(done, counted):
    """The percent done from the number of counted lessons done and the number that count."""
    if not counted:
        return 0
    return min(100, round(100 * done / counted))


def outline(course, course_url, user=None):
    """The course's live lessons in order, with the learner's progress folded in: one query.

    Each row has the lesson's id, title, slug, required, is_assessment, estimated_minutes, its `number`
    and `url`, whether it `counts` toward completion and whether the learner has it `done`. With a
    user, each row also says whether they are enrolled (`enrolment_id`) and have completed the course
    (`course_completed`), so the lesson player needs no query of its own for that.
    """
    lessons = live_lessons(course.path).values("id", "title", "slug", "required", "is_assessment", "estimated_minutes")
    if user is not None and user.is_authenticated:
        theirs = {"enrolment__user_id": user.pk, "enrolment__course_id": course.pk}
        mine = LessonProgress.objects.filter(lesson_id=OuterRef("pk"), **theirs)
        lessons = lessons.annotate(
            status=Subquery(mine.values("status")[:1]),
            last_seen=Subquery(mine.values("last_seen")[:1]),
            enrolment_id=Subquery(Enrolment.objects.filter(user_id=user.pk, course_id=course.pk).values("pk")[:1]),
            course_completed=Exists(Completion.objects.filter(**theirs)),
        )
    return _numbered(list(lessons), course_url)


def _numbered(result, course_url):
    """Number the rows of a course's lessons, give them their url, and say which are done and counted."""
    counted, _final = rule_for([(row["id"], row["required"], row["is_assessment"]) for row in result])
    for number, lesson in enumerate(result, start=1):
        lesson["number"] = number
        lesson["url"] = f"{course_url}{lesson['slug']}/"
        lesson["done"] = lesson.get("status") == COMPLETED
        lesson["counts"] = lesson["id"] in counted
    return result


def outlines(user, courses):
    """{course id: the rows of `outline`} for many courses of one learner: one query, none for no course.

    `courses` are (course page, course url) pairs. Rows carry the learner's `status` and `last_seen` but,
    unlike `outline`, no `enrolment_id` or `course_completed`.
    """
    courses = list(courses)
    if not courses:
        return {}
    by_path = {course.path: (course.pk, url) for course, url in courses}
    under = Q()
    for path in by_path:
        under |= Q(path__startswith=path, depth=len(path) // LessonPage.steplen + 1)
    # A lesson belongs to one course and a learner has one enrolment in it: the lesson and the learner
    # name the progress row.
    mine = LessonProgress.objects.filter(lesson_id=OuterRef("pk"), enrolment__user_id=user.pk)
    rows = (
        LessonPage.objects.live()
        .filter(under)
        .order_by("path")
        .values("id", "path", "title", "slug", "required", "is_assessment", "estimated_minutes")
        .annotate(status=Subquery(mine.values("status")[:1]), last_seen=Subquery(mine.values("last_seen")[:1]))
    )
    lessons = {pk: [] for pk, _url in by_path.values()}
    for row in rows:
        owner = by_path.get(row["path"][: -LessonPage.steplen])
        if owner is not None:
            lessons[owner[0]].append(row)
    urls = dict(by_path.values())
    return {pk: _numbered(rows_, urls[pk]) for pk, rows_ in lessons.items()}


def outline_percent(lessons):
    """Percent done from the rows of `outline`: no query."""
    counted = [lesson for lesson in lessons if lesson["counts"]]
    return percent(sum(1 for lesson in counted if lesson["done"]), len(counted))


def resume_point(lessons):
    """Where the learner left off: the last lesson they opened but did not finish, else the first not done."""
    started = [lesson for lesson in lessons if lesson.get("status") and not lesson["done"]]
    if started:
        return max(started, key=lambda lesson: lesson["last_seen"])
    return next((lesson for lesson in lessons if not lesson["done"]), None)


def learner_courses(user, url_of):
    """The learner's courses, for "my learning" and the home page: two queries, whatever their number.

    `url_of(course)` gives a course page's url. Returns (in progress, completed): dicts with the
    `enrolment`, `course`, `url`, `lessons` (the rows of `outline`), `percent`, `completion` (or None),
    `resume` (the lesson to continue with, None once completed) and `last_activity` (the latest moment
    the learner worked on a lesson, else when they enrolled). Courses in progress come most recently
    active first; completed ones most recently completed first.
    """
    if user is None or not user.is_authenticated:
        return [], []
    enrolments = list(
        Enrolment.objects.filter(user_id=user.pk)
        .select_related("course", "completion")
        .annotate(last_activity=Max("lesson_progress__last_seen"))
        .order_by("-enrolled_at", "-pk")
    )
    urls = {enrolment.course_id: url_of(enrolment.course) for enrolment in enrolments}
    lessons_of = outlines(user, [(enrolment.course, urls[enrolment.course_id]) for enrolment in enrolments])
    in_progress, completed = [], []
    for enrolment in enrolments:
        lessons = lessons_of.get(enrolment.course_id, [])
        try:
            completion = enrolment.completion
        except Completion.DoesNotExist:
            completion = None
        item = {
            "enrolment": enrolment,
            "course": enrolment.course,
            "url": urls[enrolment.course_id],
            "lessons": lessons,
            "percent": outline_percent(lessons),
            "completion": completion,
            "resume": None if completion else resume_point(lessons),
            "last_activity": enrolment.last_activity or enrolment.enrolled_at,
        }
        (completed if completion else in_progress).append(item)
    in_progress.sort(key=lambda item: item["last_activity"], reverse=True)
    completed.sort(key=lambda item: item["completion"].completed_at, reverse=True)
    return in_progress, completed


def percent_done(user, course):
    """A learner's percent done in one course: two queries at most."""
    counted, _final = completion_rule(course.path)
    if not counted:
        return 0
    done = LessonProgress.objects.filter(
        enrolment__user_id=user.pk, enrolment__course_id=course.pk, status=COMPLETED, lesson_id__in=counted
    ).count()
    return percent(done, len(counted))


def counted_lessons(courses):
    """{course id: ids of its live lessons that count toward completion} for many courses.

    `courses` are course pages, or their ids; one query for pages, two for ids, none for no course.
    """
    courses = list(courses)
    if not courses:
        return {}
    paths = {course.path: course.pk for course in courses if isinstance(course, CoursePage)}
    ids = [course for course in courses if not isinstance(course, CoursePage)]
    if ids:
        paths.update(CoursePage.objects.filter(pk__in=ids).values_list("path", "pk"))
    if not paths:
        return {}
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path, depth=len(path) // LessonPage.steplen + 1)
    by_course = {pk: [] for pk in paths.values()}
    rows = LessonPage.objects.live().filter(under).order_by("path")
    for path, pk, required, is_assessment in rows.values_list("path", "id", "required", "is_assessment"):
        course_id = paths.get(path[: -LessonPage.steplen])
        if course_id is not None:
            by_course[course_id].append((pk, required, is_assessment))
    return {course_id: rule_for(lessons)[0] for course_id, lessons in by_course.items()}


def percents_done(user_ids, courses, *, enrolled_before=None):
    """{(user id, course id): percent done} for every enrolment of these users in these courses.

    `courses` as for `counted_lessons`; `enrolled_before` keeps only enrolments made before that moment.
    Three queries at most, whatever the number of users, courses and lessons.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    counted = counted_lessons(courses)
    if not counted:
        return {}
    enrolments = Enrolment.objects.filter(user_id__in=user_ids, course_id__in=list(counted))
    if enrolled_before is not None:
        enrolments = enrolments.filter(enrolled_at__lt=enrolled_before)
    every = set().union(*counted.values())
    if not every:
        return dict.fromkeys(enrolments.values_list("user_id", "course_id"), 0)
    done = Count(
        "lesson_progress",
        filter=Q(lesson_progress__status=COMPLETED, lesson_progress__lesson_id__in=sorted(every)),
    )
    rows = enrolments.annotate(done=done).values_list("user_id", "course_id", "done")
    return {(user_id, course_id): percent(count, len(counted[course_id])) for user_id, course_id, count in rows}
