from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        from accounts.services import register_after_login, register_personal_data, register_profile_section

        from . import personal_data
        from .linking import learner

        register_personal_data("roster_entry", personal_data.export, erase=personal_data.erase)
        # A learner with a roster entry to claim confirms it right after signing in; the profile shows it.
        register_after_login(learner.after_login)
        register_profile_section(learner.profile_section)
