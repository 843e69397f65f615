"""The public face of reporting: the only module other apps may import from it.

- `coverage(target, on_date=None, root=None, roots=None)`: every agency's population, trained and percent.
- `coverage_for_user(user, target, on_date=None, agency=None)`: the same, limited to what `user` may see.
- `people(target, agency, on_date=None, category=, status=, position=, search=)`: a unit's people and their
  status, in Vietnamese order of given names.
- `enrolment_summary(target, on_date=None)`: enrolments toward an enrolment target, by learner category.
- `targets()`, `target_by_code(code)`, `parse_date(text)`, `report_agency(user, code)`.
- `take_snapshots(on_date=None)`, `trend(target, agency)`, `forecast(target, agency)`.
- A course's results for its trainers: `course_results(course, months)`; who may read them:
  `can_see_course_results(user, course)`, `results_course(user, course_id)`, `results_courses(user)`.
"""

import datetime

from django.http import Http404

from agencies.services import agency_by_code, can_view_agency, is_province_admin, visible_agencies
from courses.services import all_courses, can_edit_course, course_by_id, editable_courses

from .course_results import DEFAULT_MONTHS, MAX_MONTHS, CourseResults, course_results
from .coverage import Coverage, CoverageRow, EnrolmentSummary, coverage, enrolment_summary, today, top_agencies
from .models import Match, Target, TargetKind
from .people import STATUSES, UNTRAINED, PersonRow, people
from .snapshots import Forecast, forecast, take_snapshots, trend, trend_svg
from .tokens import issue_token, user_for_token

__all__ = [
    "STATUSES",
    "UNTRAINED",
    "Coverage",
    "CoverageRow",
    "CourseResults",
    "DEFAULT_MONTHS",
    "EnrolmentSummary",
    "Forecast",
    "MAX_MONTHS",
    "Match",
    "PersonRow",
    "TargetKind",
    "can_see_course_results",
    "course_results",
    "coverage",
    "coverage_for_user",
    "enrolment_summary",
    "forecast",
    "issue_token",
    "parse_date",
    "people",
    "report_agency",
    "results_course",
    "results_courses",
    "scope_roots",
    "take_snapshots",
    "target_by_code",
    "targets",
    "today",
    "trend",
    "trend_svg",
    "user_for_token",
]


def targets():
    return Target.objects.all()


def target_by_code(code):
    return Target.objects.filter(code=(code or "").strip().lower()).first()


def parse_date(text):
    """A date from dd/mm/yyyy or yyyy-mm-dd; None when empty; ValueError when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def scope_roots(user):
    """The top agencies of what `user` may see (agencies' permission rules); None means the whole province."""
    if is_province_admin(user):
        return None
    return top_agencies(list(visible_agencies(user).only("pk", "path", "depth", "code", "name")))


def report_agency(user, code):
    """The agency `code` when `user` may see it; Http404 otherwise (an unknown code looks the same)."""
    agency = agency_by_code(code) if code else None
    if agency is None or not can_view_agency(user, agency):
        raise Http404
    return agency


def coverage_for_user(user, target, on_date=None, agency=None):
    """`coverage()` of `agency` (which the caller has checked with `report_agency`) or of all `user` sees."""
    if agency is not None:
        return coverage(target, on_date, root=agency)
    roots = scope_roots(user)
    if roots is not None and not roots:
        raise Http404
    return coverage(target, on_date, roots=roots)


def can_see_course_results(user, course):
    """A course's results are for those who may edit the course page in Wagtail (its trainers) and for
    province administrators (and superusers); nobody else, HR officers and learners included."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_province_admin(user) or can_edit_course(user, course)


def results_course(user, course_id):
    """The course `course_id` when `user` may read its results; Http404 otherwise (an unknown id, the id
    of another kind of page and a course of someone else all look the same)."""
    course = course_by_id(course_id)
    if course is None or not can_see_course_results(user, course):
        raise Http404
    return course


def results_courses(user):
    """The courses whose results `user` may read, in catalogue order."""
    if getattr(user, "is_authenticated", False) and user.is_active and is_province_admin(user):
        return all_courses()
    return editable_courses(user)  # none for an account signed out or inactive
