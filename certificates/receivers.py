"""Issue a certificate once the transaction that completed a course commits."""

import logging

from django.db import transaction
from django.dispatch import receiver

from courses.signals import completion_withdrawn, course_completed

logger = logging.getLogger(__name__)


def enqueue(completion_id):
    """Send the task; a broker outage is logged, never raised: the periodic sweep issues it later."""
    from .tasks import issue_certificate

    try:
        issue_certificate.delay(completion_id)
    except Exception:
        logger.warning("certificate of completion %s not queued; the sweep will issue it", completion_id, exc_info=True)


@receiver(course_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, completion, **kwargs):
    transaction.on_commit(lambda: enqueue(completion.pk))


# What the learner, their HR officer and anyone verifying the certificate read.
EVIDENCE_VOIDED_REASON = "Bằng chứng hoàn thành đã bị hủy (evidence voided)."


@receiver(completion_withdrawn, dispatch_uid="certificates.revoke_on_withdrawal")
def revoke_on_withdrawal(sender, completion, reason, **kwargs):
    """The evidence behind a completion was voided: every certificate still valid for it is revoked."""
    from django.utils import timezone

    from .models import Certificate

    text = EVIDENCE_VOIDED_REASON if reason == "evidence voided" else reason
    Certificate.objects.filter(completion=completion, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=text
    )
