"""A copy of a roster entry loaded earlier writes back only the field it changes: the account link stays."""

import datetime

import pytest

from agencies import services
from agencies.models import StaffMember, StaffPlacement

D1 = datetime.date(2025, 1, 1)
D2 = datetime.date(2025, 6, 1)


@pytest.fixture
def entry_and_account(tree, make_staff, django_user_model):
    staff = make_staff(tree["science"], "NA001", on=D1, email="an@nghean.gov.vn")
    user = django_user_model.objects.create_user("an", "an@nghean.gov.vn", "mat-khau-rat-dai-2026")
    return staff, user


def link_with_a_fresh_copy(staff, user):
    services.link_account(StaffMember.objects.get(pk=staff.pk), user)
    assert StaffMember.objects.get(pk=staff.pk).user_id == user.pk


@pytest.mark.parametrize(
    "change",
    [
        lambda stale, tree: services.move_staff(stale, tree["health"], D2),
        lambda stale, tree: services.deactivate_staff(stale, D2),
        lambda stale, tree: services.save_staff_member(stale, D2),
    ],
    ids=["move", "deactivate", "save"],
)
def test_a_stale_copy_keeps_the_account_link(entry_and_account, tree, change):
    staff, user = entry_and_account
    stale = StaffMember.objects.get(pk=staff.pk)  # loaded before the learner confirmed the match
    link_with_a_fresh_copy(staff, user)
    change(stale, tree)
    assert StaffMember.objects.get(pk=staff.pk).user_id == user.pk
    assert stale.user_id == user.pk  # the caller's copy now holds what is stored


def test_a_move_from_a_stale_copy_keeps_a_deactivation_made_meanwhile(entry_and_account, tree):
    staff, _user = entry_and_account
    stale = StaffMember.objects.get(pk=staff.pk)
    services.deactivate_staff(StaffMember.objects.get(pk=staff.pk), D2)
    services.move_staff(stale, tree["health"], datetime.date(2025, 7, 1))
    stored = StaffMember.objects.get(pk=staff.pk)
    assert stored.agency_id == tree["health"].pk and stored.active is False
    # Inactive people have no open placement, whichever copy moved them.
    assert not StaffPlacement.objects.filter(staff=stored, end_date__isnull=True).exists()


def test_an_edit_writes_its_fields_and_history(entry_and_account, tree):
    staff, user = entry_and_account
    stale = StaffMember.objects.get(pk=staff.pk)
    link_with_a_fresh_copy(staff, user)
    stale.position = "Phó Giám đốc"
    stale.agency = tree["science_centre"]
    services.save_staff_member(stale, D2)
    stored = StaffMember.objects.get(pk=staff.pk)
    assert (stored.position, stored.agency_id, stored.user_id) == ("Phó Giám đốc", tree["science_centre"].pk, user.pk)
    history = list(
        StaffPlacement.objects.filter(staff=stored).order_by("start_date").values_list("agency__code", "end_date")
    )
    assert history == [("SKHCN", D2), ("SKHCN-TT", None)]
