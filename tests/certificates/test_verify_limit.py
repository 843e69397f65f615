"""The verify limit: only misses are counted (atomically), a real code is always answered, the client's
address is REMOTE_ADDR unless proxies of ours are declared, and a cache outage leaves verification open."""

import threading

import pytest
from django.db import connection
from django.test import Client, override_settings

from certificates.views import MISS_WEIGHT, RATE_LIMIT

pytestmark = pytest.mark.django_db

MISSES = RATE_LIMIT // MISS_WEIGHT  # misses allowed per window


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


def miss(client, n=0, **extra):
    return client.get(f"/certificates/verify/NA-2026-AAAA-{'BCDEFGHJ'[n % 8]}BBB/", **extra)


def test_a_valid_code_is_answered_after_the_misses_ran_out(client, issued):
    for n in range(MISSES):
        assert miss(client, n).status_code == 404
    assert miss(client).status_code == 429
    assert client.get(f"/certificates/verify/{issued.code}/").status_code == 200
    assert client.get(f"/certificates/{issued.code}.json").status_code == 200
    assert client.get("/certificates/NA-2026-AAAA-BBBB.json").status_code == 429
    # Hits cost nothing: checking many real codes never runs into the limit.
    client.get("/", REMOTE_ADDR="10.1.1.1")
    for _ in range(MISSES * 2):
        assert client.get(f"/certificates/verify/{issued.code}/", REMOTE_ADDR="10.1.1.1").status_code == 200
    assert miss(client, REMOTE_ADDR="10.1.1.1").status_code == 404


def test_x_forwarded_for_is_ignored_without_trusted_proxies(client, db):
    for n in range(MISSES):
        miss(client, n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    # A client cannot escape the limit by writing another address in the header.
    assert miss(client, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts(client, db):
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(MISSES):
        # The client made up the first entry; nginx appended the address it saw.
        miss(client, n, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.5", **proxy)
    assert miss(client, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5", **proxy).status_code == 429
    assert miss(client, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy).status_code == 404


def test_client_ip_rules(rf, settings):
    from common.clients import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.1.1.1, 10.0.0.2")
    assert client_ip(request) == "1.1.1.1"
    # Shorter than our chain: the header did not come through our proxies.
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_parallel_misses_are_counted_atomically_on_redis(redis_url):
    config = {
        "default": {"BACKEND": "lms.cache.ResilientRedisCache", "LOCATION": redis_url, "KEY_PREFIX": "kns-limit-test"}
    }
    with override_settings(CACHES=config):
        from django.core.cache import caches

        caches["default"].clear()
        statuses, barrier = [], threading.Barrier(8)

        def work(n):
            client = Client(REMOTE_ADDR="192.0.2.44")
            try:
                barrier.wait(10)
                for attempt in range(4):
                    statuses.append(miss(client, n * 4 + attempt).status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(statuses) == [404] * MISSES + [429] * (32 - MISSES)
        caches["default"].clear()


@pytest.mark.integration
def test_with_redis_down_verification_answers_and_the_limit_fails_open(issued, private_redis, caplog):
    config = {"default": {"BACKEND": "lms.cache.ResilientRedisCache", "LOCATION": private_redis.url}}
    with override_settings(CACHES=config):
        private_redis.stop()
        client = Client()
        assert client.get(f"/certificates/verify/{issued.code}/").status_code == 200
        assert client.get(f"/certificates/{issued.code}.json").status_code == 200
        for n in range(MISSES + 3):
            assert miss(client, n).status_code == 404
        assert "certificate verify limit not enforced" in caplog.text
