"""The admin screen where province administrators give roles and HR scopes."""

import pytest

from agencies.services import (
    HR_OFFICERS,
    PROVINCE_ADMINS,
    TRAINERS,
    ensure_role_groups,
    visible_agencies,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_admin(make_role_user):
    return make_role_user(PROVINCE_ADMINS, "quantri", "Quản Trị Tỉnh")


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(
        username="lan", email="lan@example.vn", password="x-kns-2026-dai", full_name="Hồ Thị Lan"
    )


def test_province_admin_grants_roles_and_scopes(client, province_admin, person, department):
    client.force_login(province_admin)
    listing = client.get("/admin/accounts/roles/?q=Lan")
    assert listing.status_code == 200
    assert "Hồ Thị Lan" in listing.content.decode()
    url = f"/admin/accounts/roles/{person.pk}/"
    response = client.post(url, {"action": "roles", TRAINERS: "on"})
    assert response.status_code == 302
    assert set(person.groups.values_list("name", flat=True)) == {TRAINERS}
    response = client.post(url, {"action": "add_scope", "agency_code": "skhcn"})
    assert response.status_code == 302
    person = type(person).objects.get(pk=person.pk)
    assert set(person.groups.values_list("name", flat=True)) == {TRAINERS, HR_OFFICERS}
    assert set(visible_agencies(person).values_list("code", flat=True)) == {"SKHCN"}
    scope = person.hr_scopes.get()
    client.post(url, {"action": "remove_scope", "scope": scope.pk})
    person = type(person).objects.get(pk=person.pk)
    assert not visible_agencies(person).exists()


def test_unknown_agency_and_bad_posts_change_nothing(client, province_admin, person, department):
    client.force_login(province_admin)
    url = f"/admin/accounts/roles/{person.pk}/"
    response = client.post(url, {"action": "add_scope", "agency_code": "KHONG-CO"})
    assert response.status_code == 200
    assert "Không có cơ quan nào có mã này" in response.content.decode()
    for data in ({"action": "remove_scope", "scope": "abc"}, {"action": "nonsense"}):
        assert client.post(url, data).status_code == 302
    assert not person.hr_scopes.exists()
    assert not person.groups.exists()


def test_others_cannot_open_the_screen(client, person, department):
    groups = ensure_role_groups()
    person.groups.add(groups[HR_OFFICERS])
    client.force_login(person)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    response = client.get("/admin/accounts/roles/")
    assert (response.status_code, response.get("Location")) == (302, "/admin/")
    response = client.post(f"/admin/accounts/roles/{person.pk}/", {"action": "add_scope", "agency_code": "SKHCN"})
    assert (response.status_code, response.get("Location")) == (302, "/admin/")
    assert not person.hr_scopes.exists()
