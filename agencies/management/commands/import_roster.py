import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.roster.import_ import import_roster
from agencies.roster.report import error_text, failure, field_labels, summary
from common.text import normalise_code

BAR_WIDTH = 30
BAR_FROM_ROWS = 2000  # smaller files finish before a bar would help


class ProgressBar:
    def __init__(self, stream):
        self.stream = stream
        self.last = None
        self.labels = {"read": _("Reading"), "check": _("Checking"), "save": _("Saving")}

    def __call__(self, stage, done, total):
        if total < BAR_FROM_ROWS:
            return
        percent = 100 * done // total if total else 100
        if (stage, percent) == self.last:
            return
        self.last = (stage, percent)
        filled = BAR_WIDTH * percent // 100
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        label = str(self.labels[stage])
        self.stream.write(f"\r{label:<10} [{bar}] {percent:3d}% {done}/{total}", ending="")
        if percent == 100:
            self.stream.write("")
        self.stream.flush()


class Command(BaseCommand):
    help = _(
        "Import the staff roster from a CSV or XLSX file. Every row is checked first; a file with any "
        "bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the roster file (.csv or .xlsx)"))
        parser.add_argument(
            "--agency",
            metavar="CODE",
            help=_(
                "the agency the file covers: rows must belong to it or its units, and its staff missing "
                "from the file are deactivated"
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("check the file and show what would change, save nothing"),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        scope = None
        if options["agency"]:
            scope = Agency.objects.filter(code=normalise_code(options["agency"])).first()
            if scope is None:
                raise CommandError(_("Unknown agency code “%(code)s”.") % {"code": options["agency"]})
        verbose = options["verbosity"] > 0
        progress = ProgressBar(self.stderr) if verbose and sys.stderr is not None else None
        started = time.monotonic()
        result = import_roster(path, path.name, scope=scope, dry_run=options["dry_run"], progress=progress)
        elapsed = time.monotonic() - started
        if not result.ok:
            for line, message in result.errors:
                self.stderr.write(error_text(line, message))
            raise CommandError(failure(result))
        if result.ignored_headers:
            self.stdout.write(_("Columns not used: %(headers)s") % {"headers": ", ".join(result.ignored_headers)})
        if options["dry_run"]:
            self._lists(result)
        self.stdout.write(self.style.SUCCESS(summary(result)))
        if verbose:
            self.stdout.write(_("%(rows)s rows in %(seconds).1f s.") % {"rows": result.rows, "seconds": elapsed})

    def _lists(self, result):
        sections = [
            (_("To be created"), [f"{code}  {name}  ({agency})" for code, name, agency in result.created]),
            (
                _("To be updated"),
                [f"{code}  {name}: {field_labels(fields)}" for code, name, fields in result.updated],
            ),
            (
                _("To be deactivated"),
                [f"{code}  {name}  ({agency})" for code, name, agency in result.deactivated],
            ),
        ]
        for title, lines in sections:
            self.stdout.write(f"{title} ({len(lines)}):")
            for line in lines:
                self.stdout.write(f"  {line}")
