"""The role groups: trainers, HR officers, province administrators, with their permissions.

Frozen copy of agencies.roles.ROLE_PERMISSIONS at the time of writing (migrations must not import
code that may change); `ensure_role_groups()` keeps the groups right afterwards.
"""

from django.db import migrations

ACCESS_ADMIN = ("wagtailadmin", "access_admin")
ROLE_PERMISSIONS = {
    "Trainers": [ACCESS_ADMIN],
    "HR officers": [
        ACCESS_ADMIN,
        ("agencies", "view_agency"),
        ("agencies", "view_staffmember"),
        ("agencies", "add_staffmember"),
        ("agencies", "change_staffmember"),
        ("agencies", "add_rosterimport"),
        ("agencies", "view_rosterimport"),
    ],
    "Province administrators": [
        ACCESS_ADMIN,
        *[
            ("agencies", f"{action}_{model}")
            for model in ("agency", "staffmember", "staffplacement", "hrscope", "rosterimport")
            for action in ("add", "change", "delete", "view")
        ],
        ("accounts", "add_user"),
        ("accounts", "change_user"),
        ("accounts", "view_user"),
    ],
}


def create_role_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; make this app's and accounts' now.
    for label in ("accounts", "agencies"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
