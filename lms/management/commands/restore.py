from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.backups import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Restore a backup folder into DATABASE_URL's database and MEDIA_ROOT (replacing what is there)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help=_("the backup folder (made by manage.py backup)"))
        parser.add_argument("--noinput", "--no-input", action="store_true", help=_("do not ask for confirmation"))

    def handle(self, *args, **options):
        from django.conf import settings
        from django.db import connection

        try:
            manifest = read_manifest(options["folder"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if not options["noinput"]:
            question = _(
                "Replace the database %(database)s and the files under %(media)s with the backup of %(date)s? "
                "Type yes to go on: "
            ) % {"database": connection.settings_dict["NAME"], "media": settings.MEDIA_ROOT,
                 "date": manifest["created_at"]}  # fmt: skip
            if input(question).strip().lower() not in {"yes", "có", "co"}:
                raise CommandError(_("Nothing was restored."))
        try:
            restore(options["folder"])
        except (BackupError, OSError) as exc:
            raise CommandError(_("The restore failed: %(error)s") % {"error": exc}) from None
        self.stdout.write(_("Restored the backup of %(date)s.") % {"date": manifest["created_at"]})
