"""The public face of agencies: the only module other apps may import from it.

The apps above it (xapi, courses, certificates, reporting, lms) call these; everything else in agencies is
private. agencies itself sits on accounts (accounts.services) and common.
"""

from django.db.models import Count, Q

from accounts.services import LearnerCategory, profile_category
from common.text import normalise_code

from .linking.matching import find_roster_matches, link_account
from .linking.requests import decide as decide_link_request
from .linking.requests import pending_request_of, visible_requests
from .linking.requests import request_link as request_roster_link
from .models import Agency, AgencyKind, HRScope, StaffCategory, StaffMember
from .permissions import (
    can_import_roster,
    can_manage_agencies,
    can_view_agency,
    can_view_staff,
    is_hr_officer,
    is_province_admin,
    is_trainer,
    visible_agencies,
    visible_staff,
)
from .placements import (
    deactivate_staff,
    move_staff,
    placements_on,
    reactivate_staff,
    save_staff_member,
    staff_on,
)
from .policies import ProvinceAdministratorsOnly
from .reorganisation import create_agency, dissolve_agency, merge_agency, move_agency, rename_agency
from .roles import HR_OFFICERS, PROVINCE_ADMINS, ROLE_NAMES, TRAINERS, ensure_role_groups
from .roster.import_ import ImportResult, import_roster


def agency_by_code(code):
    """The agency with this code (any case), or None."""
    return Agency.objects.filter(code=normalise_code(code)).first()


# Agencies' materialised paths: each level adds this many characters (reports group rows by path prefix).
PATH_STEP = Agency.steplen


def agencies_existing_on(on_date, within=None):
    """The agencies not dissolved by `on_date`, in tree order; `within` (a Q on `path`) narrows them."""
    agencies = Agency.objects.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on_date))
    return (agencies.filter(within) if within is not None else agencies).order_by("path")


def roster_entries_of(user_ref):
    """The roster entries of the account `user_ref` (an id or an OuterRef), for an Exists() in a report."""
    return StaffMember.objects.filter(user_id=user_ref)


def staff_member_for(user):
    """The roster entry linked to this account, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return StaffMember.objects.select_related("agency").filter(user=user).first()


def linked_staff(username_prefix=""):
    """Active roster entries linked to an account whose username starts with `username_prefix`, with the account
    and the agency, in staff code order."""
    return (
        StaffMember.objects.filter(user__username__startswith=username_prefix, active=True)
        .select_related("user", "agency")
        .order_by("staff_code")
    )


def active_staff_counts():
    """{agency id: how many active staff its roster holds}, for every agency with any."""
    counts = StaffMember.objects.filter(active=True).values("agency_id").annotate(n=Count("pk"))
    return dict(counts.values_list("agency_id", "n"))


def learner_category(user):
    """The learner's category code: their profile's, else civil_servant when on the roster, else None."""
    category = profile_category(user)
    if category is not None:
        return category
    return LearnerCategory.CIVIL_SERVANT.value if staff_member_for(user) is not None else None


def sees_reports(user):
    """Province administrators and HR officers with a scope: the people coverage reports are for."""
    from .permissions import can_upload_rosters

    return bool(getattr(user, "is_authenticated", False)) and can_upload_rosters(user)


def grant_hr_scope(user, agency):
    """Make `user` an HR officer who sees `agency` and everything below it."""
    # The group with its permissions (admin access included), even where the migration's groups are gone.
    user.groups.add(ensure_role_groups()[HR_OFFICERS])
    HRScope.objects.get_or_create(user=user, agency=agency)
    for cached in ("_agencies_group_names", "_agencies_scope_paths"):
        user.__dict__.pop(cached, None)


__all__ = [
    "ProvinceAdministratorsOnly",
    "HR_OFFICERS",
    "PROVINCE_ADMINS",
    "ROLE_NAMES",
    "TRAINERS",
    "AgencyKind",
    "ImportResult",
    "StaffCategory",
    "active_staff_counts",
    "agency_by_code",
    "can_import_roster",
    "can_manage_agencies",
    "can_view_agency",
    "can_view_staff",
    "create_agency",
    "deactivate_staff",
    "decide_link_request",
    "dissolve_agency",
    "ensure_role_groups",
    "find_roster_matches",
    "grant_hr_scope",
    "import_roster",
    "is_hr_officer",
    "is_province_admin",
    "is_trainer",
    "learner_category",
    "link_account",
    "linked_staff",
    "merge_agency",
    "move_agency",
    "move_staff",
    "pending_request_of",
    "placements_on",
    "reactivate_staff",
    "rename_agency",
    "request_roster_link",
    "save_staff_member",
    "sees_reports",
    "staff_member_for",
    "staff_on",
    "visible_agencies",
    "visible_requests",
    "visible_staff",
    "PATH_STEP",
    "agencies_existing_on",
    "roster_entries_of",
]
