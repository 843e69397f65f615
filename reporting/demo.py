"""Demo data: the three targets of Resolution 09-NQ/TU that reporting measures (idempotent); with the history,
the coverage snapshots of the past twelve month-ends and of today, as the nightly task would have stored them."""

import datetime

from django.utils.translation import gettext as _

from .models import Target, TargetKind

# Resolution 09-NQ/TU sets its targets for 2025 "with a vision to 2030": the demo's history is dated back from
# the day it runs, so a deadline already past would leave the trend's forecast nothing to say but "not by the
# deadline". The demo measures against the 2030 horizon.
DEADLINE = datetime.date(2030, 12, 31)

TARGETS = [
    {
        "code": "ky-nang-so",
        "name": "100% cán bộ, công chức, viên chức được đào tạo kỹ năng số",
        "kind": TargetKind.PERCENTAGE,
        "goal": 100,
        "staff_categories": ["cadre", "civil_servant", "public_employee"],
        "tracks": ["basic_digital_skills"],
        "sort_order": 1,
    },
    {
        "code": "phu-trach-cntt",
        "name": "100% cơ quan cấp tỉnh có cán bộ phụ trách CNTT",
        "kind": TargetKind.PRESENCE,
        "goal": 100,
        "agency_kinds": ["province", "department", "provincial_body"],
        "tracks": ["it_officer"],
        "sort_order": 2,
    },
    {
        "code": "thuong-mai-dien-tu",
        "name": (
            "Trên 3.000 lượt doanh nghiệp, hợp tác xã, làng nghề, hộ kinh doanh, cán bộ, công chức, sinh viên "
            "và thanh niên khởi nghiệp tham gia đào tạo thương mại điện tử"
        ),
        "kind": TargetKind.ENROLMENTS,
        "goal": 3000,
        "tracks": ["e_commerce"],
        "sort_order": 3,
    },
]


HISTORY_MONTHS = 12


def seed(report):
    seed_targets(report)
    if getattr(report, "history", False):
        seed_snapshots(report)


def snapshot_days(today):
    """The last day of each of the past twelve months, oldest first, then today."""
    days = []
    month_start = today.replace(day=1)
    for _month in range(HISTORY_MONTHS):
        last_day = month_start - datetime.timedelta(days=1)
        days.append(last_day)
        month_start = last_day.replace(day=1)
    return [*reversed(days), today]


def seed_snapshots(report):
    from .coverage import today
    from .models import CoverageSnapshot
    from .snapshots import take_snapshots

    days = snapshot_days(today())
    if CoverageSnapshot.objects.filter(date=days[0]).exists():
        return
    for day in days:
        take_snapshots(day)
    report.created(_("coverage snapshots of %(count)s days") % {"count": len(days)})


def seed_targets(report):
    for fields in TARGETS:
        fields = {"deadline": DEADLINE, **fields}
        _target, created = Target.objects.get_or_create(code=fields["code"], defaults=fields)
        if created:
            report.created(_("target %(code)s") % {"code": fields["code"]})
