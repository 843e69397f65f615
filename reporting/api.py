"""The reporting API at /api/v1/ (django-ninja): coverage by target and agency, snapshots, targets.

Authentication: `Authorization: Bearer <token>` (an APIToken); the token owner's scope applies through
agencies' permission module, exactly as on the pages. Bad input is a 4xx with a reason, never a 500.
"""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .models import CoverageSnapshot
from .params import bad_parameter, message
from .services import (
    TargetKind,
    coverage_for_user,
    enrolment_summary,
    parse_date,
    report_agency,
    scope_roots,
    target_by_code,
    targets,
)
from .tokens import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Kỹ Năng Số reporting API",
    version="1",
    urls_namespace="reporting-api",
    auth=TokenAuth(),
    docs_url=None,
)


class TargetOut(Schema):
    code: str
    name: str
    kind: str
    goal: int
    deadline: datetime.date


class AgencyCoverage(Schema):
    code: str
    name: str
    kind: str
    level: int
    population: int
    trained: int
    percent: float | None


class CoverageOut(Schema):
    target: str
    date: datetime.date
    population: int
    trained: int
    percent: float | None
    enrolments_by_category: dict[str, int] | None = None
    agencies: list[AgencyCoverage]


class SnapshotOut(Schema):
    date: datetime.date
    population: int
    trained: int


class Error(Schema):
    detail: str


def _plain(request):
    name = bad_parameter(request)
    if name is not None:
        raise HttpError(400, message(name))


def _target(code):
    target = target_by_code(code)
    if target is None:
        raise HttpError(404, _("Unknown target “%(code)s”.") % {"code": code})
    return target


def _date(text):
    try:
        return parse_date(text)
    except ValueError:
        raise HttpError(400, _("“%(date)s” is not a date; write it as dd/mm/yyyy.") % {"date": text}) from None


def _agency(user, code):
    try:
        return report_agency(user, code)
    except Http404:
        raise HttpError(404, _("Unknown agency code “%(code)s”.") % {"code": code}) from None


@api.get("/targets", response=list[TargetOut])
def list_targets(request):
    return list(targets())


@api.get("/coverage", response={200: CoverageOut, 400: Error, 404: Error})
def get_coverage(request, target: str, agency: str = "", date: str = ""):
    """Each agency's population, trained and percent for `target` on `date` (dd/mm/yyyy or yyyy-mm-dd)."""
    _plain(request)
    chosen = _target(target)
    on_date = _date(date)
    root = _agency(request.user, agency) if agency else None
    if root is None and scope_roots(request.user) == []:
        raise HttpError(404, _("No agencies to show."))
    result = coverage_for_user(request.user, chosen, on_date, agency=root)
    document = {
        "target": chosen.code,
        "date": result.on_date,
        "population": result.population,
        "trained": result.trained,
        "percent": result.percent,
        "agencies": result.rows,
    }
    if chosen.kind == TargetKind.ENROLMENTS:
        document["enrolments_by_category"] = enrolment_summary(chosen, result.on_date).by_category
    return document


@api.get("/snapshots", response={200: list[SnapshotOut], 400: Error, 404: Error})
def get_snapshots(request, target: str, agency: str, since: str = "", until: str = ""):
    """The stored nightly figures of one agency (its whole subtree) for a target."""
    _plain(request)
    chosen = _target(target)
    root = _agency(request.user, agency)
    snapshots = CoverageSnapshot.objects.filter(target=chosen, agency=root).order_by("date")
    if since:
        snapshots = snapshots.filter(date__gte=_date(since))
    if until:
        snapshots = snapshots.filter(date__lte=_date(until))
    return list(snapshots)
