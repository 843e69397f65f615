from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format; or the SQLite file) and MEDIA_ROOT into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", help=_("the new backup folder (default: backups/kns-<date>-<time>)"))

    def handle(self, *args, **options):
        folder = options["output"] or f"backups/kns-{timezone.localtime():%Y%m%d-%H%M%S}"
        try:
            manifest = backup(folder)
        except (BackupError, OSError) as exc:
            raise CommandError(_("The backup failed: %(error)s") % {"error": exc}) from None
        size = sum(facts["bytes"] for facts in manifest["files"].values())
        self.stdout.write(
            _("Backup written to %(folder)s (%(engine)s, %(size)s bytes).")
            % {"folder": folder, "engine": manifest["engine"], "size": size}
        )
