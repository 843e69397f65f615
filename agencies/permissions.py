"""Every permission check of the roster, in one place: views, exports and APIs all call these.

- Province administrators (the group) and superusers see every agency and every person.
- An HR officer sees the agencies of their HR scopes and everything below them, nothing else.
- Anyone else sees no agency and no roster entry (a learner sees their own entry through their account).
"""

from django.db.models import Q

from .models import Agency, HRScope, StaffMember
from .roles import HR_OFFICERS, PROVINCE_ADMINS, TRAINERS


def _group_names(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    names = getattr(user, "_agencies_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._agencies_group_names = names
    return names


def is_province_admin(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or PROVINCE_ADMINS in _group_names(user)


def is_hr_officer(user):
    return HR_OFFICERS in _group_names(user)


def is_trainer(user):
    return TRAINERS in _group_names(user)


def scope_paths(user):
    """The tree paths of the agencies an HR officer is scoped to, without ones inside another."""
    if not is_hr_officer(user):
        return []
    paths = getattr(user, "_agencies_scope_paths", None)
    if paths is None:
        found = sorted(HRScope.objects.filter(user=user).values_list("agency__path", flat=True))
        paths = []
        for path in found:
            if not any(path.startswith(outer) for outer in paths):
                paths.append(path)
        user._agencies_scope_paths = paths
    return paths


def _under_scopes(user, path_field):
    paths = scope_paths(user)
    if not paths:
        return None
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def visible_agencies(user):
    """The agencies `user` may see, as a queryset."""
    if is_province_admin(user):
        return Agency.objects.all()
    condition = _under_scopes(user, "path")
    return Agency.objects.filter(condition) if condition is not None else Agency.objects.none()


def can_view_agency(user, agency):
    if is_province_admin(user):
        return True
    return any(agency.path.startswith(path) for path in scope_paths(user))


def visible_staff(user):
    """The roster entries `user` may see: those whose current agency they may see."""
    if is_province_admin(user):
        return StaffMember.objects.all()
    condition = _under_scopes(user, "agency__path")
    return StaffMember.objects.filter(condition) if condition is not None else StaffMember.objects.none()


def can_view_staff(user, staff):
    return can_view_agency(user, staff.agency)


def can_manage_agencies(user):
    """Create, rename, move and merge agencies: province administrators only."""
    return is_province_admin(user)


def can_import_roster(user, agency=None):
    """Upload a roster: administrators anywhere, HR officers for an agency of their own subtree."""
    if is_province_admin(user):
        return True
    if agency is None:
        return False
    return is_hr_officer(user) and can_view_agency(user, agency)


def can_upload_rosters(user):
    """Open the roster upload screen: administrators, and HR officers with at least one scope."""
    return is_province_admin(user) or bool(scope_paths(user))
