from celery import shared_task

from . import forwarding


@shared_task(name="xapi.forward_outbox", ignore_result=True)
def forward_outbox(probe=True):
    """Drain the forwarding outbox; beat runs this every minute as the sweep (which also probes a
    receiver that was down); a kick after storing passes probe=False."""
    sent, failed = forwarding.drain(probe=probe)
    return {"sent": sent, "failed": failed}
