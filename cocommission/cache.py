"""The shared cache: Redis, or a table in PostgreSQL while Redis cannot answer.

Rate limits (ours, django-ratelimit's and allauth's, including the sign-in code
budgets) and the survey answering page use the cache on every citizen's request.
When Redis stops, each call would raise (or wait on a timeout), and every such
request would fail although storing an answer needs only PostgreSQL. So every call
that cannot reach Redis goes to the ``fallback`` cache (Django's database cache)
instead, and for ``RETRY_AFTER`` seconds after a failure this process does not try
Redis at all, so requests do not each pay a timeout. Rate limits keep being
counted (in PostgreSQL) while Redis is away; the counts start again when it
returns. Both changes are logged.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis.exceptions
from django.core.cache import BaseCache, cache, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

#: Seconds a process leaves Redis alone after it failed to answer.
RETRY_AFTER = 5.0
#: What a Redis that has gone away raises.
REDIS_DOWN = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)

_down_until: dict[str, float] = {}
_lock = threading.Lock()


class FailSafeRedisCache(BaseCache):
    """Redis (``LOCATION`` and ``OPTIONS`` as for Django's ``RedisCache``), falling
    back to the cache named by ``OPTIONS["FALLBACK"]`` while Redis is away."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self._fallback_alias = options.pop("FALLBACK", "fallback")
        super().__init__(params)
        self._server = server
        self._redis = RedisCache(server, {**params, "OPTIONS": options})

    @property
    def degraded(self) -> bool:
        """True while this process is using the fallback instead of Redis."""
        return _down_until.get(self._server, 0.0) > time.monotonic()

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.degraded:
            try:
                result = getattr(self._redis, name)(*args, **kwargs)
            except REDIS_DOWN as error:
                self._went_down(error)
            else:
                self._came_back()
                return result
        return getattr(caches[self._fallback_alias], name)(*args, **kwargs)

    def _went_down(self, error: Exception) -> None:
        with _lock:
            first = self._server not in _down_until
            _down_until[self._server] = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning(
                "Redis cache unavailable, using the database instead: %s", error
            )

    def _came_back(self) -> None:
        if self._server in _down_until:
            with _lock:
                was_down = _down_until.pop(self._server, None) is not None
            if was_down:
                logger.warning("Redis cache answers again; using it")

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete_many", *args, **kwargs)

    def clear(self) -> Any:
        return self._call("clear")

    def close(self, **kwargs: Any) -> None:
        self._redis.close(**kwargs)


def shared_cache_is_up() -> bool:
    """False while the shared cache is answering from its fallback (Redis away)."""
    return not getattr(cache, "degraded", False)
