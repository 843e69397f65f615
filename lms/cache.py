"""A Redis cache that degrades instead of failing: with Redis down the site keeps serving, uncached.

Django's RedisCache raises on every call while Redis is unreachable, which would turn a cache outage
into a site outage (credential lookups, rate limits, template fragments). Reads then miss and writes
are dropped; /healthz still reports the cache as failing.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULTS = {
    "get": lambda args, kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
}


def _tolerant(name, method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as exc:
            logger.warning("cache %s skipped, Redis unavailable: %s", name, exc)
            fallback = DEFAULTS.get(name)
            return fallback(args, kwargs) if fallback else None

    return call


class ResilientRedisCache(RedisCache):
    pass


for _name in (
    "get",
    "set",
    "add",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "touch",
    "clear",
):
    setattr(ResilientRedisCache, _name, _tolerant(_name, getattr(RedisCache, _name)))
