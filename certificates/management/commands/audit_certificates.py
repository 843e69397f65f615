import csv

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from certificates.audit import audit, revoke_findings
from common.spreadsheets import safe_row


class Command(BaseCommand):
    help = "List valid certificates whose completion lacks trusted evidence; with --revoke, revoke them."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["table", "csv"], default="table")
        parser.add_argument("--revoke", action="store_true", help="revoke every certificate listed")

    def handle(self, *args, format="table", revoke=False, **options):
        findings = audit()
        header = [_("Code"), _("Learner"), _("Course"), _("Issued on"), _("Why")]
        if format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(safe_row(header))
            for finding in findings:
                writer.writerow(safe_row(finding.row))  # names are free text: never a formula
        else:
            for finding in findings:
                self.stdout.write(" | ".join(finding.row))
            self.stdout.write(_("%(count)s certificates without trusted evidence.") % {"count": len(findings)})
        if revoke and findings:
            count = revoke_findings(findings)
            self.stderr.write(_("%(count)s certificates revoked.") % {"count": count})
