from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from accounts.services import register_personal_data
        from xapi.services import register_processor

        from . import personal_data, progress, trust
        from .models import CoursePage, LessonPage, TrustedTool

        register_processor(progress.process, cares=progress.cares)
        register_personal_data("enrolments", personal_data.export, keeps_account=personal_data.keeps_account)
        # Trust facts are cached per process (courses.trust): a change to what they come from clears them.
        for model in (TrustedTool, CoursePage, LessonPage):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(trust.forget, sender=model, dispatch_uid=f"courses.trust.{model.__name__}.{name}")
        m2m_changed.connect(trust.forget, sender=TrustedTool.courses.through, dispatch_uid="courses.trust.courses")
