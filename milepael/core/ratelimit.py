"""At most N of something at once per key (e.g. report renders per user), counted in the
cache: the embedded mode's local-memory cache within one process, a shared cache
(MILEPAEL_CACHE_URL=redis://…) across production's workers.

A slot taken by a process that dies is not leaked for good: the counter expires
`timeout` seconds after it was last touched."""

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

DEFAULT_TIMEOUT = 5 * 60  # longer than any render; how long a dead process's slot can linger


class TooManyAtOnce(Exception):
    """All slots of the key are taken; `retry_after` is a suggested wait in seconds."""

    def __init__(self, key: str, limit: int, retry_after: int):
        super().__init__(f"{key}: {limit} already running")
        self.limit = limit
        self.retry_after = retry_after


def _increment(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout):
        return 1
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1
    cache.touch(key, timeout)
    return value


def _decrement(key: str) -> None:
    with suppress(ValueError):  # expired meanwhile: nothing to give back
        cache.decr(key)


@contextmanager
def concurrency_slot(key: str, *, limit: int, timeout: int = DEFAULT_TIMEOUT, retry_after: int = 10) -> Iterator[None]:
    """Hold one of `limit` slots of `key` while the block runs; raise TooManyAtOnce when all
    are taken. The slot is given back however the block ends."""
    cache_key = f"milepael:slots:{key}"
    if _increment(cache_key, timeout) > limit:
        _decrement(cache_key)
        raise TooManyAtOnce(key, limit, retry_after)
    try:
        yield
    finally:
        _decrement(cache_key)


def user_slot_key(name: str, user) -> str:
    """The key of `user`'s slots of `name` (e.g. report renders)."""
    return f"{name}:user:{user.pk}"


def concurrency_limited(name: str, *, limit_setting: str, template: str = "429.html"):
    """View decorator: at most `settings.<limit_setting>` requests of `name` at once per user;
    one more gets `template` with status 429 and Retry-After. Put it after the login check."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            limit = getattr(settings, limit_setting)
            try:
                with concurrency_slot(user_slot_key(name, request.user), limit=limit):
                    return view(request, *args, **kwargs)
            except TooManyAtOnce as refused:
                response = render(request, template, {"limit": refused.limit}, status=429)
                response["Retry-After"] = str(refused.retry_after)
                return response

        return wrapped

    return decorator
