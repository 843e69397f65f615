"""Bulk download: a ZIP of the certificate PDFs of a course or an agency subtree, within the asker's scope."""

import logging
import tempfile
import zipfile

from django.core.files import File
from django.utils import timezone

from agencies.services import can_view_agency, is_hr_officer, is_province_admin, visible_staff

from .models import BulkDownload, Certificate
from .pdf import ensure_pdf

logger = logging.getLogger(__name__)


def may_bulk_download(user):
    return is_province_admin(user) or is_hr_officer(user)


def certificates_in_scope(user, course=None, agency=None):
    """Unrevoked certificates of a course and/or an agency subtree that `user` may see (agencies' rules)."""
    queryset = Certificate.objects.filter(revoked_at__isnull=True)
    if not is_province_admin(user):
        if agency is not None and not can_view_agency(user, agency):
            return Certificate.objects.none()
        queryset = queryset.filter(learner__staff_member__in=visible_staff(user))
    if agency is not None:
        queryset = queryset.filter(learner__staff_member__agency__path__startswith=agency.path)
    if course is not None:
        queryset = queryset.filter(course=course)
    return queryset.order_by("course_title", "learner_name", "pk")


def build(download_id):
    download = BulkDownload.objects.select_related("requested_by", "course", "agency").get(pk=download_id)
    if download.state == BulkDownload.State.DONE:
        return download.archive.name
    certificates = list(certificates_in_scope(download.requested_by, download.course, download.agency))
    BulkDownload.objects.filter(pk=download.pk).update(
        state=BulkDownload.State.RUNNING, total=len(certificates), done=0
    )
    try:
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
                for number, certificate in enumerate(certificates, start=1):
                    pdf = ensure_pdf(certificate)
                    with pdf.open("rb") as file:
                        archive.writestr(f"{certificate.code}.pdf", file.read())
                    if number % 10 == 0 or number == len(certificates):
                        BulkDownload.objects.filter(pk=download.pk).update(done=number)
            spool.seek(0)
            download.archive.save(f"chung-nhan-{download.pk}.zip", File(spool), save=False)
    except Exception as exc:
        logger.exception("bulk download %s failed", download.pk)
        BulkDownload.objects.filter(pk=download.pk).update(state=BulkDownload.State.FAILED, error=str(exc)[:500])
        raise
    BulkDownload.objects.filter(pk=download.pk).update(
        state=BulkDownload.State.DONE, archive=download.archive.name, done=len(certificates),
        finished_at=timezone.now(),
    )  # fmt: skip
    return download.archive.name
