"""python manage.py coverage_report [--agency CODE] [--target CODE] [--date DATE] [--format ...] [--output FILE]"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.services import agency_by_code
from reporting import exports
from reporting.services import TargetKind, coverage, enrolment_summary, parse_date, target_by_code, targets


class Command(BaseCommand):
    help = "Print or write each agency's training coverage toward a target."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="An agency code: that agency and its units (default: the province).")
        parser.add_argument("--target", help="A target code (default: the first target).")
        parser.add_argument("--date", help="The report date, dd/mm/yyyy or yyyy-mm-dd (default: today).")
        parser.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
        parser.add_argument("--output", help="Write to this file instead of the screen (required for xlsx).")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                self.report(options)
            except CommandError as error:
                # A clear message and a non-zero exit, without a traceback.
                self.stderr.write(str(error))
                sys.exit(2)

    def report(self, options):
        if options["target"]:
            target = target_by_code(options["target"])
            if target is None:
                codes = ", ".join(targets().values_list("code", flat=True))
                raise CommandError(
                    _("Unknown target “%(code)s”. Known targets: %(codes)s.")
                    % {"code": options["target"], "codes": codes}
                )
        else:
            target = targets().first()
            if target is None:
                raise CommandError(_("There are no targets yet; run seed_demo or add one in the admin."))
        agency = None
        if options["agency"]:
            agency = agency_by_code(options["agency"])
            if agency is None:
                raise CommandError(_("Unknown agency code “%(code)s”.") % {"code": options["agency"]})
        try:
            on_date = parse_date(options["date"])
        except ValueError:
            raise CommandError(
                _("“%(date)s” is not a date; write it as dd/mm/yyyy, for example 31/12/2025.")
                % {"date": options["date"]}
            ) from None
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError(_("The xlsx format needs --output FILE."))
        result = coverage(target, on_date, root=agency)
        fmt = options["format"]
        if fmt == "xlsx":
            content = exports.tree_xlsx(result)
        elif fmt == "csv":
            content = exports.tree_csv(result)
        elif fmt == "json":
            document = exports.tree_json(result)
            if target.kind == TargetKind.ENROLMENTS:
                summary = enrolment_summary(target, on_date)
                document["enrolments"] = {
                    "total": summary.total,
                    "goal": target.goal,
                    "by_category": summary.by_category,
                }
            content = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        else:
            content = self.table(result).encode()
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(content)
            self.stdout.write(_("Written to %(file)s.") % {"file": options["output"]})
        else:
            self.stdout.write(content.decode("utf-8-sig"), ending="")

    def table(self, result):
        headers = exports.tree_headers(result.target)
        rows = exports.tree_rows(result)
        lines = [f"{result.target.name} · {result.on_date:%d/%m/%Y}"]
        width = max([len(r[2]) + 2 * (r[0] - 1) for r in rows] + [len(headers[2])])
        numbers = headers[4:]
        lines.append(f"{headers[1]:<16} {headers[2]:<{width}} " + " ".join(f"{h:>16}" for h in numbers))
        for row in rows:
            name = "  " * (row[0] - 1) + row[2]
            values = " ".join(f"{('' if v == '' else v)!s:>16}" for v in row[4:])
            lines.append(f"{row[1]:<16} {name:<{width}} {values}")
        return "\n".join(lines) + "\n"
