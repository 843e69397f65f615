"""A small province for the agencies tests: two departments with units, a commune with a school."""

import pytest

from agencies.models import AgencyKind, StaffCategory, StaffMember
from agencies.placements import save_staff_member
from agencies.reorganisation import create_agency


@pytest.fixture
def tree(db):
    province = create_agency(code="UBND", name="UBND tỉnh Nghệ An", kind=AgencyKind.PROVINCE)
    science = create_agency(code="SKHCN", name="Sở Khoa học và Công nghệ", kind=AgencyKind.DEPARTMENT, parent=province)
    science_centre = create_agency(
        code="SKHCN-TT", name="Trung tâm Ứng dụng tiến bộ KH&CN", kind=AgencyKind.PUBLIC_SERVICE_UNIT,
        parent=science,
    )  # fmt: skip
    health = create_agency(code="SYT", name="Sở Y tế", kind=AgencyKind.DEPARTMENT, parent=province)
    hospital = create_agency(
        code="SYT-BVDK", name="Bệnh viện Hữu nghị Đa khoa Nghệ An", kind=AgencyKind.PUBLIC_SERVICE_UNIT,
        parent=health,
    )  # fmt: skip
    commune = create_agency(code="XA-NAMDAN", name="Xã Nam Đàn", kind=AgencyKind.COMMUNE, parent=province)
    school = create_agency(
        code="XA-NAMDAN-THCS", name="Trường THCS Nam Đàn", kind=AgencyKind.PUBLIC_SERVICE_UNIT, parent=commune
    )
    return {
        "province": province,
        "science": science,
        "science_centre": science_centre,
        "health": health,
        "hospital": hospital,
        "commune": commune,
        "school": school,
    }


@pytest.fixture
def make_staff():
    def make(agency, code, name="Nguyễn Văn An", on=None, **fields):
        fields.setdefault("category", StaffCategory.CIVIL_SERVANT)
        return save_staff_member(StaffMember(agency=agency, staff_code=code, full_name=name, **fields), on)

    return make
