"""Open Badges 3.0 credentials: W3C Verifiable Credentials 2.0 with an Ed25519 Data Integrity proof.

The proof uses the `eddsa-jcs-2022` cryptosuite of W3C "Data Integrity EdDSA Cryptosuites v1.0": the
credential and the proof options are canonicalised with the JSON Canonicalization Scheme (RFC 8785),
hashed with SHA-256, and signed with the site's Ed25519 key. The key is named by a `did:key`, so any
verifier can check the proof offline. All text is NFC-normalised before signing.

The key: CERTIFICATE_SIGNING_KEY (a PEM private key, or the base64 of the 32-byte seed). Without it,
with DEBUG on (CERTIFICATE_DEVELOPMENT_KEY, set from DEBUG when the settings load), a development key is
generated once and kept under MEDIA_ROOT; otherwise the site refuses to sign.
"""

import base64
import copy
import hashlib
import json
import os
import unicodedata
from datetime import UTC
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_MULTICODEC = b"\xed\x01"


class SigningKeyError(ImproperlyConfigured):
    pass


# Keys ---------------------------------------------------------------------------------------------


def _load_key(text):
    text = text.strip()
    if "BEGIN" in text:
        key = serialization.load_pem_private_key(text.replace("\\n", "\n").encode(), password=None)
    else:
        key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError("CERTIFICATE_SIGNING_KEY must be an Ed25519 private key.")
    return key


def _development_key():
    path = Path(settings.MEDIA_ROOT) / "certificates" / "development-signing-key.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
    return _load_key(path.read_text())


@cache
def _key_for(configured, development, media_root):
    if configured:
        return _load_key(configured)
    if not development:
        raise SigningKeyError("Set CERTIFICATE_SIGNING_KEY to sign certificates when DEBUG is off.")
    return _development_key()


def signing_key():
    return _key_for(
        getattr(settings, "CERTIFICATE_SIGNING_KEY", ""),
        getattr(settings, "CERTIFICATE_DEVELOPMENT_KEY", False),
        str(settings.MEDIA_ROOT),
    )


def public_key_bytes(key=None):
    key = key or signing_key().public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def base58(data):
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = BASE58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def unbase58(text):
    number = 0
    for ch in text:
        number = number * 58 + BASE58.index(ch)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def did_key(public=None):
    multikey = "z" + base58(ED25519_MULTICODEC + (public or public_key_bytes()))
    return f"did:key:{multikey}", f"did:key:{multikey}#{multikey}"


