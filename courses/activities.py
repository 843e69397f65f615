"""Stable xAPI activity ids for courses, lessons and questions.

They use the page id, never the slug, so renaming or moving a page keeps its history:
    {SITE_URL}/xapi/activities/course/{page id}
    {SITE_URL}/xapi/activities/lesson/{page id}
    {SITE_URL}/xapi/activities/lesson/{page id}/question/{block id}
"""

from django.conf import settings

ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
}


def prefix():
    return f"{settings.SITE_URL}/xapi/activities/"


def extension(name):
    """An extension IRI of ours (quiz details in statements)."""
    return f"{settings.SITE_URL}/xapi/extensions/{name}"


def _pk(page_or_pk):
    return getattr(page_or_pk, "pk", page_or_pk)


def course_activity_id(course):
    return f"{prefix()}course/{_pk(course)}"


def lesson_activity_id(lesson):
    return f"{prefix()}lesson/{_pk(lesson)}"


def question_activity_id(lesson, question_id):
    return f"{lesson_activity_id(lesson)}/question/{question_id}"


def parse_activity_id(activity_id):
    """("course" | "lesson", page id) for an activity id of ours, None for anything else."""
    start = prefix()
    if not activity_id or not activity_id.startswith(start):
        return None
    parts = activity_id[len(start) :].split("/")
    if len(parts) != 2 or parts[0] not in ("course", "lesson") or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])


def activity(kind, page, name=None):
    """The statement object for a course or lesson page, with its name as definition."""
    activity_id = course_activity_id(page) if kind == "course" else lesson_activity_id(page)
    definition = {"type": ACTIVITY_TYPES["assessment" if getattr(page, "is_assessment", False) else kind]}
    title = name or getattr(page, "title", "")
    if title:
        definition["name"] = {"vi-VN": title}
    return {"id": activity_id, "definition": definition}
