import datetime

import pytest
from django.core.exceptions import ValidationError

from agencies import services
from agencies.models import Agency, StaffMember, StaffPlacement

D1 = datetime.date(2025, 1, 1)
D2 = datetime.date(2025, 7, 1)
D3 = datetime.date(2026, 1, 1)


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_subtree_is_one_prefix_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = codes(tree["science"].subtree())
    assert found == ["SKHCN", "SKHCN-TT"]
    assert len(codes(tree["province"].subtree())) == 7


def test_codes_are_normalised_and_unique(tree):
    agency = services.create_agency(code=" sxd ", name="Sở Xây dựng", parent=tree["province"])
    assert agency.code == "SXD"
    with pytest.raises(ValidationError):
        services.create_agency(code="SXD", name="Trùng mã", parent=tree["province"])


def test_rename_keeps_the_record_and_its_staff(tree, make_staff):
    person = make_staff(tree["science"], "NA001", on=D1)
    services.rename_agency(tree["science"], "Sở Khoa học, Công nghệ và Đổi mới", code="SKHCNDM")
    person.refresh_from_db()
    assert person.agency.name == "Sở Khoa học, Công nghệ và Đổi mới"
    assert person.agency.code == "SKHCNDM"


def test_move_takes_the_subtree_along(tree):
    moved = services.move_agency(tree["science"], tree["health"])
    assert moved.get_parent().code == "SYT"
    assert codes(Agency.objects.get(code="SYT").subtree()) == ["SKHCN", "SKHCN-TT", "SYT", "SYT-BVDK"]
    with pytest.raises(ValidationError):
        services.move_agency(Agency.objects.get(code="SYT"), Agency.objects.get(code="SKHCN-TT"))


def test_placements_follow_moves_and_deactivation(tree, make_staff):
    person = make_staff(tree["science"], "NA001", on=D1)
    services.move_staff(person, tree["health"], on=D2)
    services.deactivate_staff(person, on=D3)

    def where(on):
        return list(services.placements_on(on).filter(staff=person).values_list("agency__code", flat=True))

    assert where(datetime.date(2024, 12, 31)) == []
    assert where(D1) == ["SKHCN"]
    assert where(D2 - datetime.timedelta(days=1)) == ["SKHCN"]
    assert where(D2) == ["SYT"]
    assert where(D3) == []
    services.reactivate_staff(person, on=datetime.date(2026, 3, 1))
    assert where(datetime.date(2026, 3, 1)) == ["SYT"]
    assert StaffPlacement.objects.filter(staff=person, end_date__isnull=True).count() == 1


def test_two_changes_on_one_day_leave_no_empty_placement(tree, make_staff):
    person = make_staff(tree["science"], "NA001", on=D1)
    services.move_staff(person, tree["health"], on=D2)
    services.move_staff(person, tree["commune"], on=D2)
    placements = list(StaffPlacement.objects.filter(staff=person).values_list("agency__code", "start_date", "end_date"))
    assert placements == [("SKHCN", D1, D2), ("XA-NAMDAN", D2, None)]


def test_saving_without_a_change_keeps_one_placement(tree, make_staff):
    person = make_staff(tree["science"], "NA001", on=D1)
    person.position = "Chuyên viên"
    services.save_staff_member(person, on=D2)
    assert StaffPlacement.objects.filter(staff=person).count() == 1


def test_staff_counted_per_agency_subtree_in_one_query(tree, make_staff, django_assert_num_queries):
    make_staff(tree["science"], "A1", on=D1)
    make_staff(tree["science_centre"], "A2", on=D1)
    gone = make_staff(tree["science_centre"], "A3", on=D1)
    make_staff(tree["health"], "B1", on=D1)
    services.deactivate_staff(gone, on=D2)
    with django_assert_num_queries(1):
        before = services.staff_on(D1, tree["science"]).count()
    assert before == 3
    assert services.staff_on(D2, tree["science"]).count() == 2
    assert services.staff_on(D2).count() == 3


def test_merge_moves_staff_and_units_and_keeps_history(tree, make_staff):
    old = tree["commune"]
    successor = services.create_agency(code="XA-KIMLIEN", name="Xã Kim Liên", kind="commune", parent=tree["province"])
    person = make_staff(old, "NA001", on=D1)
    retired = make_staff(old, "NA002", on=D1, active=False)
    merged = services.merge_agency(old, successor, on=D2)

    assert merged.active is False and merged.dissolved_on == D2 and merged.successor == successor
    person.refresh_from_db()
    assert person.agency == successor
    assert StaffMember.objects.get(pk=retired.pk).agency == successor
    assert Agency.objects.get(code="XA-NAMDAN-THCS").get_parent() == successor
    # Reports of past periods still count the person at the old commune.
    assert list(services.placements_on(D1).filter(staff=person).values_list("agency__code", flat=True)) == ["XA-NAMDAN"]
    assert list(services.placements_on(D2).filter(staff=person).values_list("agency__code", flat=True)) == [
        "XA-KIMLIEN"
    ]
    assert services.staff_on(D1, merged).count() == 1
    assert services.staff_on(D2, merged).count() == 0


def test_merge_refuses_itself_and_inactive_successors(tree):
    with pytest.raises(ValidationError):
        services.merge_agency(tree["health"], tree["hospital"])
    services.merge_agency(tree["school"], tree["commune"], on=D2)
    with pytest.raises(ValidationError):
        services.merge_agency(tree["science"], Agency.objects.get(code="XA-NAMDAN-THCS"))


def test_dissolve_refuses_while_staff_are_active(tree, make_staff):
    person = make_staff(tree["school"], "NA001", on=D1)
    with pytest.raises(ValidationError):
        services.dissolve_agency(tree["commune"])
    services.deactivate_staff(person, on=D2)
    services.dissolve_agency(tree["commune"], on=D3)
    assert not Agency.objects.filter(path__startswith=tree["commune"].path, active=True).exists()


def test_roster_matches_by_code_email_or_phone_in_one_query(tree, make_staff, django_assert_num_queries):
    person = make_staff(tree["science"], "NA001", email="an@nghean.gov.vn", phone="+84912345678")
    with django_assert_num_queries(1):
        assert list(services.find_roster_matches(phone="0912 345 678")) == [person]
    assert list(services.find_roster_matches(staff_code=" na001 ")) == [person]
    assert list(services.find_roster_matches(email="AN@nghean.gov.vn")) == [person]
    assert list(services.find_roster_matches(phone="not a phone")) == []
    assert list(services.find_roster_matches()) == []


def test_link_account_refuses_a_taken_entry(tree, make_staff, django_user_model):
    person = make_staff(tree["science"], "NA001")
    first = django_user_model.objects.create_user("first", "first@example.org", "x")
    second = django_user_model.objects.create_user("second", "second@example.org", "x")
    services.link_account(person, first)
    services.link_account(person, first)  # idempotent
    with pytest.raises(ValidationError):
        services.link_account(person, second)
    other = make_staff(tree["health"], "NA002")
    with pytest.raises(ValidationError):
        services.link_account(other, first)
    assert StaffMember.objects.get(pk=person.pk).user == first
    assert services.staff_member_for(first) == person
