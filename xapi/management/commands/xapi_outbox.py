from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from xapi import forwarding


class Command(BaseCommand):
    help = "Show the xAPI forwarding outbox; --replay sends what is waiting now."

    def add_arguments(self, parser):
        parser.add_argument("--replay", action="store_true", help="send every waiting statement now")

    def handle(self, *args, replay=False, **options):
        if not settings.XAPI_FORWARD_URL:
            self.stdout.write(_("Forwarding is off (XAPI_FORWARD_URL is not set)."))
        if replay and settings.XAPI_FORWARD_URL:
            forwarding.retry_now()
            sent, failed = forwarding.drain(max_batches=1_000_000)
            self.stdout.write(_("Sent %(sent)s, failed %(failed)s.") % {"sent": sent, "failed": failed})
        state = forwarding.summary()
        self.stdout.write(_("Waiting: %(waiting)s (failing: %(failing)s), sent: %(sent)s") % state)
        if state["oldest"]:
            # The site's time zone (Asia/Ho_Chi_Minh), as every other date the site shows.
            when = timezone.localtime(state["oldest"]).strftime("%d/%m/%Y %H:%M")
            self.stdout.write(_("Oldest waiting since %(when)s") % {"when": when})
