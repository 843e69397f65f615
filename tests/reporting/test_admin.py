"""Province administrators keep the targets in the Wagtail admin; API tokens stay in Django's admin."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TARGETS = "/admin/reporting/targets/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def administrator(django_user_model):
    from agencies.services import PROVINCE_ADMINS, ensure_role_groups

    user = django_user_model.objects.create_user("qt", "qt@nghean.gov.vn", "mat-khau-rat-dai-2026")
    user.groups.add(ensure_role_groups()[PROVINCE_ADMINS])
    return user


def new_target(course, **changes):
    data = {
        "code": "ky-nang-so-2026",
        "name": "Cán bộ được đào tạo kỹ năng số năm 2026",
        "kind": "percentage",
        "goal": "100",
        "deadline": "31/12/2026",
        "staff_categories": ["civil_servant", "public_employee"],
        "courses": [course.pk],
        "match": "any",
        "sort_order": "5",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_tokens_stay_in_djangos_admin(client, province, django_user_model):
    from reporting.services import issue_token

    admin = django_user_model.objects.create(
        username="qt-admin", email="qt.admin@nghean.gov.vn", is_superuser=True, is_staff=True
    )
    issue_token(admin, "Hệ thống tỉnh")
    client.force_login(admin)
    assert "Hệ thống tỉnh" in client.get("/django-admin/reporting/apitoken/").content.decode()
    assert client.get("/django-admin/reporting/apitoken/add/").status_code == 403


def test_a_province_administrator_lists_adds_and_edits_targets(province, administrator):
    from reporting.models import Target

    client = signed_in(administrator)
    listing = client.get(TARGETS).content.decode()
    assert "cbccvc" in listing and "tmdt" in listing
    assert '"url": "/admin/reporting/targets/"' in client.get("/admin/").content.decode()  # in the menu

    course = province["courses"]["basic"]
    response = client.post(TARGETS + "new/", new_target(course))
    assert response.status_code == 302, response.content.decode()[:3000]
    target = Target.objects.get(code="ky-nang-so-2026")
    assert target.staff_categories == ["civil_servant", "public_employee"]
    assert list(target.courses.all()) == [course]
    assert target.deadline.isoformat() == "2026-12-31"

    edit = client.post(f"{TARGETS}edit/{target.pk}/", new_target(course, goal="90", name="Kỹ năng số 2026"))
    assert edit.status_code == 302
    target.refresh_from_db()
    assert (target.goal, target.name) == (90, "Kỹ năng số 2026")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"goal": "150"}, "goal"),
        ({"staff_categories": None}, "staff_categories"),
        ({"kind": "presence", "staff_categories": None}, "agency_kinds"),
        ({"courses": None}, "tracks"),
        ({"deadline": "31/13/2026"}, "deadline"),
        ({"staff_categories": ["king"]}, "staff_categories"),
    ],
)
def test_a_target_that_makes_no_sense_is_refused_and_nothing_changes(province, administrator, changes, field):
    from reporting.models import Target

    client = signed_in(administrator)
    course = province["courses"]["basic"]
    before = Target.objects.count()
    response = client.post(TARGETS + "new/", new_target(course, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Target.objects.count() == before


def test_no_one_else_may_see_or_change_targets(province, hr_officers, django_user_model):
    from agencies.services import TRAINERS, ensure_role_groups
    from reporting.models import Target

    trainer = django_user_model.objects.create_user("gv", "gv@nghean.gov.vn", "mat-khau-rat-dai-2026")
    trainer.groups.add(ensure_role_groups()[TRAINERS])
    target = Target.objects.first()
    course = province["courses"]["basic"]
    for user in (trainer, next(iter(hr_officers.values()))):
        client = signed_in(user)
        assert client.get(TARGETS).status_code in (302, 403)
        assert client.post(TARGETS + "new/", new_target(course)).status_code in (302, 403)
        assert client.post(f"{TARGETS}delete/{target.pk}/").status_code in (302, 403)
        assert '"url": "/admin/reporting/targets/"' not in client.get("/admin/").content.decode()
    assert Target.objects.filter(pk=target.pk).exists()
    assert not Target.objects.filter(code="ky-nang-so-2026").exists()
