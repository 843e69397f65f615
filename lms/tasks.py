from celery import shared_task
from django.db import connection


@shared_task(name="lms.ping")
def ping(token):
    """Round trip through the broker and a worker: echoes the token and proves the worker's database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"token": token, "database": one == 1}
