"""A course's results page for its trainers (/reports/courses/<id>/), its CSV/XLSX, and the list of the
courses a user may read results of.

Who may read a course's results is `reporting.services.results_course`: anyone else gets the same 404
as for a course that does not exist. A bad parameter is a 400 with a reason, never a 500.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import exports
from .params import plain_parameters
from .services import DEFAULT_MONTHS, MAX_MONTHS, course_results, results_course, results_courses

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTH_CHOICES = (6, 12, 24, 36)


class BadParameter(ValueError):
    pass


def _months(request):
    text = request.GET.get("months", "").strip()
    if not text:
        return DEFAULT_MONTHS
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_MONTHS:
        raise BadParameter(
            _("“%(value)s” is not a number of months: give a whole number from 1 to %(most)s.")
            % {"value": text[:20], "most": MAX_MONTHS}
        )
    return int(text)


def _refuse(request, message, course=None):
    context = {"message": message}
    if course is not None:
        context["back"] = reverse("reporting:course_results", args=[course.pk])
        context["back_label"] = _("Back to the course results")
    return render(request, "reporting/bad_request.html", context, status=400)


@login_required
@plain_parameters
def course_results_index(request):
    courses = list(results_courses(request.user).only("pk", "title", "live", "path", "depth"))
    if not courses:
        raise Http404
    return render(request, "reporting/course_results_index.html", {"courses": courses})


def _results(request, course_id):
    """(course, months, result, None), or (course, None, None, the 400 page) for a bad parameter; a course
    the user may not read is a 404 (results_course)."""
    course = results_course(request.user, course_id)
    try:
        months = _months(request)
    except BadParameter as exc:
        return course, None, None, _refuse(request, str(exc), course)
    return course, months, course_results(course, months), None


@login_required
@plain_parameters
def course_results_page(request, course_id):
    course, months, result, refusal = _results(request, course_id)
    if refusal is not None:
        return refusal
    context = {
        "result": result,
        "course": course,
        "month_choices": sorted({*MONTH_CHOICES, months}),
        "query": f"months={months}",
        "admin_url": reverse("wagtailadmin_pages:edit", args=[course.pk]),
    }
    return render(request, "reporting/course_results.html", context)


@login_required
@plain_parameters
def course_results_export(request, course_id, fmt):
    course, months, result, refusal = _results(request, course_id)
    if refusal is not None:
        return refusal
    name = f"ket-qua-{course.slug}-{result.on_date:%Y%m%d}"
    if fmt == "csv":
        content, content_type = exports.course_results_csv(result), "text/csv; charset=utf-8"
    else:
        content, content_type = exports.course_results_xlsx(result), XLSX
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
