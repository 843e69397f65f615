"""certificates' part of a user's personal data: certificates are records of the province and are kept."""

from .models import Certificate


def _iso(value):
    return value.isoformat() if value else None


def export(user, identifiers):
    return [
        {
            "code": certificate.code,
            "course_title": certificate.course_title,
            "learner_name": certificate.learner_name,
            "organisation": certificate.organisation,
            "issued_on": _iso(certificate.issued_on),
            "expires_on": _iso(certificate.expires_on),
            "revoked_at": _iso(certificate.revoked_at),
        }
        for certificate in Certificate.objects.filter(learner=user).order_by("-issued_on", "-pk")
    ]


def keeps_account(user):
    return Certificate.objects.filter(learner=user).exists()
