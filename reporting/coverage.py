"""THE coverage computation: every agency's population, trained count and percentage for a target on a day.

Set-based: one query for the agencies, one for the population per agency, one for the trained per
agency (an `Exists` over valid certificates; for a small subtree both counts in one query), then a
roll-up in Python along the treebeard paths: each agency's own counts are added to every ancestor's, so
parents hold sums of their subtree's counts, never averages of percentages. No query per agency or per
person. Covering indexes on placements, staff and certificates let these queries read indexes alone.

Decisions (see README, "Coverage reports"):
- A person counts where their placement is on the report date (agencies' `placements_on`); inactive
  people have no placement and do not count.
- Valid certificate: issued by the day, not expired, not revoked (certificates' `valid_certificates`).
- `match=all` with tracks: one certificate of *each* listed course, and of *some* course of each track.
- Presence: an agency is covered when an active IT officer placed in *that very agency* (not a unit
  below it) holds a valid certificate; a unit's IT officer does not cover its parent. Agencies dissolved
  by the report date are not counted.
- Enrolments: enrolments made by the end of the report day; per agency only for learners on the roster.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import and_

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import LearnerCategory, users_in_categories
from agencies.services import PATH_STEP, agencies_existing_on, placements_on, roster_entries_of
from certificates.services import valid_certificates
from courses.services import courses_on_tracks, enrolments_before

from .models import Match, Target, TargetKind

STEPLEN = PATH_STEP


def today():
    return timezone.localdate()


def end_of_day(on_date):
    start = datetime.datetime.combine(on_date + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start, timezone.get_default_timezone())


def rounded_percent(part, whole):
    """One decimal, half up; None when there is nobody to count."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class CoverageRow:
    agency_id: int
    code: str
    name: str
    kind: str
    path: str
    level: int  # 1 for the top of the report
    population: int = 0
    trained: int = 0
    own_population: int = 0  # this agency's own, without its units
    own_trained: int = 0
    goal: int = 100
    children: list = field(default_factory=list, repr=False)

    @property
    def percent(self):
        return rounded_percent(self.trained, self.population)

    @property
    def status(self):
        """met, near (within 80% of the goal), behind, or empty (nobody to count)."""
        if self.percent is None:
            return "empty"
        if self.percent >= self.goal:
            return "met"
        return "near" if self.percent >= self.goal * 0.8 else "behind"


@dataclass
class Coverage:
    target: Target
    on_date: datetime.date
    rows: list  # in tree order (by path)
    roots: list

    def row(self, code):
        return next((row for row in self.rows if row.code == code), None)

    @property
    def population(self):
        return sum(row.population for row in self.roots)

    @property
    def trained(self):
        return sum(row.trained for row in self.roots)

    @property
    def percent(self):
        return rounded_percent(self.trained, self.population)

    def levels(self):
        """Rows grouped by level: {1: [...], 2: [...]} (for a sheet per level)."""
        grouped = {}
        for row in self.rows:
            grouped.setdefault(row.level, []).append(row)
        return grouped


def course_groups(target):
    """The target's courses as groups of ids: one group per listed course and one per track."""
    groups = [[pk] for pk in target.courses.values_list("pk", flat=True)]
    if target.tracks:
        by_track = {}
        for pk, track in courses_on_tracks(target.tracks):
            by_track.setdefault(track, []).append(pk)
        groups.extend(by_track.get(track, [-1]) for track in target.tracks)
    return groups


def course_ids(target):
    return sorted({pk for group in course_groups(target) for pk in group if pk > 0})


def trained_condition(target, on_date, learner_ref, groups=None):
    """A boolean expression: the learner `learner_ref` holds valid certificate(s) of the target's courses
    (`groups`, the target's `course_groups`, when the caller has them already)."""
    groups = course_groups(target) if groups is None else groups
    if not groups:
        return Q(pk__in=[])
    if target.match == Match.ANY:
        groups = [[pk for group in groups for pk in group]]
    conditions = [
        Exists(valid_certificates(on_date).filter(learner_id=learner_ref, course_id__in=group)) for group in groups
    ]
    return reduce(and_, conditions)


def subtree_filter(roots, path_field):
    if roots is None:
        return Q()
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(**{f"{path_field}__startswith": root.path})
    return condition


def top_agencies(agencies):
    """Of these agencies, the ones not inside another of them."""
    tops = []
    for agency in sorted(agencies, key=lambda a: a.path):
        if not any(agency.path.startswith(top.path) for top in tops):
            tops.append(agency)
    return tops


def _agency_rows(target, on_date, roots):
    agencies = agencies_existing_on(on_date, within=subtree_filter(roots, "path")).values_list(
        "pk", "code", "name", "kind", "path", "depth"
    )
    top_depth = min((root.depth for root in roots), default=1) if roots else 1
    goal = 100 if target.kind != TargetKind.ENROLMENTS else target.goal
    return [
        CoverageRow(pk, code, name, kind, path, depth - top_depth + 1 if roots is None else 0, goal=goal)
        for pk, code, name, kind, path, depth in agencies
    ]


# Up to this many agencies in a report, its staff are counted in one pass that looks up each person's
# certificates in the covering index; a larger one in two passes (everyone, then the trained joined
# against all valid certificates at once), which is cheaper once a probe per person costs more.
ONE_PASS_AGENCIES = 200


