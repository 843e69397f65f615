"""The report pages: /reports/coverage/ (the tree), a unit's people, and their CSV/XLSX exports.

Every view asks agencies' permission module what the user may see (through reporting.services): an
agency outside the user's scope is a 404, exactly like an agency that does not exist.
"""

import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from agencies.services import StaffCategory

from . import exports
from .params import plain_parameters
from .services import (
    STATUSES,
    TargetKind,
    coverage_for_user,
    enrolment_summary,
    forecast,
    parse_date,
    people,
    report_agency,
    scope_roots,
    target_by_code,
    targets,
    today,
    trend,
    trend_svg,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SORTS = {"tree", "percent", "name"}
PEOPLE_PER_PAGE = 50
_PAGE_NUMBER = re.compile(r"[0-9]+")


def _target(request, code=None):
    code = code or request.GET.get("target")
    target = target_by_code(code) if code else targets().first()
    if target is None:
        raise Http404
    return target


def _date(request):
    try:
        return parse_date(request.GET.get("date")) or today(), ""
    except ValueError:
        return today(), _("“%(date)s” is not a date; write it as dd/mm/yyyy.") % {"date": request.GET.get("date")}


def _sort(rows, how):
    if how == "percent":
        rows.sort(key=lambda r: (r.percent is None, r.percent or 0, r.name))
    elif how == "name":
        rows.sort(key=lambda r: r.name)
    for row in rows:
        _sort(row.children, how)
    return rows


def _coverage(request):
    target = _target(request)
    on_date, date_error = _date(request)
    agency = report_agency(request.user, request.GET["agency"]) if request.GET.get("agency") else None
    return target, on_date, date_error, coverage_for_user(request.user, target, on_date, agency=agency)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@plain_parameters
def coverage_page(request):
    if scope_roots(request.user) == []:
        raise Http404
    target, on_date, date_error, result = _coverage(request)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "tree"
    roots = _sort(list(result.roots), sort)
    query = {"target": target.code, "date": on_date.strftime("%d/%m/%Y")}
    if request.GET.get("agency"):
        query["agency"] = request.GET["agency"]
    context = {
        "target": target,
        "targets": targets(),
        "on_date": on_date,
        "date_error": date_error,
        "result": result,
        "roots": roots,
        "sort": sort,
        "query": urlencode(query),
        "is_presence": target.kind == TargetKind.PRESENCE,
        "is_enrolments": target.kind == TargetKind.ENROLMENTS,
    }
    if len(result.roots) == 1:
        snapshots = trend(target, result.roots[0].agency_id)
        context["trend"] = trend_svg(target, snapshots)
        context["forecast"] = forecast(target, snapshots)
    if target.kind == TargetKind.ENROLMENTS:
        context["summary"] = enrolment_summary(target, on_date)
    if target.kind == TargetKind.PRESENCE:
        context["it_rows"] = [row for row in result.rows if row.kind in target.agency_kinds]
    return render(request, "reporting/coverage.html", context)


@login_required
@plain_parameters
def coverage_export(request, fmt):
    if scope_roots(request.user) == []:
        raise Http404
    target, on_date, _error, result = _coverage(request)
    name = f"bao-phu-{target.code}-{on_date:%Y%m%d}"
    if fmt == "csv":
        return _download(exports.tree_csv(result), "text/csv; charset=utf-8", f"{name}.csv")
    return _download(exports.tree_xlsx(result), XLSX, f"{name}.xlsx")


def _people(request, target_code, agency_code):
    target = _target(request, target_code)
    if target.kind == TargetKind.ENROLMENTS:
        raise Http404
    agency = report_agency(request.user, agency_code)
    on_date, date_error = _date(request)
    filters = {
        "category": request.GET.get("category", "") if request.GET.get("category") in StaffCategory.values else "",
        "status": request.GET.get("status", "") if request.GET.get("status") in {*STATUSES, "untrained"} else "",
        "position": request.GET.get("position", "").strip()[:100],
        "q": " ".join(request.GET.get("q", "").split())[:100],
    }
    rows = people(
        target,
        agency,
        on_date,
        category=filters["category"],
        status=filters["status"],
        position=filters["position"],
        search=filters["q"],
    )
    return target, agency, on_date, date_error, filters, rows


def _page_number(request):
    """The page asked for: 1 when none, None when the parameter is not a page number (1, 2, 3…)."""
    raw = request.GET.get("page", "").strip()
    if not raw:
        return 1
    if not _PAGE_NUMBER.fullmatch(raw) or int(raw[:12]) < 1:
        return None
    return int(raw) if len(raw) <= 9 else 10**9  # any huge number is simply past the last page


def _page_links(page):
    """The page numbers to link to: the first, the last and two either side of the current one, with gaps."""
    last, current = page.paginator.num_pages, page.number
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links, previous = [], 0
    for number in shown:
        if number > previous + 1:
            links.append(None)  # a gap: "…"
        links.append(number)
        previous = number
    return links


@login_required
@plain_parameters
def people_page(request, target_code, agency_code):
    number = _page_number(request)
    if number is None:
        message = _("“%(page)s” is not a page number; pages are numbered 1, 2, 3…") % {
            "page": request.GET.get("page", "")[:20]
        }
        return render(request, "reporting/bad_request.html", {"message": message}, status=400)
    target, agency, on_date, date_error, filters, rows = _people(request, target_code, agency_code)
    # Past the last page: the last page (a list that shrank since the link was made is not an error).
    page = Paginator(rows, PEOPLE_PER_PAGE).get_page(number)
    query = {"date": on_date.strftime("%d/%m/%Y"), **{k: v for k, v in filters.items() if v}}
    context = {
        "target": target,
        "agency": agency,
        "on_date": on_date,
        "date_error": date_error,
        "filters": filters,
        "rows": page.object_list,
        "total": len(rows),
        "page": page,
        "page_links": _page_links(page),
        "categories": StaffCategory.choices,
        "statuses": [("untrained", _("not yet trained")), *STATUSES.items()],
        "query": urlencode(query),
        "back": reverse("reporting:coverage") + "?" + urlencode({"target": target.code, "date": query["date"]}),
        "trained_count": sum(1 for row in rows if row.status == "trained"),
    }
    return render(request, "reporting/people.html", context)


@login_required
@plain_parameters
def people_export(request, target_code, agency_code, fmt):
    target, agency, on_date, _error, _filters, rows = _people(request, target_code, agency_code)
    name = f"can-bo-{target.code}-{agency.code}-{on_date:%Y%m%d}"
    if fmt == "csv":
        return _download(exports.people_csv(rows), "text/csv; charset=utf-8", f"{name}.csv")
    return _download(exports.people_xlsx(rows, agency.code), XLSX, f"{name}.xlsx")
