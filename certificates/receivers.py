"""Issue a certificate once the transaction that completed a course commits."""

import logging

from django.db import transaction
from django.dispatch import receiver

from courses.signals import course_completed

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
