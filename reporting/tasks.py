from celery import shared_task


@shared_task(name="reporting.snapshot")
def snapshot():
    """Nightly (celery beat, 01:00 Asia/Ho_Chi_Minh): every target's coverage per agency, for the trend."""
    from .snapshots import take_snapshots

    return take_snapshots()
