"""Demo data: the three targets of Resolution 09-NQ/TU that reporting measures (idempotent)."""

import datetime

from django.utils.translation import gettext as _

from .models import Target, TargetKind

DEADLINE_2025 = datetime.date(2025, 12, 31)

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


def seed(report):
    for fields in TARGETS:
        fields = {"deadline": DEADLINE_2025, **fields}
        _target, created = Target.objects.get_or_create(code=fields["code"], defaults=fields)
        if created:
            report.created(_("target %(code)s") % {"code": fields["code"]})
