"""Celery tasks of the certificates app: issuing, the sweep, expiry reminders, bulk downloads."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, default_retry_delay=20, acks_late=True)
def issue_certificate(self, completion_id):
    """Issue (once) the certificate of a completion. Safe to run any number of times, concurrently too."""
    from .issuing import issue_for_completion

    try:
        certificate = issue_for_completion(completion_id)
    except Exception as exc:
        raise self.retry(exc=exc) from exc
    return certificate.code if certificate else None


@shared_task(name="certificates.sweep")
def sweep():
    """Issue what a lost task left behind (the broker was down), render missing PDFs."""
    from .issuing import sweep as run

    return run()


@shared_task(name="certificates.expiry_reminders")
def expiry_reminders():
    from .lifecycle import send_expiry_reminders

    return send_expiry_reminders()


@shared_task(name="certificates.build_bulk_download")
def build_bulk_download(download_id):
    from .bulk import build

    return build(download_id)


@shared_task(name="certificates.render_certificate")
def render_certificate(certificate_id):
    from .models import Certificate
    from .pdf import ensure_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        ensure_pdf(certificate)
