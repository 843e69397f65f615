from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

# Each app may have a `demo` module with `seed(report)`; they run in the order data flows (docs/architecture.md).
# With `report.history` (the default) they also add a year of learning history: learners who enrolled, took
# lessons and passed quizzes (recorded as xAPI statements), their certificates and monthly coverage snapshots.
DEMO_APPS = ["lms", "accounts", "agencies", "xapi", "courses", "certificates", "reporting"]


class Report:
    def __init__(self, history=False):
        self.history = history
        self.logins = []
        self.made = []

    def created(self, what):
        self.made.append(what)

    def login(self, role, login, password):
        self.logins.append((role, login, password))


class Command(BaseCommand):
    help = "Load the demo data (safe to run again) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Allow loading demo data (with known passwords) while DEBUG is off.",
        )
        parser.add_argument(
            "--without-history",
            action="store_true",
            help="Only the site, courses, roster and demo logins: no learners' year of history.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                _("Demo data has published passwords: load it only with DEBUG on, or add --allow-production.")
            )
        report = Report(history=not options["without_history"])
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed(report)
        if report.made:
            self.stdout.write(_("Created: %(items)s") % {"items": ", ".join(report.made)})
        else:
            self.stdout.write(_("The demo data is already there; nothing new was created."))
        self.stdout.write(self.style.SUCCESS(_("Demo logins:")))
        for role, login, password in report.logins:
            self.stdout.write(f"  {role:<32} {login:<28} {password}")
