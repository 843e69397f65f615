from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.services import register_after_login, register_personal_data, register_profile_section

        from . import personal_data
        from .linking import learner
        from .roles import restore_role_groups

        post_migrate.connect(restore_role_groups, dispatch_uid="agencies.restore_role_groups")

        register_personal_data("roster_entry", personal_data.export, erase=personal_data.erase)
        # A learner with a roster entry to claim confirms it right after signing in; the profile shows it.
        register_after_login(learner.after_login)
        register_profile_section(learner.profile_section)
