from celery import shared_task


@shared_task(name="reporting.snapshot")
def snapshot():
    """Nightly (celery beat, 01:00 Asia/Ho_Chi_Minh): every target's coverage per agency, for the trend."""
    from .snapshots import take_snapshots

    return take_snapshots()


@shared_task(name="reporting.monthly_summaries")
def monthly_summaries():
    """Monthly (celery beat, the 1st at 07:00): each HR officer's summary, the untrained list attached."""
    from .emails import send_monthly_summaries

    return send_monthly_summaries()
