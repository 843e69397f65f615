import uuid

import pytest

from lms.tasks import ping

pytestmark = pytest.mark.integration


@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_real_worker(celery_worker):
    token = uuid.uuid4().hex
    result = ping.delay(token)
    assert result.get(timeout=30) == {"token": token, "database": True}
    assert result.successful()
    assert celery_worker["process"].poll() is None


@pytest.mark.django_db(transaction=True)
def test_healthz_deep_reaches_the_worker(client, celery_worker):
    response = client.get("/healthz?deep=1")
    assert response.status_code == 200, response.json()
    assert response.json()["parts"]["worker"]["ok"] is True
