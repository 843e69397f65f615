from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    name = "xapi"
    verbose_name = _("Learning records (xAPI)")

    def ready(self):
        from accounts.services import register_personal_data

        from . import personal_data

        register_personal_data("statements", personal_data.export, erase=personal_data.erase)
