"""The hand-computed coverage fixture: a small tree, staff in every category, certificates valid,
revoked, expired, not yet issued and of the wrong course, a person moved, a person deactivated.

Report day D = 01/10/2025. Expected figures (population, trained) for the CBCCVC target, worked out by
hand (the letters are the people below):

    UBND (province)               11, 5      on 01/08/2025: 12, 6
      SKHCN (department)           7, 3                      7, 3
        SKHCN own: A B C E F       5, 1  (A trained; B revoked, C expired, E wrong course, F no account;
                                          D is a worker: not counted)
        SKHCN-TT: G I              2, 2  (H deactivated 01/09; I moved in 15/09)      G H: 2, 2
      SYT (department)             4, 2                      5, 3
        SYT own: J K               2, 1  (J's certificate issued after D; K revoked after D)
        SYT-BV: L M                2, 1                      L M I: 3, 2
"""

import datetime
import itertools

import pytest

from tests.courses.conftest import catalogue, home, make_course  # noqa: F401

D = datetime.date(2025, 10, 1)
BEFORE_MOVE = datetime.date(2025, 8, 1)
START = datetime.date(2025, 1, 1)

EXPECTED = {
    D: {
        "UBND": (11, 5),
        "SKHCN": (7, 3),
        "SKHCN-TT": (2, 2),
        "SYT": (4, 2),
        "SYT-BV": (2, 1),
    },
    BEFORE_MOVE: {
        "UBND": (12, 6),
        "SKHCN": (7, 3),
        "SKHCN-TT": (2, 2),
        "SYT": (5, 3),
        "SYT-BV": (3, 2),
    },
}
# Presence: UBND, SKHCN and SYT are of the counted kinds; only SKHCN has a trained IT officer of its own.
EXPECTED_PRESENCE = {"UBND": (3, 1), "SKHCN": (1, 1), "SKHCN-TT": (0, 0), "SYT": (1, 0), "SYT-BV": (0, 0)}
# Enrolments in the e-commerce course by D: E (on the roster, at SKHCN) and P (a co-operative, not on it).
# P told us at sign-up that they are a co-operative; E has no profile and counts as a civil servant by the
# roster; the late learner's profile does not matter (enrolled after D).
EXPECTED_ENROLMENTS = {"total": 2, "by_category": {"civil_servant": 1, "cooperative": 1}}

_codes = itertools.count(1)
PASSWORD = "mat-khau-rat-dai-2026"  # noqa: S105 (test accounts)
# Hashed once: the fixture's accounts share it, so building them costs no key stretching.
PASSWORD_HASH = "pbkdf2_sha256$1000000$reporting$" + "x" * 43


def certificate(user, course, issued_on, expires_on=None, revoked_at=None):
    from certificates.models import Certificate

    number = next(_codes)
    return Certificate.objects.create(
        code=f"KNS-TEST-{number:04d}",
        learner=user,
        course=course,
        completed_on=issued_on,
        issued_on=issued_on,
        expires_on=expires_on,
        revoked_at=revoked_at,
        revoked_reason="Cấp nhầm" if revoked_at else "",
        learner_name=user.full_name,
        course_title=course.title,
        track=course.get_track_display(),
        score=90,
    )


def aware(day):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