def public_key_from_method(method):
    multikey = method.split("#", 1)[-1]
    if not multikey.startswith("z"):
        raise ValueError("not a base58btc multikey")
    raw = unbase58(multikey[1:])
    if not raw.startswith(ED25519_MULTICODEC) or len(raw) != 34:
        raise ValueError("not an Ed25519 multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


# Canonical JSON -------------------------------------------------------------------------------------


def normalise(value):
    """NFC every string (keys too), recursively."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {normalise(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def canonical(value):
    """RFC 8785 for the values a credential holds (strings, integers, booleans, null, lists, objects)."""

    def check(item):
        if isinstance(item, float) and not item.is_integer():
            raise ValueError("credentials carry no fractional numbers")
        if isinstance(item, dict):
            for sub in item.values():
                check(sub)
        elif isinstance(item, list):
            for sub in item:
                check(sub)

    check(value)

    def utf16_key(key):
        return key.encode("utf-16-be")

    def dump(item):
        if isinstance(item, dict):
            parts = [json.dumps(k, ensure_ascii=False) + ":" + dump(item[k]) for k in sorted(item, key=utf16_key)]
            return "{" + ",".join(parts) + "}"
        if isinstance(item, list):
            return "[" + ",".join(dump(sub) for sub in item) + "]"
        if isinstance(item, float):
            item = int(item)
        return json.dumps(item, ensure_ascii=False)

    return dump(value).encode("utf-8")


def _hash_data(document, options):
    return hashlib.sha256(canonical(options)).digest() + hashlib.sha256(canonical(document)).digest()


# Credentials -----------------------------------------------------------------------------------------


def _iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _start_of(day):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def unsigned_credential(certificate):
    from .pdf import verify_url

    site = settings.SITE_URL
    issuer_id, _method = did_key()
    code = certificate.code
    revoked = certificate.revoked_at is not None
    status = {
        "id": f"{verify_url(code)}#status",
        "type": "1EdTechRevocationList",
        "statusPurpose": "revocation",
        "revoked": revoked,
    }
    if revoked:
        status["revokedAt"] = _iso(certificate.revoked_at)
        status["revocationReason"] = certificate.revoked_reason
        if certificate.replaced_by_id:
            status["replacedBy"] = f"{site}/certificates/{certificate.replaced_by.code}.json"
    template = certificate.template
    issuer_name = " · ".join(
        part
        for part in ((template.issuing_body, template.issuing_unit) if template else ("UBND tỉnh Nghệ An",))
        if part
    )
    credential = {
        "@context": CONTEXTS,
        "id": f"{site}/certificates/{code}.json",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name, "url": site},
        "validFrom": _iso(_start_of(certificate.issued_on)),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(certificate),
                    "identityType": "identifier",
                    "hashed": True,
                    "salt": identity_salt(certificate),
                }
            ],
            "name": certificate.learner_name,
            "achievement": {
                "id": f"{site}/certificates/achievements/{certificate.course_id}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course_title,
                "description": f"{certificate.track}, {certificate.hours or 0:g} giờ",
                "criteria": {"narrative": "Hoàn thành mọi bài học bắt buộc và đạt bài kiểm tra cuối khóa."},
                "fieldOfStudy": certificate.track,
            },
            "result": [{"type": ["Result"], "value": str(certificate.score)}] if certificate.score is not None else [],
        },
        "credentialStatus": status,
        "evidence": [{"type": ["Evidence"], "id": verify_url(code), "name": code}],
    }
    if certificate.expires_on:
        credential["validUntil"] = _iso(_start_of(certificate.expires_on))
    return normalise(credential)


def sign(document, key=None, created=None):
    key = key or signing_key()
    document = normalise({k: v for k, v in document.items() if k != "proof"})
    _did, method = did_key(public_key_bytes(key.public_key()))
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _iso(created or timezone.now()),
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
        "@context": document["@context"],
    }
    signature = key.sign(_hash_data(document, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + base58(signature)
    return {**document, "proof": proof}


def identity_salt(certificate):
    """A salt of the certificate's own: one learner's badges cannot be linked to each other by their hash."""
    return hashlib.sha256(f"identity-salt:{certificate.code}".encode()).hexdigest()[:16]


def identity_hash(certificate):
    """Open Badges 3.0 IdentityHash: "sha256$" + hex SHA-256 of the identifier followed by the salt.

    The identifier is the learner's opaque account id; it is never published in the clear.
    """
    digest = hashlib.sha256(f"{certificate.learner.public_id}{identity_salt(certificate)}".encode()).hexdigest()
    return f"sha256${digest}"


def credential_for(certificate):
    return sign(unsigned_credential(certificate))


def verify(document, trusted_method=None):
    """(True, "") when the proof holds for this exact document (and, if given, this key); else (False, why)."""
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        return False, "no proof"
    proof = document["proof"]
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return False, "unsupported proof"
    method = proof.get("verificationMethod", "")
    if trusted_method is not None and method != trusted_method:
        return False, "not signed by this site's key"
    value = proof.get("proofValue", "")
    try:
        public = public_key_from_method(method)
        if not value.startswith("z"):
            raise ValueError("proofValue is not base58btc")
        signature = unbase58(value[1:])
        unsigned = {k: v for k, v in document.items() if k != "proof"}
        options = {k: copy.deepcopy(v) for k, v in proof.items() if k != "proofValue"}
        options["@context"] = unsigned.get("@context")
        public.verify(signature, _hash_data(normalise(unsigned), normalise(options)))
    except InvalidSignature:
        return False, "the signature does not match the document"
    except (ValueError, TypeError, KeyError):
        return False, "malformed proof"
    return True, ""


def site_method():
    return did_key()[1]
