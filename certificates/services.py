"""The public face of certificates: the only module other apps may import from it.

- `certificate_for_completion(completion)`, `certificates_for(user)`, `find(code)`: look-ups.
- `valid_certificates(on_date)`: certificates valid on a day (issued by then, not expired, not revoked),
  as a queryset of rows (learner_id, course_id, issued_on, expires_on, revoked_at), for coverage.
- `valid_certificate_exists(on_date, learner_ref, course_ref=None)`: the same as an `Exists` subquery.
- `issue_for_completion(id)`, `revoke(cert, reason)`, `reissue(cert, reason)`, `sweep()`.
- `can_download(user, cert)`: owner, the owner's HR officer (agencies' permission rules), administrators.
- `credential_for(cert)` / `verify_credential(json)`: the signed Open Badges 3.0 credential.
- `verify_url(code)`, `completion_link(completion)` and `completion_links(completions)` (registered with
  courses).
"""

from datetime import datetime, time

from django.db.models import Exists, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.services import can_view_staff, is_province_admin, staff_member_for

from . import badges
from .issuing import issue_for_completion, normalise_code, reissue, revoke, sweep
from .models import Certificate
from .pdf import verify_url

__all__ = [
    "can_download",
    "certificate_for_completion",
    "certificates_for",
    "completion_link",
    "completion_links",
    "credential_for",
    "expired_holders",
    "find",
    "issue_for_completion",
    "latest_revocations",
    "reissue",
    "revoke",
    "sweep",
    "valid_certificate_exists",
    "valid_certificates",
    "verify_credential",
    "verify_url",
]


def find(code):
    """The certificate with this code (typed in any case, with or without dashes), or None."""
    code = normalise_code(code)
    if not code:
        return None
    return Certificate.objects.select_related("replaced_by", "template").filter(code=code).first()


def certificate_for_completion(completion):
    """The current certificate of a completion: the latest issue that is not replaced."""
    return Certificate.objects.filter(completion=completion, replaced_by__isnull=True).order_by("-issue_number").first()


def certificates_for(user):
    return Certificate.objects.filter(learner=user).select_related("course").order_by("-issued_on", "-pk")


def _valid_on(on_date):
    on_date = on_date or timezone.localdate()
    end_of_day = timezone.make_aware(datetime.combine(on_date, time.max), timezone.get_default_timezone())
    return (
        Q(issued_on__lte=on_date)
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=on_date))
        & (Q(revoked_at__isnull=True) | Q(revoked_at__gt=end_of_day))
    )


def valid_certificates(on_date=None):
    """Rows (learner_id, course_id, issued_on, expires_on, revoked_at) valid on `on_date` (default today).

    Valid: issued on or before the day, expiring on or after it (or never), not revoked by its end.
    A re-issued certificate's predecessor is revoked from the re-issue on, so a person never counts twice
    for long; count distinct (learner_id, course_id) pairs.
    """
    return Certificate.objects.filter(_valid_on(on_date)).values(
        "learner_id", "course_id", "issued_on", "expires_on", "revoked_at"
    )


def valid_certificate_exists(on_date, learner_ref, course_ref=None):
    """`Exists(...)` for annotating a queryset: e.g. `valid_certificate_exists(day, OuterRef("user_id"))`."""
    queryset = Certificate.objects.filter(_valid_on(on_date), learner_id=learner_ref)
    if course_ref is not None:
        queryset = queryset.filter(course_id=course_ref)
    return Exists(queryset)


def expired_holders(learner_ids, course_ids, on_date):
    """The ids of those learners whose certificate of one of those courses expired before `on_date` (not revoked)."""
    return set(
        Certificate.objects.filter(
            learner_id__in=learner_ids, course_id__in=course_ids, expires_on__lt=on_date, revoked_at__isnull=True
        ).values_list("learner_id", flat=True)
    )


def latest_revocations(learner_ids, course_ids, until):
    """{learner id: {"learner_id", "code", "revoked_reason"}}: each learner's certificate of one of those courses
    revoked last by `until` and not replaced by a re-issue."""
    return {
        row["learner_id"]: row
        for row in Certificate.objects.filter(
            learner_id__in=learner_ids,
            course_id__in=course_ids,
            revoked_at__lte=until,
            replaced_by__isnull=True,
        )
        .order_by("revoked_at")
        .values("learner_id", "code", "revoked_reason")
    }


def can_download(user, certificate):
    """The owner, an HR officer whose scope holds the owner's agency, and province administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if certificate.learner_id == user.pk or is_province_admin(user):
        return True
    member = staff_member_for(certificate.learner)
    return member is not None and can_view_staff(user, member)


def credential_for(certificate):
    return badges.credential_for(certificate)


def verify_credential(document):
    """(True, "") when `document` carries a valid proof by this site's key, else (False, the reason)."""
    return badges.verify(document, trusted_method=badges.site_method())


def _link(certificate):
    return _("Download the certificate (PDF)"), reverse("certificates:pdf", args=[certificate.code])


def completion_link(completion):
    certificate = certificate_for_completion(completion)
    if certificate is None:
        return None
    return _link(certificate)


def completion_links(completions):
    """{completion id: the link to its current certificate} for many completions: one query."""
    current = {}
    rows = Certificate.objects.filter(completion__in=[c.pk for c in completions], replaced_by__isnull=True)
    for certificate in rows.order_by("completion_id", "issue_number"):
        current[certificate.completion_id] = certificate  # the latest issue wins
    return {pk: _link(certificate) for pk, certificate in current.items()}