@pytest.fixture
def province(db, make_course, django_user_model):  # noqa: F811
    from agencies.models import StaffMember
    from agencies.services import (
        AgencyKind,
        StaffCategory,
        create_agency,
        deactivate_staff,
        move_staff,
        save_staff_member,
    )
    from courses.models import Enrolment
    from reporting.models import Target, TargetKind

    basic = make_course(title="Kỹ năng số cơ bản", slug="ky-nang-so", track="basic_digital_skills", quiz=False)
    basic2 = make_course(title="Chính quyền số nhập môn", slug="cqs", track="basic_digital_skills", quiz=False)
    ecommerce = make_course(title="Thương mại điện tử", slug="tmdt", track="e_commerce", quiz=False)
    it_course = make_course(title="Cán bộ phụ trách CNTT", slug="cntt", track="it_officer", quiz=False)

    province = create_agency(code="UBND", name="UBND tỉnh Nghệ An", kind=AgencyKind.PROVINCE)
    science = create_agency(code="SKHCN", name="Sở Khoa học và Công nghệ", kind=AgencyKind.DEPARTMENT, parent=province)
    centre = create_agency(
        code="SKHCN-TT", name="Trung tâm Ứng dụng KH&CN", kind=AgencyKind.PUBLIC_SERVICE_UNIT, parent=science
    )
    health = create_agency(code="SYT", name="Sở Y tế", kind=AgencyKind.DEPARTMENT, parent=province)
    hospital = create_agency(
        code="SYT-BV", name="Bệnh viện Đa khoa tỉnh", kind=AgencyKind.PUBLIC_SERVICE_UNIT, parent=health
    )
    agencies = {a.code: a for a in (province, science, centre, health, hospital)}

    people = {}

    def person(letter, agency, category, name, account=True, **fields):
        staff = save_staff_member(
            StaffMember(agency=agency, staff_code=f"CB-{letter}", full_name=name, category=category, **fields),
            START,
        )
        if account:
            user = django_user_model.objects.create(
                username=f"cb{letter.lower()}", email=f"cb{letter.lower()}@nghean.gov.vn", password=PASSWORD_HASH,
                full_name=name,
            )  # fmt: skip
            staff.user = user
            staff.save(update_fields=["user"])
        people[letter] = staff
        return staff

    cs, cadre, pe, worker = (
        StaffCategory.CIVIL_SERVANT,
        StaffCategory.CADRE,
        StaffCategory.PUBLIC_EMPLOYEE,
        StaffCategory.WORKER,
    )
    issued = datetime.date(2025, 3, 1)
    a = person("A", science, cs, "Nguyễn Văn An", is_it_officer=True, position="Chuyên viên CNTT")
    certificate(a.user, basic, issued)
    certificate(a.user, it_course, issued)
    b = person("B", science, cadre, "Trần Thị Bình", position="Phó Giám đốc")
    certificate(b.user, basic, issued, revoked_at=aware(datetime.date(2025, 5, 1)))
    c = person("C", science, pe, "Lê Văn Cường", position="Chuyên viên")
    certificate(c.user, basic, datetime.date(2024, 6, 30), expires_on=datetime.date(2025, 6, 30))
    d = person("D", science, worker, "Phạm Văn Dũng", position="Lái xe")
    certificate(d.user, basic, issued)
    e = person("E", science, cs, "Hoàng Thị Én", position="Chuyên viên")
    certificate(e.user, ecommerce, issued)
    person("F", science, cs, "Vũ Văn Phúc", account=False, position="Chuyên viên")
    g = person("G", centre, pe, "Đặng Thị Giang", is_it_officer=True, position="Kỹ sư")
    certificate(g.user, basic2, issued)
    certificate(g.user, it_course, issued)
    h = person("H", centre, pe, "Bùi Văn Hải", position="Kỹ sư")
    certificate(h.user, basic, issued)
    deactivate_staff(h, datetime.date(2025, 9, 1))
    i = person("I", hospital, cs, "Ngô Thị Hương", position="Chuyên viên")
    certificate(i.user, basic, issued)
    move_staff(i, centre, datetime.date(2025, 9, 15))
    j = person("J", health, cs, "Đỗ Văn Khánh", position="Chuyên viên")
    certificate(j.user, basic, datetime.date(2025, 10, 5))
    k = person("K", health, cadre, "Lý Thị Lan", position="Giám đốc")
    certificate(k.user, basic, issued, revoked_at=aware(datetime.date(2025, 11, 1)))
    lo = person("L", hospital, pe, "Mai Văn Long", position="Bác sĩ")
    certificate(lo.user, basic, issued)
    person("M", hospital, pe, "Phan Thị My", position="Điều dưỡng")
    n = person("N", health, worker, "Tạ Văn Nam", is_it_officer=True, position="Nhân viên CNTT")
    certificate(n.user, it_course, datetime.date(2023, 1, 1), expires_on=datetime.date(2025, 1, 1))

    outsider = django_user_model.objects.create_user(
        username="hoptacxa", email="htx@example.vn", password="mat-khau-rat-dai-2026", full_name="HTX Nam Đàn"
    )
    late = django_user_model.objects.create_user(
        username="muon", email="muon@example.vn", password="mat-khau-rat-dai-2026", full_name="Hộ kinh doanh Muộn"
    )
    from accounts.services import set_learner_profile

    set_learner_profile(outsider, "cooperative", "HTX Nam Đàn")
    set_learner_profile(late, "household_business")
    Enrolment.objects.create(user=e.user, course=ecommerce, enrolled_at=aware(datetime.date(2025, 4, 1)))
    Enrolment.objects.create(user=outsider, course=ecommerce, enrolled_at=aware(datetime.date(2025, 6, 1)))
    Enrolment.objects.create(user=late, course=ecommerce, enrolled_at=aware(datetime.date(2025, 10, 10)))
    # M started the basic course: in progress.
    Enrolment.objects.create(user=people["M"].user, course=basic, enrolled_at=aware(datetime.date(2025, 9, 1)))

    cbccvc = Target.objects.create(
        code="cbccvc", name="100% cán bộ, công chức, viên chức được đào tạo kỹ năng số", kind=TargetKind.PERCENTAGE,
        goal=100, deadline=datetime.date(2025, 12, 31), staff_categories=["cadre", "civil_servant", "public_employee"],
        tracks=["basic_digital_skills"],
    )  # fmt: skip
    cntt = Target.objects.create(
        code="cntt", name="100% cơ quan cấp tỉnh có cán bộ phụ trách CNTT", kind=TargetKind.PRESENCE, goal=100,
        deadline=datetime.date(2025, 12, 31), agency_kinds=["province", "department", "provincial_body"],
        tracks=["it_officer"],
    )  # fmt: skip
    tmdt = Target.objects.create(
        code="tmdt", name="Trên 3.000 lượt tham gia đào tạo thương mại điện tử", kind=TargetKind.ENROLMENTS,
        goal=3000, deadline=datetime.date(2025, 12, 31), tracks=["e_commerce"],
    )  # fmt: skip
    return {
        "agencies": agencies,
        "people": people,
        "targets": {"cbccvc": cbccvc, "cntt": cntt, "tmdt": tmdt},
        "courses": {"basic": basic, "basic2": basic2, "ecommerce": ecommerce, "it": it_course},
    }


@pytest.fixture
def hr_officers(province, django_user_model):
    """An HR officer for each department (siblings): each sees only their own."""
    from agencies.services import grant_hr_scope

    officers = {}
    for code in ("SKHCN", "SYT"):
        user = django_user_model.objects.create_user(
            username=f"hr-{code.lower()}", email=f"hr.{code.lower()}@nghean.gov.vn",
            password="mat-khau-rat-dai-2026", full_name=f"Cán bộ tổ chức {code}",
        )  # fmt: skip
        grant_hr_scope(user, province["agencies"][code])
        officers[code] = user
    return officers
