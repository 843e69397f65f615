"""Signed statements: a JWS (RS256/384/512) in a signature attachment, checked against the statement."""

import base64
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .errors import BadRequest

ALGORITHMS = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}
# Properties the LRS adds or the signer could not know; the signed payload is compared without them.
IGNORED = ("id", "stored", "authority", "version", "attachments", "timestamp")


def b64url_decode(value):
    padded = value + "=" * (-len(value) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def _comparable(statement, payload):
    def trim(value):
        return {k: v for k, v in value.items() if k not in IGNORED}

    ours, theirs = trim(statement), trim(payload)
    for key in ("id", "timestamp"):
        # The signer's id and timestamp, when it signed them, must be the statement's.
        if key in payload and key in statement and str(payload[key]).lower() != str(statement[key]).lower():
            return False
    return ours == theirs


def verify_signed_statement(statement, jws_bytes):
    try:
        header_b64, payload_b64, signature_b64 = jws_bytes.decode("ascii").strip().split(".")
        header = json.loads(b64url_decode(header_b64))
        payload = json.loads(b64url_decode(payload_b64))
        signature = b64url_decode(signature_b64)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("the statement signature is not a JWS in compact serialisation") from exc
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise BadRequest("the statement signature must use RS256, RS384 or RS512")
    if not isinstance(payload, dict) or not _comparable(statement, payload):
        raise BadRequest("the signed payload does not match the statement")
    chain = header.get("x5c")
    if chain:
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
            certificate.public_key().verify(
                signature,
                f"{header_b64}.{payload_b64}".encode("ascii"),
                padding.PKCS1v15(),
                ALGORITHMS[algorithm](),
            )
        except InvalidSignature as exc:
            raise BadRequest("the statement signature does not verify against its certificate") from exc
        except (ValueError, TypeError, IndexError) as exc:
            raise BadRequest("the signature's x5c certificate cannot be read") from exc
