"""A Redis cache that degrades instead of failing: with Redis down the site keeps serving, uncached.

Django's RedisCache raises on every call while Redis is unreachable, which would turn a cache outage
into a site outage (credential lookups, rate limits, template fragments). Reads then miss and writes
are dropped; /healthz still reports the cache as failing.
"""

import functools
import logging
import re

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


# allauth's rate limiter takes its lock with add(); a failed add means "another request holds the lock",
# so with Redis down it waited a second and then refused every sign-in with 429, right password or not.
# For these keys alone add() claims the lock while Redis is down: the limiter reads an empty history and
# lets the attempt through. The limit fails open; the sign-in itself works. Other add() callers (locks
# that guard against doing something twice) still see False.
FAIL_OPEN_ADD_KEYS = re.compile(r"^allauth:rl:.*:lock$")


def _tolerant(name, method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as exc:
            if name == "add" and args and FAIL_OPEN_ADD_KEYS.match(str(args[0])):
                logger.warning("rate limit not enforced, Redis unavailable: %s (%s)", args[0], exc)
                return True
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
