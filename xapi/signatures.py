"""Signed statements: a JWS (RS256/384/512) in a signature attachment, checked against the statement."""

import base64
import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .errors import BadRequest
from .limits import parse_json

ALGORITHMS = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}
# Properties the LRS adds or the signer could not know; the signed payload is compared without them.
IGNORED = ("id", "stored", "authority", "version", "attachments", "timestamp")


def b64url_decode(value):
    padded = value + "=" * (-len(value) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


SECONDS_RE = re.compile(r"(\d+(?:\.\d+)?)S$")


def duration_to_centiseconds(value):
    """A duration as compared: seconds truncated to 0.01 s (Data 4.6 in 1.0.3, IEEE 9274.1.1 in 2.0.0)."""
    match = SECONDS_RE.search(value) if isinstance(value, str) else None
    if match is None:
        return value
    try:
        seconds = Decimal(match.group(1)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    except InvalidOperation:  # more digits than a Decimal holds: compared as written
        return value
    return f"{value[: match.start()]}{seconds}S"


def _with_comparable_durations(part):
    part = dict(part)
    if isinstance(part.get("result"), dict) and "duration" in part["result"]:
        part["result"] = {**part["result"], "duration": duration_to_centiseconds(part["result"]["duration"])}
    obj = part.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        part["object"] = _with_comparable_durations(obj)
    return part


def _comparable(statement, payload):
    def trim(value):
        return _with_comparable_durations({k: v for k, v in value.items() if k not in IGNORED})

    ours, theirs = trim(statement), trim(payload)
    for key in ("id", "timestamp"):
        # The signer's id and timestamp, when it signed them, must be the statement's.
        if key in payload and key in statement and str(payload[key]).lower() != str(statement[key]).lower():
            return False
    return ours == theirs


def verify_signed_statement(statement, jws_bytes):
    try:
        header_b64, payload_b64, signature_b64 = jws_bytes.decode("ascii").strip().split(".")
        header = parse_json(b64url_decode(header_b64), "the signature's header")
        payload = parse_json(b64url_decode(payload_b64), "the signed payload")
        signature = b64url_decode(signature_b64)
    except BadRequest:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("the statement signature is not a JWS in compact serialisation") from exc
    if not isinstance(header, dict):
        raise BadRequest("the signature's header must be a JSON object")
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in ALGORITHMS:
        raise BadRequest("the statement signature must use RS256, RS384 or RS512")
    if not isinstance(payload, dict) or not _comparable(statement, payload):
        raise BadRequest("the signed payload does not match the statement")
    chain = header.get("x5c")
    if chain and not (isinstance(chain, list) and isinstance(chain[0], str)):
        raise BadRequest("the signature's x5c must be an array of base64 certificates")
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
