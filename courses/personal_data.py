"""courses' part of a user's personal data: enrolments and completions, records that outlive the account."""

from django.core.exceptions import ObjectDoesNotExist

from .models import Enrolment


def _iso(value):
    return value.isoformat() if value else None


def _completion(enrolment):
    try:
        return enrolment.completion
    except ObjectDoesNotExist:  # a reverse one-to-one raises when missing
        return None


def export(user, identifiers):
    rows = []
    for enrolment in (
        Enrolment.objects.filter(user=user).select_related("course", "completion").order_by("-enrolled_at")
    ):
        completion = _completion(enrolment)
        rows.append(
            {
                "course": enrolment.course.title,
                "registration": str(enrolment.registration),
                "enrolled_at": _iso(enrolment.enrolled_at),
                "completed_at": _iso(completion.completed_at) if completion else None,
                "score": completion.score if completion else None,
            }
        )
    return rows


def keeps_account(user):
    return Enrolment.objects.filter(user=user).exists()
