"""Demo data for agencies: Nghệ An's agency tree, about 2,000 staff, an HR officer, a trainer, a learner.

With the history (`report.history`): accounts of the staff who signed up and confirmed their roster entry,
more in some agencies than in others, and of businesses and households who signed up for e-commerce.

Deterministic (a fixed random seed) and idempotent: what exists is left alone, what is missing is made.
"""

import datetime
import random

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import LearnerCategory, create_learner_accounts, demo_login

from ..linking.matching import link_account
from ..models import Agency, AgencyKind, HRScope, StaffCategory, StaffMember, StaffPlacement
from ..roles import HR_OFFICERS, TRAINERS, ensure_role_groups
from .names import email_for, mobile, person_name

SEED = 2026
STAFF_TOTAL = 2000
START = datetime.date(2025, 7, 1)  # the day the two-level local government began

PROVINCE = ("UBND-NA", "UBND tỉnh Nghệ An")
DEPARTMENTS = [
    ("SNV", "Sở Nội vụ"),
    ("STP", "Sở Tư pháp"),
    ("STC", "Sở Tài chính"),
    ("SCT", "Sở Công Thương"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SXD", "Sở Xây dựng"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("TTT", "Thanh tra tỉnh"),
    ("VPUBND", "Văn phòng UBND tỉnh"),
    ("SNGV", "Sở Ngoại vụ"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo"),
]
DEPARTMENT_UNITS = {
    "SGDDT": [
        ("SGDDT-THPT-PBC", "Trường THPT chuyên Phan Bội Châu"),
        ("SGDDT-THPT-HTK", "Trường THPT Huỳnh Thúc Kháng"),
        ("SGDDT-THPT-HMQ", "Trường THPT Hà Huy Tập"),
    ],
    "SYT": [
        ("SYT-BVHNDK", "Bệnh viện Hữu nghị Đa khoa Nghệ An"),
        ("SYT-BVSN", "Bệnh viện Sản Nhi Nghệ An"),
        ("SYT-CDC", "Trung tâm Kiểm soát bệnh tật tỉnh"),
    ],
    "SKHCN": [("SKHCN-TTUD", "Trung tâm Ứng dụng khoa học và công nghệ")],
    "SNNMT": [("SNNMT-TTKN", "Trung tâm Khuyến nông Nghệ An")],
}
COMMUNES = [
    ("P-THANHVINH", "Phường Thành Vinh", AgencyKind.WARD),
    ("P-TRUONGVINH", "Phường Trường Vinh", AgencyKind.WARD),
    ("P-VINHHUNG", "Phường Vinh Hưng", AgencyKind.WARD),
    ("P-VINHPHU", "Phường Vinh Phú", AgencyKind.WARD),
    ("P-VINHLOC", "Phường Vinh Lộc", AgencyKind.WARD),
    ("P-CUALO", "Phường Cửa Lò", AgencyKind.WARD),
    ("X-NGHILOC", "Xã Nghi Lộc", AgencyKind.COMMUNE),
    ("X-DIENCHAU", "Xã Diễn Châu", AgencyKind.COMMUNE),
    ("X-QUYNHLUU", "Xã Quỳnh Lưu", AgencyKind.COMMUNE),
    ("X-CONCUONG", "Xã Con Cuông", AgencyKind.COMMUNE),
    ("X-TUONGDUONG", "Xã Tương Dương", AgencyKind.COMMUNE),
    ("X-NAMDAN", "Xã Nam Đàn", AgencyKind.COMMUNE),
]

# (category weights, position choices) by kind of agency.
PROFILES = {
    AgencyKind.PROVINCE: ({"cadre": 3, "civil_servant": 6, "worker": 1}, ["Chuyên viên", "Phó Chánh VP"]),
    AgencyKind.DEPARTMENT: (
        {"cadre": 1, "civil_servant": 7, "public_employee": 1, "worker": 1},
        ["Chuyên viên", "Chuyên viên chính", "Trưởng phòng", "Phó Trưởng phòng", "Thanh tra viên", "Kế toán"],
    ),
    AgencyKind.COMMUNE: (
        {"cadre": 4, "civil_servant": 5, "worker": 1},
        ["Chủ tịch UBND", "Phó Chủ tịch UBND", "Công chức Văn phòng - Thống kê", "Công chức Địa chính",
         "Công chức Tư pháp - Hộ tịch", "Công chức Văn hóa - Xã hội", "Bí thư Đoàn", "Chủ tịch Hội Phụ nữ"],
    ),
    AgencyKind.PUBLIC_SERVICE_UNIT: (
        {"public_employee": 9, "worker": 1},
        ["Kế toán", "Nhân viên hành chính", "Kỹ thuật viên", "Chuyên viên"],
    ),
}  # fmt: skip
# Public service units by what they are: schools teach, hospitals and health stations heal.
UNIT_POSITIONS = {
    "Trường": ["Giáo viên", "Giáo viên", "Giáo viên", "Hiệu phó", "Kế toán", "Nhân viên thư viện"],
    "Bệnh viện": ["Bác sĩ", "Bác sĩ", "Điều dưỡng", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên", "Kế toán"],
    "Trạm Y tế": ["Y sĩ", "Điều dưỡng", "Nữ hộ sinh", "Trạm trưởng"],
}
PROFILES[AgencyKind.WARD] = PROFILES[AgencyKind.COMMUNE]
SIZES = {  # (min, max) staff per agency of each kind
    AgencyKind.PROVINCE: (40, 60),
    AgencyKind.DEPARTMENT: (45, 90),
    AgencyKind.WARD: (35, 50),
    AgencyKind.COMMUNE: (25, 40),
    AgencyKind.PUBLIC_SERVICE_UNIT: (15, 45),
}

LEARNER_CODE = "NA900001"


def seed(report):
    ensure_role_groups()
    agencies = seed_agencies(report)
    seed_staff(report, agencies)
    seed_users(report, agencies)
    if getattr(report, "history", False):
        seed_learner_accounts(report, agencies)


# The history's learners: usernames start with this, so a second run finds them.
HISTORY_PREFIX = "hv-"
HISTORY_SEED = 2027
# The share of an agency's staff with an account. Most agencies lie between 20% and 60%; a few units signed
# everyone up, a remote mountain commune almost nobody yet. Agencies not listed draw a share at random.
SIGN_UP_SHARES = {
    "SKHCN": 0.62,
    "SKHCN-TTUD": 1.0,
    "STC": 0.97,
    "SYT-CDC": 0.95,
    "X-TUONGDUONG": 0.0,
    "X-TUONGDUONG-TH": 0.03,
    "X-TUONGDUONG-THCS": 0.0,
    "X-TUONGDUONG-TYT": 0.0,
    "X-CONCUONG": 0.05,
}
PILOT_AGENCY = "SKHCN"  # its staff joined first: the 2024 pilot class was theirs
ECOMMERCE_LEARNERS = 200
ECOMMERCE_KINDS = [  # (category, weight, organisation pattern)
    (LearnerCategory.HOUSEHOLD_BUSINESS, 40, "Hộ kinh doanh {given} {place}"),
    (LearnerCategory.COOPERATIVE, 18, "HTX nông nghiệp {place}"),
    (LearnerCategory.BUSINESS, 14, "Công ty TNHH Thương mại {given} {place}"),
    (LearnerCategory.CRAFT_VILLAGE, 12, "Làng nghề {place}"),
    (LearnerCategory.STUDENT, 10, "Trường Đại học Vinh"),
    (LearnerCategory.YOUNG_ENTREPRENEUR, 6, "Dự án khởi nghiệp {given} {place}"),
]


def seed_learner_accounts(report, agencies):
    """Accounts for the staff who signed up and confirmed their roster entry, and for e-commerce learners.

    Seeded and made once: nothing is added when the history's accounts exist.
    """
    from django.contrib.auth import get_user_model

    if get_user_model().objects.filter(username__startswith=HISTORY_PREFIX).exists():
        return
    rng = random.Random(HISTORY_SEED)
    now = timezone.now()
    people, members = [], []
    staff = StaffMember.objects.filter(active=True, user__isnull=True, staff_code__startswith="NA").exclude(
        staff_code=LEARNER_CODE
    )
    by_agency = {}
    for member in staff.select_related("agency").order_by("staff_code"):
        by_agency.setdefault(member.agency.code, []).append(member)
    emails, phones = set(), set(get_user_model().objects.exclude(phone=None).values_list("phone", flat=True))
    for code in sorted(by_agency):
        share = SIGN_UP_SHARES.get(code)
        if share is None:
            share = rng.uniform(0.2, 0.6)
        for member in by_agency[code]:
            if rng.random() >= share:
                continue
            email = member.email.lower() if member.email and member.email.lower() not in emails else ""
            phone = member.phone if not email and member.phone and member.phone not in phones else ""
            if not email and not phone:
                continue  # nothing to verify: they have not signed up
            emails.add(email)
            phones.add(phone)
            days = rng.randint(780, 800) if code == PILOT_AGENCY else rng.randint(370, 400)
            people.append(
                {
                    "username": f"{HISTORY_PREFIX}{member.staff_code.lower()}",
                    "full_name": member.full_name,
                    "email": email,
                    "phone": phone,
                    "joined": now - datetime.timedelta(days=days),
                    "category": LearnerCategory.CIVIL_SERVANT,
                }
            )
            members.append(member)
    places = [name.split(" ", 1)[1] for _code, name, _kind in COMMUNES]
    for number in range(1, ECOMMERCE_LEARNERS + 1):
        category, _weight, pattern = rng.choices(ECOMMERCE_KINDS, weights=[kind[1] for kind in ECOMMERCE_KINDS])[0]
        name = person_name(rng)
        phone = mobile(rng)
        while phone in phones:
            phone = mobile(rng)
        phones.add(phone)
        people.append(
            {
                "username": f"{HISTORY_PREFIX}tmdt-{number:04d}",
                "full_name": name,
                "phone": phone,
                "joined": now - datetime.timedelta(days=rng.randint(5, 380)),
                "category": category,
                "organisation": pattern.format(given=name.rsplit(" ", 1)[-1], place=rng.choice(places)),
            }
        )
    users = create_learner_accounts(people)
    for member, user in zip(members, users, strict=False):
        link_account(member, user)
    report.created(
        _("%(staff)s learner accounts on the roster and %(others)s outside it")
        % {"staff": len(members), "others": len(users) - len(members)}
    )


def _ensure(code, name, kind, parent, report, made):
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        agency = Agency(code=code, name=name, kind=kind)
        agency = Agency.add_root(instance=agency) if parent is None else parent.add_child(instance=agency)
        made.append(code)
    return agency


def seed_agencies(report):
    made = []
    province = _ensure(*PROVINCE, AgencyKind.PROVINCE, None, report, made)
    for code, name in DEPARTMENTS:
        department = _ensure(code, name, AgencyKind.DEPARTMENT, province, report, made)
        for unit_code, unit_name in DEPARTMENT_UNITS.get(code, []):
            _ensure(unit_code, unit_name, AgencyKind.PUBLIC_SERVICE_UNIT, department, report, made)
    for code, name, kind in COMMUNES:
        commune = _ensure(code, name, kind, province, report, made)
        place = name.split(" ", 1)[1]
        _ensure(f"{code}-TH", f"Trường Tiểu học {place}", AgencyKind.PUBLIC_SERVICE_UNIT, commune, report, made)
        _ensure(f"{code}-THCS", f"Trường THCS {place}", AgencyKind.PUBLIC_SERVICE_UNIT, commune, report, made)
        _ensure(f"{code}-TYT", f"Trạm Y tế {place}", AgencyKind.PUBLIC_SERVICE_UNIT, commune, report, made)
    if made:
        report.created(_("%(count)s agencies") % {"count": len(made)})
    return {agency.code: agency for agency in Agency.objects.filter(active=True)}


def plan_staff(agencies):
    """The demo roster as (code, name, email, phone, category, position, IT officer, agency id), seeded."""
    rng = random.Random(SEED)
    rows = []
    ordered = sorted(agencies.values(), key=lambda agency: agency.path)
    sizes = [rng.randint(*SIZES[agency.kind]) if agency.kind in SIZES else 10 for agency in ordered]
    scale = STAFF_TOTAL / sum(sizes)
    number = 0
    for agency, size in zip(ordered, sizes, strict=True):
        weights, positions = PROFILES.get(agency.kind, PROFILES[AgencyKind.DEPARTMENT])
        for prefix, unit_positions in UNIT_POSITIONS.items():
            if agency.name.startswith(prefix):
                positions = unit_positions
        count = max(3, round(size * scale))
        it_officer_index = rng.randrange(count) if rng.random() < 0.85 else None  # some agencies lack one
        for index in range(count):
            number += 1
            name = person_name(rng)
            category = rng.choices(list(weights), weights=list(weights.values()))[0]
            rows.append(
                (
                    f"NA{number:06d}",
                    name,
                    email_for(name, number) if rng.random() < 0.75 else "",
                    mobile(rng) if rng.random() < 0.85 else "",
                    category,
                    rng.choice(positions),
                    index == it_officer_index,
                    agency.pk,
                )
            )
    return rows


def seed_staff(report, agencies):
    rows = plan_staff(agencies)
    existing = set(StaffMember.objects.filter(staff_code__startswith="NA").values_list("staff_code", flat=True))
    new = [
        StaffMember(
            staff_code=code, full_name=name, email=email, phone=phone, category=category, position=position,
            is_it_officer=it_officer, agency_id=agency_id,
        )
        for code, name, email, phone, category, position, it_officer, agency_id in rows
        if code not in existing
    ]  # fmt: skip
    if not new:
        return
    created = StaffMember.objects.bulk_create(new, batch_size=500)
    StaffPlacement.objects.bulk_create(
        [StaffPlacement(staff_id=member.pk, agency_id=member.agency_id, start_date=START) for member in created],
        batch_size=500,
    )
    report.created(_("%(count)s staff members") % {"count": len(created)})


def seed_users(report, agencies):
    trainer = demo_login(report, "trainer")
    trainer.groups.add(Group.objects.get(name=TRAINERS))

    hr_officer = demo_login(report, "hr_officer")
    hr_officer.groups.add(Group.objects.get(name=HR_OFFICERS))
    HRScope.objects.get_or_create(user=hr_officer, agency=agencies["SKHCN"])

    learner = demo_login(report, "civil_servant")
    entry = StaffMember.objects.filter(staff_code=LEARNER_CODE).first()
    if entry is None:
        entry = StaffMember.objects.create(
            staff_code=LEARNER_CODE,
            full_name="Lê Văn Học",
            email="hocvien@kynangso.local",
            phone="+84912000111",
            category=StaffCategory.CIVIL_SERVANT,
            position="Chuyên viên",
            agency=agencies["SKHCN"],
        )
        StaffPlacement.objects.create(staff=entry, agency=entry.agency, start_date=START)
    if entry.user_id is None:
        link_account(entry, learner)
