"""An HR officer sees their subtree and nothing else, through the services and through the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from agencies import services
from agencies.models import Agency, StaffMember


@pytest.fixture
def people(tree, make_staff):
    return {
        "scientist": make_staff(tree["science_centre"], "KH001", name="Nguyễn Khoa Học"),
        "doctor": make_staff(tree["hospital"], "YT001", name="Trần Bác Sĩ"),
        "teacher": make_staff(tree["school"], "GD001", name="Lê Giáo Viên"),
    }


@pytest.fixture
def hr_science(tree, django_user_model):
    user = django_user_model.objects.create_user("hr.skhcn", "hr.skhcn@example.org", "pw-hr-2026")
    services.grant_hr_scope(user, tree["science"])
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def province_admin(db, django_user_model):
    user = django_user_model.objects.create_user("admin.tinh", "admin.tinh@example.org", "pw-admin-2026")
    user.groups.add(Group.objects.get(name=services.PROVINCE_ADMINS))
    return django_user_model.objects.get(pk=user.pk)


def test_role_groups_exist_with_their_permissions(db):
    hr = Group.objects.get(name=services.HR_OFFICERS)
    codenames = set(hr.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_staffmember", "change_staffmember", "view_agency"} <= codenames
    assert "delete_staffmember" not in codenames and "change_agency" not in codenames
    assert Group.objects.filter(name=services.TRAINERS).exists()
    admins = set(Group.objects.get(name=services.PROVINCE_ADMINS).permissions.values_list("codename", flat=True))
    assert {"change_agency", "delete_staffmember", "add_hrscope"} <= admins
    services.ensure_role_groups()  # idempotent
    assert Group.objects.filter(name__in=services.ROLE_NAMES).count() == 3


def test_hr_officer_sees_exactly_their_subtree(tree, people, hr_science):
    assert sorted(services.visible_agencies(hr_science).values_list("code", flat=True)) == [
        "SKHCN",
        "SKHCN-TT",
    ]
    assert list(services.visible_staff(hr_science)) == [people["scientist"]]
    assert services.can_view_agency(hr_science, tree["science_centre"])
    assert not services.can_view_agency(hr_science, tree["health"])
    assert not services.can_view_agency(hr_science, tree["province"])
    assert not services.can_view_staff(hr_science, people["doctor"])
    assert services.is_hr_officer(hr_science) and not services.is_province_admin(hr_science)


def test_two_scopes_add_up(tree, people, hr_science):
    services.grant_hr_scope(hr_science, tree["commune"])
    assert sorted(services.visible_staff(hr_science).values_list("staff_code", flat=True)) == [
        "GD001",
        "KH001",
    ]


def test_scope_without_the_role_shows_nothing(tree, people, hr_science):
    hr_science.groups.clear()
    user = type(hr_science).objects.get(pk=hr_science.pk)
    assert not services.visible_agencies(user).exists()
    assert not services.visible_staff(user).exists()


def test_administrators_and_superusers_see_everything(tree, people, province_admin, django_user_model):
    assert services.visible_staff(province_admin).count() == 3
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    assert services.visible_agencies(root).count() == Agency.objects.count()
    nobody = django_user_model.objects.create_user("learner", "learner@example.org", "pw")
    assert not services.visible_staff(nobody).exists()
    assert not services.is_trainer(nobody)


# The admin, by URL guessing too.


def test_staff_listing_shows_only_the_subtree(client, people, hr_science):
    client.force_login(hr_science)
    response = client.get(reverse("agencies_staff:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Khoa Học" in body
    assert "Trần Bác Sĩ" not in body and "Lê Giáo Viên" not in body
    # Filtering by a sibling's agency id does not leak either.
    response = client.get(reverse("agencies_staff:index"), {"agency": Agency.objects.get(code="SYT").pk})
    assert "Trần Bác Sĩ" not in response.content.decode()
    response = client.get(reverse("agencies_staff:index"), {"q": "Bác Sĩ"})
    assert "Trần Bác Sĩ" not in response.content.decode()


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "usage"])
def test_a_sibling_departments_staff_member_is_not_found(client, people, hr_science, view):
    client.force_login(hr_science)
    own = client.get(reverse(f"agencies_staff:{view}", args=(people["scientist"].pk,)))
    assert own.status_code == 200
    other = client.get(reverse(f"agencies_staff:{view}", args=(people["doctor"].pk,)))
    assert other.status_code in (403, 404)


def test_hr_officer_cannot_change_or_delete_a_sibling_staff_member(client, people, hr_science):
    client.force_login(hr_science)
    doctor = people["doctor"]
    response = client.post(
        reverse("agencies_staff:edit", args=(doctor.pk,)),
        {
            "full_name": "Đổi Tên",
            "staff_code": "YT001",
            "agency": doctor.agency_id,
            "category": "civil_servant",
        },
    )
    assert response.status_code in (403, 404)
    assert client.post(reverse("agencies_staff:delete", args=(doctor.pk,))).status_code in (403, 404)
    assert StaffMember.objects.get(pk=doctor.pk).full_name == "Trần Bác Sĩ"


def test_a_sibling_department_is_not_found(client, tree, hr_science):
    client.force_login(hr_science)
    assert client.get(reverse("agencies_agency:inspect", args=(tree["science"].pk,))).status_code == 200
    assert client.get(reverse("agencies_agency:inspect", args=(tree["health"].pk,))).status_code == 404
    # Views an HR officer has no permission for at all send them back to the dashboard.
    assert client.get(reverse("agencies_agency:history", args=(tree["health"].pk,))).status_code in (
        302,
        403,
        404,
    )


def test_agency_listing_is_the_subtree_indented(client, tree, hr_science):
    client.force_login(hr_science)
    body = client.get(reverse("agencies_agency:index")).content.decode()
    assert "Sở Khoa học và Công nghệ" in body and "Trung tâm Ứng dụng tiến bộ KH&amp;CN" in body
    assert "Sở Y tế" not in body and "Xã Nam Đàn" not in body
    assert "padding-inline-start: 1.5rem" in body
    # HR officers may not edit or create agencies.
    # (Wagtail answers a permission refusal with a redirect to the dashboard.)
    assert client.get(reverse("agencies_agency:edit", args=(tree["science"].pk,))).status_code in (302, 403)
    assert client.get(reverse("agencies_agency:add")).status_code in (302, 403)


def test_hr_officer_can_only_place_staff_in_their_subtree(client, tree, people, hr_science):
    client.force_login(hr_science)
    scientist = people["scientist"]
    data = {
        "full_name": "Nguyễn Khoa Học",
        "staff_code": "KH001",
        "agency": tree["health"].pk,
        "category": "public_employee",
        "phone": "0912 345 678",
        "active": "on",
    }
    response = client.post(reverse("agencies_staff:edit", args=(scientist.pk,)), data)
    assert response.status_code == 200  # the form again, with an error on the agency
    assert StaffMember.objects.get(pk=scientist.pk).agency == tree["science_centre"]
    data["agency"] = tree["science"].pk
    response = client.post(reverse("agencies_staff:edit", args=(scientist.pk,)), data)
    assert response.status_code == 302
    scientist.refresh_from_db()
    assert scientist.agency == tree["science"] and scientist.phone == "+84912345678"
    # The move is in the placement history.
    assert list(scientist.placements.filter(end_date__isnull=True).values_list("agency__code", flat=True)) == ["SKHCN"]


def test_staff_filters_by_agency_subtree_category_and_it_officer(client, tree, people, make_staff, province_admin):
    make_staff(tree["health"], "YT002", name="Phạm Tin Học", is_it_officer=True)
    client.force_login(province_admin)
    url = reverse("agencies_staff:index")
    body = client.get(url, {"agency": tree["health"].pk}).content.decode()
    assert "Trần Bác Sĩ" in body and "Phạm Tin Học" in body and "Nguyễn Khoa Học" not in body
    body = client.get(url, {"is_it_officer": "true"}).content.decode()
    assert "Phạm Tin Học" in body and "Trần Bác Sĩ" not in body


def test_administrator_creates_moves_and_merges_agencies(client, tree, people, province_admin):
    client.force_login(province_admin)
    response = client.post(
        reverse("agencies_agency:add"),
        {"code": "sxd", "name": "Sở Xây dựng", "kind": "department", "parent": tree["province"].pk},
    )
    assert response.status_code == 302
    built = Agency.objects.get(code="SXD")
    assert built.get_parent() == tree["province"]
    response = client.post(
        reverse("agencies_agency:edit", args=(built.pk,)),
        {"code": "SXD", "name": "Sở Xây dựng Nghệ An", "kind": "department", "parent": tree["health"].pk},
    )
    assert response.status_code == 302
    assert Agency.objects.get(code="SXD").get_parent().code == "SYT"
    response = client.post(
        reverse("agencies_agency:merge", args=(tree["school"].pk,)),
        {"successor": tree["commune"].pk, "on": "01/07/2025"},
    )
    assert response.status_code == 302
    school = Agency.objects.get(code="XA-NAMDAN-THCS")
    assert not school.active and school.successor == tree["commune"]
    assert StaffMember.objects.get(staff_code="GD001").agency == tree["commune"]
    # An agency with staff history is not deleted.
    client.post(reverse("agencies_agency:delete", args=(school.pk,)))
    assert Agency.objects.filter(pk=school.pk).exists()


def test_merge_is_for_administrators_only(client, tree, hr_science):
    client.force_login(hr_science)
    response = client.post(
        reverse("agencies_agency:merge", args=(tree["science_centre"].pk,)),
        {"successor": tree["science"].pk, "on": "01/07/2025"},
    )
    assert response.status_code in (302, 403)
    assert Agency.objects.get(code="SKHCN-TT").active


def test_staff_export_holds_only_the_subtree(client, people, hr_science):
    client.force_login(hr_science)
    response = client.get(reverse("agencies_staff:index") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "KH001" in body and "YT001" not in body and "GD001" not in body


@pytest.mark.django_db(transaction=True)
def test_role_groups_come_back_after_a_flush():
    from django.core.management import call_command

    Group.objects.all().delete()
    call_command("flush", interactive=False, verbosity=0)
    hr = Group.objects.get(name=services.HR_OFFICERS)
    assert hr.permissions.filter(codename="view_staffmember").exists()
    assert Group.objects.filter(name__in=services.ROLE_NAMES).count() == 3
