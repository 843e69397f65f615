from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        from accounts.services import register_personal_data

        from . import personal_data

        register_personal_data("roster_entry", personal_data.export, erase=personal_data.erase)
