"""agencies' part of a user's personal data: the roster entry linked to the account, and HR scopes."""

from .models import HRScope, StaffMember


def export(user, identifiers):
    staff = StaffMember.objects.filter(user=user).select_related("agency").first()
    if staff is None:
        return None
    return {
        "full_name": staff.full_name,
        "staff_code": staff.staff_code,
        "email": staff.email,
        "phone": staff.phone,
        "category": staff.category,
        "position": staff.position,
        "agency_code": staff.agency.code,
        "agency_name": staff.agency.name,
        "active": staff.active,
    }


def erase(user, identifiers):
    # The roster entry is the province's record of its staff and stays; the account's HR roles go.
    HRScope.objects.filter(user=user).delete()
