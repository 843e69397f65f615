"""The roles: Django groups with stable names, and the permissions each one carries.

The group names are stable identifiers (English, as Django stores them); the admin shows the
Vietnamese role names from `ROLE_LABELS`. Other apps may add permissions to these groups; this
module only ever adds the ones listed here.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

TRAINERS = "Trainers"
HR_OFFICERS = "HR officers"
PROVINCE_ADMINS = "Province administrators"
ROLE_NAMES = (TRAINERS, HR_OFFICERS, PROVINCE_ADMINS)

ROLE_LABELS = {
    TRAINERS: _("Trainers"),
    HR_OFFICERS: _("HR officers"),
    PROVINCE_ADMINS: _("Province administrators"),
}

ACCESS_ADMIN = ("wagtailadmin", "access_admin")

# (app_label, codename) per group. Kept in step with migrations 0002_role_groups and 0004.
ROLE_PERMISSIONS = {
    TRAINERS: [ACCESS_ADMIN],
    HR_OFFICERS: [
        ACCESS_ADMIN,
        ("agencies", "view_agency"),
        ("agencies", "view_staffmember"),
        ("agencies", "add_staffmember"),
        ("agencies", "change_staffmember"),
        ("agencies", "add_rosterimport"),
        ("agencies", "view_rosterimport"),
        ("agencies", "view_rosterlinkrequest"),
        ("agencies", "change_rosterlinkrequest"),
    ],
    PROVINCE_ADMINS: [
        ACCESS_ADMIN,
        *[
            ("agencies", f"{action}_{model}")
            for model in ("agency", "staffmember", "staffplacement", "hrscope", "rosterimport", "rosterlinkrequest")
            for action in ("add", "change", "delete", "view")
        ],
        ("accounts", "add_user"),
        ("accounts", "change_user"),
        ("accounts", "view_user"),
    ],
}


def ensure_role_groups():
    """Create the role groups if missing and give them their permissions (idempotent)."""
    groups = {}
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)
        groups[name] = group
    return groups


def restore_role_groups(sender, app_config, **kwargs):
    """After every `migrate` and every `flush` (which empties the tables the data migration filled): on the
    signal of the last app with models (the only ones it is sent for), when every app's permissions exist."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is with_models[-1]:
        ensure_role_groups()
