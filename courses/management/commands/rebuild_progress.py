from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from courses.services import rebuild_progress


class Command(BaseCommand):
    help = "Rebuild enrolments, lesson progress, attempts and completions from the stored xAPI statements."

    def handle(self, *args, **options):
        counts = rebuild_progress()
        self.stdout.write(
            _(
                "Rebuilt from the statements: %(enrolments)s enrolments, %(lesson_progress)s lesson "
                "progress rows, %(attempts)s assessment attempts, %(completions)s completions."
            )
            % counts
        )
