from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from accounts.services import register_personal_data
        from courses.services import parse_activity_id, register_completion_link, register_renewal_check
        from xapi.services import VERBS, register_processor

        from . import checks, personal_data, receivers  # noqa: F401 (checks, receivers: registered on import)
        from .lifecycle import renew_on_passing, renewal_due
        from .services import completion_link, completion_links

        register_personal_data("certificates", personal_data.export, keeps_account=personal_data.keeps_account)
        passed = VERBS["passed"]

        def renewal_cares(statement):
            """Only a "passed" about one of the site's activities may renew (what renew_on_passing checks
            first): the LRS stores any other statement without a transaction for it."""
            obj = statement["object"]
            return (
                statement["verb"]["id"] == passed
                and obj.get("objectType", "Activity") == "Activity"
                and parse_activity_id(obj["id"]) is not None
            )

        register_completion_link(completion_link, many=completion_links)
        register_renewal_check(renewal_due)
        register_processor(renew_on_passing, cares=renewal_cares)
