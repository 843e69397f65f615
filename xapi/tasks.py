from celery import shared_task

from . import forwarding


@shared_task(name="xapi.forward_outbox", ignore_result=True)
def forward_outbox():
    """Drain the forwarding outbox; beat runs this every minute as the sweep."""
    sent, failed = forwarding.drain()
    return {"sent": sent, "failed": failed}
