"""Roster files uploaded in the admin: stored, imported by a Celery task, progress the page can poll."""

import logging
from pathlib import Path

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from ..models import RosterImport
from ..permissions import is_province_admin, scope_paths
from .import_ import import_roster
from .report import error_text, failure, summary

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PROGRESS_TIMEOUT = 3600
QUEUE_DOWN = gettext_lazy("The import could not be started: the task queue does not answer. Try again later.")
FAILED_UNEXPECTEDLY = gettext_lazy("The import failed unexpectedly; nothing was changed.")
REPORT_NOT_SAVED = gettext_lazy(
    "The detailed list of changes could not be saved; the figures above are complete. Contact the administrator "
    "if the list is needed."
)


def progress_key(import_id):
    return f"agencies:roster-import:{import_id}:progress"


def start_upload(*, user, uploaded_file, scope=None, dry_run=False, language=None):
    """Store an uploaded roster and queue its import; returns the RosterImport the page follows."""
    upload = RosterImport.objects.create(
        file=uploaded_file,
        original_name=Path(uploaded_file.name).name[:255],
        scope=scope,
        dry_run=dry_run,
        uploaded_by=user,
    )
    queue_import(upload, language)
    return upload


def repeat_for_real(upload, user, language=None):
    """Import for real a file that was previewed (the same stored file, no second upload)."""
    again = RosterImport.objects.create(
        file=upload.file.name,
        original_name=upload.original_name,
        scope=upload.scope,
        dry_run=False,
        uploaded_by=user,
    )
    queue_import(again, language)
    return again


def queue_import(upload, language=None):
    from ..tasks import import_roster_upload

    language = language or translation.get_language() or "vi"

    def send():
        try:
            import_roster_upload.delay(upload.pk, language)
        except Exception:  # the broker is down: say so instead of leaving the page waiting
            logger.exception("could not queue roster import %s", upload.pk)
            if RosterImport.objects.filter(pk=upload.pk, status=RosterImport.Status.PENDING).exists():
                finish(upload, RosterImport.Status.FAILED, {"message": str(QUEUE_DOWN)})

    transaction.on_commit(send)


def run_upload(import_id):
    """The work of the Celery task: import the stored file with the uploader's permissions."""
    upload = RosterImport.objects.select_related("uploaded_by", "scope").get(pk=import_id)
    if upload.status not in (RosterImport.Status.PENDING, RosterImport.Status.RUNNING):
        return upload.status  # a retried task after the import finished
    RosterImport.objects.filter(pk=upload.pk).update(status=RosterImport.Status.RUNNING)
    user = upload.uploaded_by
    allowed = None if user is not None and is_province_admin(user) else scope_paths(user) if user else []

    def progress(stage, done, total):
        cache.set(progress_key(upload.pk), {"stage": stage, "done": done, "total": total}, PROGRESS_TIMEOUT)

    try:
        with upload.file.open("rb") as handle:
            result = import_roster(
                handle,
                upload.original_name or upload.file.name,
                scope=upload.scope,
                dry_run=upload.dry_run,
                allowed_paths=allowed,
                progress=progress,
            )
    except Exception:
        # The import runs in one transaction: whatever broke, nothing was saved. Say so on the page
        # instead of leaving it at "importing... 100%" forever.
        logger.exception("roster import %s failed", upload.pk)
        finish(upload, RosterImport.Status.FAILED, {"message": str(FAILED_UNEXPECTEDLY)})
        raise
    data = result.as_dict()
    data["errors"] = [error_text(line, message) for line, message in result.errors[:500]]
    data["message"] = summary(result) if result.ok else failure(result)
    finish(upload, RosterImport.Status.DONE, data, rows=result.rows)
    return RosterImport.Status.DONE


def storable(value):
    """`value` with NUL characters made visible: PostgreSQL's jsonb cannot hold \\u0000."""
    if isinstance(value, str):
        return value.replace("\x00", "\u2400")
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    return value


def finish(upload, status, result, rows=None):
    """Record the outcome; the upload never stays "running" because its report could not be stored."""
    fields = {"status": status, "result": storable(result), "finished_at": timezone.now()}
    if rows is not None:
        fields.update(processed=rows, total=rows)
    try:
        with transaction.atomic():
            RosterImport.objects.filter(pk=upload.pk).update(**fields)
    except DatabaseError:
        logger.exception("roster import %s: the full report could not be stored", upload.pk)
        counts = result.get("counts") if isinstance(result, dict) else None
        fields["result"] = {
            "message": " ".join(filter(None, [storable(str(result.get("message", ""))), str(REPORT_NOT_SAVED)])),
            **({"counts": counts} if isinstance(counts, dict) else {}),
        }
        RosterImport.objects.filter(pk=upload.pk).update(**fields)
    finally:
        cache.delete(progress_key(upload.pk))


def progress_of(upload):
    """What the polling page shows: status, stage, percentage."""
    live = cache.get(progress_key(upload.pk)) or {}
    total = live.get("total") or upload.total
    done = live.get("done") or upload.processed
    percent = 100 if upload.status == RosterImport.Status.DONE else (100 * done // total if total else 0)
    return {
        "status": upload.status,
        "stage": live.get("stage", ""),
        "done": done,
        "total": total,
        "percent": percent,
        "finished": upload.status in (RosterImport.Status.DONE, RosterImport.Status.FAILED),
    }


def visible_uploads(user):
    """Administrators see every upload; others only their own."""
    if is_province_admin(user):
        return RosterImport.objects.all()
    return RosterImport.objects.filter(uploaded_by=user)
