from celery import shared_task
from django.utils import translation

from .roster.uploads import run_upload


@shared_task(name="agencies.import_roster_upload")
def import_roster_upload(import_id, language="vi"):
    """Import a roster file uploaded in the admin (RosterImport `import_id`)."""
    with translation.override(language):
        return run_upload(import_id)
