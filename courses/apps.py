from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from xapi.services import register_processor

        from . import progress

        register_processor(progress.process, cares=progress.cares)
