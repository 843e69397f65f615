from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from accounts.services import register_personal_data
        from xapi.services import register_processor

        from . import personal_data, progress

        register_processor(progress.process, cares=progress.cares)
        register_personal_data("enrolments", personal_data.export, keeps_account=personal_data.keeps_account)
