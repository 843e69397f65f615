from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xapi.models import Scope
from xapi.services import create_credential


class Command(BaseCommand):
    help = "Create an LRS credential and print its key and secret for HTTP Basic authentication."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scopes", nargs="+", default=["all"], choices=Scope.values, help="default: all")
        parser.add_argument("--owner", help="e-mail of the user the credential belongs to")

    def handle(self, *args, name, scopes, owner=None, **options):
        user = None
        if owner:
            user = get_user_model().objects.filter(email__iexact=owner).first()
            if user is None:
                raise CommandError(_("No user has the e-mail %(email)s.") % {"email": owner})
        credential, key, secret = create_credential(name, scopes=scopes, owner=user)
        self.stdout.write(_("LRS credential “%(name)s” (scopes: %(scopes)s)") % {
            "name": credential.name, "scopes": ", ".join(credential.scopes)})  # fmt: skip
        self.stdout.write(f"key:    {key}")
        self.stdout.write(f"secret: {secret}")
        self.stdout.write(_("The secret is shown only once; store it now."))
