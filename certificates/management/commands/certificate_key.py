import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print a new Ed25519 signing key for CERTIFICATE_SIGNING_KEY (base64 of the 32-byte seed)."

    def handle(self, *args, **options):
        seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        self.stdout.write(base64.b64encode(seed).decode())
