"""API tokens: `kns_<prefix>_<secret>`, kept as a SHA-256 hash."""

import hashlib
import hmac
import secrets

from django.utils import timezone

from .models import APIToken


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(owner, name):
    """A new token for `owner`: (APIToken, the token in clear, shown once)."""
    prefix = secrets.token_hex(6)
    token = f"kns_{prefix}_{secrets.token_urlsafe(32)}"
    return APIToken.objects.create(owner=owner, name=name, prefix=prefix, token_hash=_hash(token)), token


def user_for_token(token):
    """The active owner of a valid token, or None."""
    parts = (token or "").split("_")
    if len(parts) < 3 or parts[0] != "kns" or not parts[1].isalnum() or not parts[1].isascii():
        return None  # nothing else was ever issued; keeps NUL and the like away from the database
    record = APIToken.objects.select_related("owner").filter(prefix=parts[1], revoked=False).first()
    if record is None or not hmac.compare_digest(record.token_hash, _hash(token)):
        return None
    if not record.owner.is_active:
        return None
    APIToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.owner
