import pytest
from django.test import override_settings

pytestmark = pytest.mark.integration


def test_redis_cache_degrades_to_misses_while_redis_is_down(private_redis):
    from django.core.cache import caches

    config = {"default": {"BACKEND": "lms.cache.ResilientRedisCache", "LOCATION": private_redis.url}}
    with override_settings(CACHES=config):
        cache = caches["default"]
        cache.set("greeting", "xin chào")
        assert cache.get("greeting") == "xin chào"
        private_redis.stop()
        assert cache.get("greeting") is None
        assert cache.get("greeting", "fallback") == "fallback"
        cache.set("other", 1)  # dropped, not raised
        assert cache.add("third", 1) is False
        assert cache.get_many(["greeting", "other"]) == {}


def test_allauth_rate_limit_locks_fail_open_while_redis_is_down(private_redis, caplog):
    from django.core.cache import caches

    config = {"default": {"BACKEND": "lms.cache.ResilientRedisCache", "LOCATION": private_redis.url}}
    with override_settings(CACHES=config):
        cache = caches["default"]
        lock = "allauth:rl:allauth.account:login:30/60.0/ip:ip:127.0.0.1:lock"
        assert cache.add(lock, True) is True  # Redis up: a real lock
        assert cache.add(lock, True) is False
        private_redis.stop()
        assert cache.add(lock, True) is True  # down: the limiter may go on, the limit is not enforced
        assert cache.add("certificates:once", 1) is False  # other add() users still see "not added"
        assert "rate limit not enforced" in caplog.text
