from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def signing_key_configured(app_configs, **kwargs):
    """Badges are signed with the site's Ed25519 key: production must bring its own."""
    if settings.CERTIFICATE_SIGNING_KEY or settings.CERTIFICATE_DEVELOPMENT_KEY:
        return []
    return [
        Error(
            "CERTIFICATE_SIGNING_KEY is not set: certificates cannot be issued as signed badges.",
            hint="Generate one with `python manage.py certificate_key` or any Ed25519 PEM, and set it in the "
            "environment.",
            id="certificates.E001",
        )
    ]