def _own_counts(target, on_date, roots, agency_count):
    """{agency_id: population}, {agency_id: trained}: each agency's own staff, before the roll-up."""
    placements = placements_on(on_date).filter(subtree_filter(roots, "agency__path"))
    if target.kind == TargetKind.PERCENTAGE:
        placements = placements.filter(staff__category__in=target.staff_categories)
        groups = course_groups(target)
        if roots is not None and agency_count <= ONE_PASS_AGENCIES and groups:
            trained_filter = trained_condition(target, on_date, OuterRef("staff__user_id"), groups)
            counts = placements.values("agency_id").annotate(n=Count("*"), t=Count("agency_id", filter=trained_filter))
            counts = counts.values_list("agency_id", "n", "t")
            population, trained = {}, {}
            for agency_id, n, t in counts:
                population[agency_id] = n
                if t:
                    trained[agency_id] = t
            return population, trained
        # COUNT(*), not of the id: the placements then come from the covering index alone.
        population = dict(placements.values("agency_id").annotate(n=Count("*")).values_list("agency_id", "n"))
        trained_placements = placements.filter(trained_condition(target, on_date, OuterRef("staff__user_id"), groups))
        trained = dict(trained_placements.values("agency_id").annotate(n=Count("*")).values_list("agency_id", "n"))
        return population, trained
    if target.kind == TargetKind.PRESENCE:
        covered = (
            placements.filter(staff__is_it_officer=True, agency__kind__in=target.agency_kinds)
            .filter(trained_condition(target, on_date, OuterRef("staff__user_id")))
            .values_list("agency_id", flat=True)
            .distinct()
        )
        return None, dict.fromkeys(covered, 1)
    enrolled = placements.filter(
        staff__user__enrolments__course_id__in=course_ids(target),
        staff__user__enrolments__enrolled_at__lt=end_of_day(on_date),
    )
    return {}, dict(enrolled.values("agency_id").annotate(n=Count("pk")).values_list("agency_id", "n"))


def coverage(target, on_date=None, root=None, roots=None):
    """Every agency's figures for `target` on `on_date` (today by default), under `root` (or `roots`).

    Returns a `Coverage` whose rows are in tree order, each with population, trained and percent of its
    whole subtree. Without a root: the whole province.
    """
    on_date = on_date or today()
    if root is not None:
        roots = [root]
    if roots is not None:
        roots = top_agencies(roots)
    rows = _agency_rows(target, on_date, roots)
    by_path = {row.path: row for row in rows}
    if roots is not None:
        root_depths = {root.path: root.depth for root in roots}
        for row in rows:
            top = next(path for path in root_depths if row.path.startswith(path))
            row.level = len(row.path) // STEPLEN - root_depths[top] + 1
    population, trained = _own_counts(target, on_date, roots, len(rows))
    if population is None:  # presence: each agency of the kinds counts once
        population = {row.agency_id: 1 for row in rows if row.kind in target.agency_kinds}
    by_id = {row.agency_id: row for row in rows}
    for counts, attribute in ((population, "population"), (trained, "trained")):
        for agency_id, n in counts.items():
            row = by_id.get(agency_id)
            if row is None:  # placed in an agency dissolved by then: counted nowhere
                continue
            setattr(row, f"own_{attribute}", n)
            for end in range(STEPLEN, len(row.path) + 1, STEPLEN):
                ancestor = by_path.get(row.path[:end])
                if ancestor is not None:
                    setattr(ancestor, attribute, getattr(ancestor, attribute) + n)
    tops = []
    for row in rows:
        parent = by_path.get(row.path[:-STEPLEN]) if len(row.path) > STEPLEN else None
        if parent is not None and row.level > 1:
            parent.children.append(row)
        else:
            tops.append(row)
    return Coverage(target=target, on_date=on_date, rows=rows, roots=tops)


def enrolment_queryset(target, on_date):
    return enrolments_before(course_ids(target), end_of_day(on_date))


def learner_categories(enrolments):
    """{category: count} of these enrolments, by the learner's category (accounts' learner profiles).

    A fixed number of queries: one per category, then the learners without a profile, who count as
    civil servants when on the staff roster (as agencies' `learner_category` says) and as "unclassified"
    otherwise.
    """
    counts = {}
    for category in LearnerCategory.values:
        n = enrolments.filter(user_id__in=users_in_categories(category).values("pk")).count()
        if n:
            counts[category] = n
    rest = enrolments.exclude(user_id__in=users_in_categories(*LearnerCategory.values).values("pk"))
    on_roster = roster_entries_of(OuterRef("user_id"))
    for row in rest.annotate(on_roster=Exists(on_roster)).values("on_roster").annotate(n=Count("pk")):
        category = LearnerCategory.CIVIL_SERVANT.value if row["on_roster"] else "unclassified"
        counts[category] = counts.get(category, 0) + row["n"]
    return counts


@dataclass
class EnrolmentSummary:
    target: Target
    on_date: datetime.date
    total: int
    by_category: dict

    def rows(self):
        """(code, label, count), largest first."""
        labels = dict(LearnerCategory.choices)
        return [
            (code, labels.get(code, _("not yet classified")), n)
            for code, n in sorted(self.by_category.items(), key=lambda item: (-item[1], item[0]))
        ]

    @property
    def percent(self):
        return rounded_percent(self.total, self.target.goal)


def enrolment_summary(target, on_date=None):
    """The enrolments counted toward an enrolment target, in total and by learner category."""
    on_date = on_date or today()
    by_category = learner_categories(enrolment_queryset(target, on_date))
    return EnrolmentSummary(target, on_date, sum(by_category.values()), by_category)
