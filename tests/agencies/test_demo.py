from django.contrib.auth import get_user_model

from agencies import demo, services
from agencies.models import Agency, StaffMember, StaffPlacement
from lms.management.commands.seed_demo import Report


def test_demo_province_is_realistic_and_idempotent(db):
    first = Report()
    demo.seed(first)
    province = Agency.objects.get(code="UBND-NA")
    assert province.name == "UBND tỉnh Nghệ An" and province.is_root()
    departments = province.get_children().filter(kind="department")
    assert departments.count() == 14
    assert "Sở Khoa học và Công nghệ" in set(departments.values_list("name", flat=True))
    assert province.get_children().filter(kind__in=["commune", "ward"]).count() == 12
    assert Agency.objects.get(name="Phường Thành Vinh").get_children().filter(kind="public_service_unit").exists()
    staff = StaffMember.objects.count()
    assert 1900 <= staff <= 2100
    assert StaffPlacement.objects.filter(end_date__isnull=True).count() == staff
    assert StaffMember.objects.filter(is_it_officer=True).count() > 40
    assert set(StaffMember.objects.values_list("category", flat=True)) == {
        "cadre", "civil_servant", "public_employee", "worker",
    }  # fmt: skip
    # Phones are stored normalised, e-mails in lower case.
    assert all(
        phone.startswith("+84") for phone in StaffMember.objects.exclude(phone="").values_list("phone", flat=True)
    )

    User = get_user_model()
    hr = User.objects.get(email="hr.skhcn@kynangso.local")
    assert set(services.visible_agencies(hr).values_list("code", flat=True)) == {"SKHCN", "SKHCN-TTUD"}
    assert services.visible_staff(hr).count() == StaffMember.objects.filter(agency__code__startswith="SKHCN").count()
    learner = User.objects.get(email="hocvien@kynangso.local")
    assert services.staff_member_for(learner).agency.code == "SKHCN"
    assert services.is_trainer(User.objects.get(email="trainer@kynangso.local"))
    roles = [role for role, _login, _password in first.logins]
    assert len(roles) == 3

    again = Report()
    demo.seed(again)
    assert StaffMember.objects.count() == staff
    assert Agency.objects.count() == Agency.objects.values("code").distinct().count()
    assert not [item for item in again.made if "staff" in str(item) or "agencies" in str(item)]


def test_demo_roster_is_the_same_every_time(db):
    demo.seed(Report())
    agencies = {agency.code: agency for agency in Agency.objects.filter(active=True)}
    assert demo.plan_staff(agencies) == demo.plan_staff(agencies)
    first = StaffMember.objects.get(staff_code="NA000001")
    assert first.full_name == demo.plan_staff(agencies)[0][1]
