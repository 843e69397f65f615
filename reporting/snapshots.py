"""Coverage over time: a nightly snapshot per target per agency, the trend and a forecast.

The forecast fits a straight line (least squares) to the percentages of the last snapshots and says the
day the goal is reached at that pace, or that it is not reached by the deadline.
"""

import datetime
from dataclasses import dataclass

from .coverage import coverage, today
from .models import CoverageSnapshot, Target

TREND_POINTS = 30
FORECAST_POINTS = 14


def take_snapshots(on_date=None):
    """Store every target's figures for every agency on `on_date`; running it again updates, never duplicates."""
    on_date = on_date or today()
    stored = 0
    for target in Target.objects.all():
        result = coverage(target, on_date)
        snapshots = [
            CoverageSnapshot(
                target=target, agency_id=row.agency_id, date=on_date, population=row.population, trained=row.trained
            )
            for row in result.rows
        ]
        CoverageSnapshot.objects.bulk_create(
            snapshots,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["target", "agency", "date"],
            update_fields=["population", "trained"],
        )
        stored += len(snapshots)
    return stored


def trend(target, agency, points=TREND_POINTS):
    """The last `points` snapshots of `agency` for `target`, oldest first."""
    latest = CoverageSnapshot.objects.filter(target=target, agency=agency).order_by("-date")[:points]
    return sorted(latest, key=lambda s: s.date)


def percent_of(snapshot, target):
    if target.kind == "enrolments":
        return snapshot.trained * 100 / target.goal if target.goal else 0
    return snapshot.trained * 100 / snapshot.population if snapshot.population else 0


@dataclass
class Forecast:
    reached_on: datetime.date | None  # None: not at this pace
    on_time: bool
    already: bool = False


def forecast(target, snapshots):
    """When the goal is reached at the pace of the last snapshots; None without two snapshots."""
    points = [(s.date.toordinal(), percent_of(s, target)) for s in snapshots[-FORECAST_POINTS:]]
    goal = 100  # for an enrolment target, the percent is of the goal count
    if len(points) < 2:
        return None
    if points[-1][1] >= goal:
        return Forecast(snapshots[-1].date, True, already=True)
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0
    if slope <= 0:
        return Forecast(None, False)
    intercept = mean_y - slope * mean_x
    day = datetime.date.fromordinal(max(points[-1][0], int(-(-(goal - intercept) // slope))))
    return Forecast(day, True) if day <= target.deadline else Forecast(None, False)


def trend_svg(target, snapshots, width=600, height=160):
    """Points and labels for a server-rendered SVG polyline: (points, first date, last date, last percent)."""
    if not snapshots:
        return None
    first, last = snapshots[0].date.toordinal(), snapshots[-1].date.toordinal()
    span = max(1, last - first)
    coordinates = []
    for snapshot in snapshots:
        x = (snapshot.date.toordinal() - first) * width / span if len(snapshots) > 1 else width / 2
        y = height - min(100.0, percent_of(snapshot, target)) * height / 100
        coordinates.append(f"{x:.1f},{y:.1f}")
    return {
        "points": " ".join(coordinates),
        "width": width,
        "height": height,
        "first": snapshots[0].date,
        "last": snapshots[-1].date,
        "count": len(snapshots),
    }
