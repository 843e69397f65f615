from django.contrib.auth.hashers import get_hashers
from django.core.checks import Error, Tags, register

# Hashers that stretch the key: a stolen password table costs an attacker a second or so per guess.
KEY_STRETCHING = {"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "bcrypt", "scrypt"}


@register(Tags.security, deploy=True)
def passwords_are_hashed_with_key_stretching(app_configs, **kwargs):
    """PASSWORD_HASHERS may be set from the environment (the tests put a fast hasher first): never in production."""
    algorithm = get_hashers()[0].algorithm
    if algorithm in KEY_STRETCHING:
        return []
    return [
        Error(
            f"New passwords would be hashed with {algorithm!r}, which does not stretch the key.",
            hint="Unset PASSWORD_HASHERS, or start it with a key-stretching hasher such as "
            "django.contrib.auth.hashers.PBKDF2PasswordHasher.",
            id="accounts.E001",
        )
    ]
