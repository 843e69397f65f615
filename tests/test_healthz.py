import pytest
from django.test import override_settings

from lms.tasks import ping


@pytest.mark.django_db
def test_healthz_embedded_default_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["parts"]) == {"database", "cache", "broker"}
    assert all(part["ok"] for part in body["parts"].values())


@pytest.mark.django_db
def test_healthz_deep_runs_a_task_in_process(client, eager_celery):
    body = client.get("/healthz?deep=1").json()
    assert body["parts"]["broker"]["backend"] == "in-process"
    assert body["parts"]["worker"]["ok"] is True


def test_ping_task_in_process(db, eager_celery):
    assert ping.delay("abc").get(timeout=1) == {"token": "abc", "database": True}


def redis_settings(url):
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "lms.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        },
        CELERY_BROKER_URL=url,
        CELERY_TASK_ALWAYS_EAGER=False,
    )


@pytest.mark.integration
@pytest.mark.django_db
def test_healthz_names_redis_when_it_stops(client, private_redis):
    with redis_settings(private_redis.url):
        up = client.get("/healthz")
        assert up.status_code == 200, up.json()
        assert up.json()["parts"]["cache"]["backend"] == "redis"

        private_redis.stop()
        down = client.get("/healthz")
        assert down.status_code == 503
        body = down.json()
        assert body["status"] == "error"
        assert body["failing"] == ["broker", "cache"]
        assert body["parts"]["broker"]["backend"] == "redis"
        assert body["parts"]["cache"]["backend"] == "redis"
        assert body["parts"]["database"]["ok"] is True


@pytest.mark.integration
@pytest.mark.django_db
def test_healthz_all_up_on_configured_services(client, redis_url):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    parts = response.json()["parts"]
    assert parts["database"]["backend"] == "postgresql"
    assert parts["cache"]["backend"] == "redis"
    assert parts["broker"]["backend"] == "redis"
