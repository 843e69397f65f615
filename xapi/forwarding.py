"""Forwarding to an external LRS through an outbox, so nothing is lost while Redis or the remote is down.

Storing a statement writes an OutboxItem in the same transaction. A Celery task drains due items in
batches; a failure reschedules them with exponential backoff. celery beat sweeps the outbox every
minute, so items whose kick was lost (broker down at the time) still go out once it is back.

Back-off protects the receiver while it is down, not after: when nothing is due, each sweep still
sends the item due next (one request per sweep interval, not one per stored statement), and once any
send succeeds every item waiting on a failed connection is made due, so a receiver back after a long
outage gets the backlog within one sweep instead of up to an hour later. Items the receiver refused
(HTTP 4xx) keep their back-off: sending them sooner would only be refused again.

What is sent is the statement as it is at send time: a learner erased before their statements went out
is forwarded anonymised.
"""

import base64
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import multipart
from .models import Attachment, OutboxItem

logger = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=1)
TIMEOUT_SECONDS = 15


def kick():
    """Ask a worker to drain the outbox now; if the broker is down, the periodic sweep will."""
    from .tasks import forward_outbox

    try:
        forward_outbox.delay(probe=False)
    except Exception as exc:  # the broker being down must never fail the request that stored
        logger.warning("xAPI forwarding postponed, broker unavailable: %s", exc)


def backoff(attempts):
    return min(timedelta(seconds=10 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _post(statements, version):
    hashes = {a["sha2"] for s in statements for a in s.get("attachments", []) if "fileUrl" not in a}
    body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
    content_type = "application/json"
    if hashes:
        found = list(Attachment.objects.filter(sha2__in=hashes).values_list("sha2", "content_type", "content"))
        body, content_type = multipart.build(body, found)
    token = base64.b64encode(f"{settings.XAPI_FORWARD_KEY}:{settings.XAPI_FORWARD_SECRET}".encode()).decode()
    request = urllib.request.Request(  # noqa: S310 (the operator's configured LRS URL)
        settings.XAPI_FORWARD_URL + "/statements",
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": version,
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.status


def _locked(queryset):
    queryset = queryset.select_related("statement")
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True, of=("self",))
    return queryset


def _due_batch(size):
    due = OutboxItem.objects.filter(sent_at__isnull=True, next_attempt_at__lte=timezone.now())
    return list(_locked(due.order_by("next_attempt_at", "id"))[:size])


def _refused():
    """Items the receiver answered with a client error: their content, not its absence, is the problem."""
    transient = Q(last_error__startswith="HTTP 408") | Q(last_error__startswith="HTTP 429")
    return Q(last_error__startswith="HTTP 4") & ~transient


def _probe():
    """The next item waiting on a failed connection, before its back-off is over: one request per sweep
    tells whether the receiver is back."""
    waiting = OutboxItem.objects.filter(sent_at__isnull=True).exclude(_refused())
    return list(_locked(waiting.order_by("next_attempt_at", "id"))[:1])


def _release_waiting():
    """The receiver answers again: everything waiting on a failed connection is due now.

    Rows another drain holds are skipped, not waited for: two drains releasing each other's rows would
    deadlock, and that drain is sending them anyway.
    """
    now = timezone.now()
    with transaction.atomic():
        waiting = OutboxItem.objects.filter(sent_at__isnull=True, next_attempt_at__gt=now).exclude(_refused())
        if connection.features.has_select_for_update_skip_locked:
            ids = list(waiting.select_for_update(skip_locked=True).values_list("pk", flat=True))
            waiting = OutboxItem.objects.filter(pk__in=ids)
        return waiting.update(next_attempt_at=now)


def drain(max_batches=50, probe=False):
    """Send due outbox items in batches; return (sent, failed).

    With `probe` (the periodic sweep), when nothing is due one waiting item is sent anyway.
    """
    if not settings.XAPI_FORWARD_URL:
        return 0, 0
    sent = failed = 0
    released = False
    for batch in range(max_batches):
        with transaction.atomic():
            items = _due_batch(settings.XAPI_FORWARD_BATCH)
            if not items and probe and batch == 0:
                items = _probe()
            if not items:
                break
            by_version = {}
            for item in items:
                family = "2.0.0" if item.statement.version.startswith("2.") else "1.0.3"
                by_version.setdefault(family, []).append(item)
            now = timezone.now()
            for version, group in by_version.items():
                try:
                    _post([item.statement.data for item in group], version)
                except (urllib.error.URLError, OSError, ValueError) as exc:
                    error = str(getattr(exc, "reason", exc))[:500]
                    if isinstance(exc, urllib.error.HTTPError):
                        error = f"HTTP {exc.code}: {exc.read()[:300].decode('utf-8', 'replace')}"
                    for item in group:
                        item.attempts += 1
                        item.last_error = error
                        item.next_attempt_at = now + backoff(item.attempts)
                    OutboxItem.objects.bulk_update(group, ["attempts", "last_error", "next_attempt_at"])
                    failed += len(group)
                    logger.warning("xAPI forwarding of %s statements failed: %s", len(group), error)
                else:
                    for item in group:
                        item.attempts += 1
                        item.sent_at = now
                        item.last_error = ""
                    OutboxItem.objects.bulk_update(group, ["attempts", "sent_at", "last_error"])
                    sent += len(group)
        if failed:
            break
        if sent and not released:
            released = True
            _release_waiting()
    return sent, failed


def retry_now():
    """Make every waiting item due immediately (after the remote LRS is fixed)."""
    return OutboxItem.objects.filter(sent_at__isnull=True).update(next_attempt_at=timezone.now())


def summary():
    waiting = OutboxItem.objects.filter(sent_at__isnull=True)
    return {
        "waiting": waiting.count(),
        "failing": waiting.filter(attempts__gt=0).count(),
        "sent": OutboxItem.objects.filter(sent_at__isnull=False).count(),
        "oldest": waiting.order_by("created").values_list("created", flat=True).first(),
    }
