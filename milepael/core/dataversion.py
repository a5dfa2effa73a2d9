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

The number lives in the shared cache (Redis in production, so every instance sees the same
number; a local memory cache in the embedded mode, one process). If the cache loses it, the
next reader starts from the clock, which is never a number used before: a lost version can
make a cache miss, never a stale hit.
"""

import re
import time

from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created

KEY = "milepael:data-version"

# Tables whose writes change nothing rendered from the data.
_QUIET_TABLES = re.compile(r"^(django_session|audit_accesslogentry|django_tasks|axes_|search_|django_migrations)")
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?', re.I)


def current() -> str:
    """The version now; a short string for cache keys and ETags."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, time.time_ns(), timeout=None)
        version = cache.get(KEY) or time.time_ns()
    return format(version, "x")


def bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not in the cache (first write, or evicted): start from the clock
        cache.add(KEY, time.time_ns(), timeout=None)


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
