"""The concurrency limit (at most N at once per key, counted in the cache)."""

import socket

import pytest

from milepael.core.ratelimit import TooManyAtOnce, concurrency_slot


def test_at_most_the_limit_at_once_and_slots_are_given_back():
    with concurrency_slot("renders:1", limit=2), concurrency_slot("renders:1", limit=2):
        with pytest.raises(TooManyAtOnce) as refused, concurrency_slot("renders:1", limit=2):
            pass
        assert refused.value.retry_after > 0
        with concurrency_slot("renders:2", limit=2):  # another key has its own slots
            pass
    with concurrency_slot("renders:1", limit=2), concurrency_slot("renders:1", limit=2):
        pass


def test_a_slot_is_given_back_when_the_work_fails():
    for _ in range(3):
        with pytest.raises(RuntimeError), concurrency_slot("renders:3", limit=1):
            raise RuntimeError("rendering failed")
    with concurrency_slot("renders:3", limit=1):
        pass


def _redis_is_running() -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not _redis_is_running(), reason="no Redis at 127.0.0.1:6379")
def test_the_limit_holds_in_the_shared_production_cache(settings):
    """MILEPAEL_CACHE_URL=redis://… : the counters are shared by every worker process."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    }
    with (
        concurrency_slot("renders:redis-test", limit=1),
        pytest.raises(TooManyAtOnce),
        concurrency_slot("renders:redis-test", limit=1),
    ):
        pass
    with concurrency_slot("renders:redis-test", limit=1):
        pass
