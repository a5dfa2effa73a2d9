"""One number that changes with every write to the data: the key of cached page fragments and
of cached public responses (and their ETag), so nothing cached outlives a change.

Every INSERT, UPDATE or DELETE on an application table bumps it, whatever path the write takes
(a form, an import's bulk writes, `QuerySet.update`, the admin, a management command): a
database execute wrapper sees the statement, so no save signal can be forgotten. Writes that
change nothing anyone sees — sessions, the access log, the task queue, login attempts, the
search index (it follows writes that bump anyway) — do not bump.

It is bumped twice: at the write, so that the writer's own next read (and a test, which never
commits) sees new content, and again when the transaction commits, so that a page another
request rendered from the old, still committed data in between and cached under the first
bump is not served afterwards.

Every process must see the same number, or a gunicorn worker that did not make the write would
go on serving its cached pages. With a shared cache (Redis: several servers) the number lives
there; otherwise (the embedded mode: one machine, any number of worker processes) it is a
counter in a file (MILEPAEL_DATA_VERSION_FILE), incremented under an exclusive lock. Either way
a lost number restarts from the clock, which is never a number used before: a lost version
can make a cache miss, never a stale hit.
"""

import fcntl
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.backends.signals import connection_created

KEY = "milepael:data-version"

# Tables whose writes change nothing rendered from the data.
_QUIET_TABLES = re.compile(r"^(django_session|audit_accesslogentry|django_tasks|axes_|search_|django_migrations)")
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?', re.I)


def current() -> str:
    """The version now; a short string for cache keys and ETags."""
    return format(_store().read(), "x")


def bump() -> None:
    _store().increment()


def forget() -> None:
    """Lose the number, as an evicted cache key or a deleted file would (tests)."""
    _store().forget()


class _CacheCounter:
    def read(self) -> int:
        version = cache.get(KEY)
        if version is None:
            cache.add(KEY, time.time_ns(), timeout=None)
            version = cache.get(KEY) or time.time_ns()
        return version

    def increment(self) -> None:
        try:
            cache.incr(KEY)
        except ValueError:  # not in the cache (first write, or evicted): start from the clock
            cache.add(KEY, time.time_ns(), timeout=None)

    def forget(self) -> None:
        cache.delete(KEY)


class _FileCounter:
    """A counter in a small file, incremented under an exclusive flock (no two processes'
    increments collapse into one) and read under a shared one (never half-written)."""

    WIDTH = 32  # every write is this long, so no shorter number leaves a stale tail

    def __init__(self, path: str):
        self.path = Path(path)

    def read(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return self._started()
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            raw = os.pread(fd, self.WIDTH, 0).strip()
        finally:
            os.close(fd)  # releases the lock
        return int(raw) if raw.isdigit() else self._started()

    def increment(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.pread(fd, self.WIDTH, 0).strip()
            value = int(raw) + 1 if raw.isdigit() else time.time_ns()  # new or damaged: from the clock
            os.pwrite(fd, str(value).encode().ljust(self.WIDTH), 0)
        finally:
            os.close(fd)

    def _started(self) -> int:
        self.increment()
        return self.read()

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


def _store() -> _CacheCounter | _FileCounter:
    if isinstance(caches["default"], RedisCache):
        return _CacheCounter()
    return _FileCounter(settings.MILEPAEL_DATA_VERSION_FILE)


def is_data_write(sql: str) -> bool:
    match = _WRITE.match(sql)
    return bool(match) and not _QUIET_TABLES.match(match.group(1).lower())


def _bump_on_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and is_data_write(sql):
        bump()
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(bump, using=connection.alias)
    return result


def _install(sender, connection, **kwargs) -> None:
    if _bump_on_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_bump_on_write)


def install() -> None:
    """Called from CoreConfig.ready(): every new database connection bumps on writes."""
    connection_created.connect(_install, dispatch_uid="milepael-data-version")
