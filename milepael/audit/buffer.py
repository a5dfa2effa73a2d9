"""The access log is written off the request: a page view puts its entry in this process's
queue and returns; a writer thread stores what has queued up in one bulk insert every
`MILEPAEL_ACCESS_LOG_FLUSH_SECONDS` (default 2). On SQLite every writer waits for the one
write lock, so a page view that wrote its own entry could wait behind an import; now only
the writer thread waits. Entries are never lost on a normal shutdown: what is still queued
is written at exit (`atexit`), and a batch that fails to write stays queued for the next try.

Tests start no thread: they call `flush()` to write what is queued on their own connection
(tests/conftest.py)."""

import atexit
import logging
import threading
from collections import deque

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, close_old_connections, connection

from .models import AccessLogEntry

logger = logging.getLogger(__name__)

_queue: deque[AccessLogEntry] = deque()
_lock = threading.Lock()  # one writer at a time (the thread, or flush at exit)
_wake = threading.Event()
_writer: threading.Thread | None = None
_writer_pid: int | None = None
BATCH = 500
# Set by tests/conftest.py: entries wait for `flush()` on the test's own connection.
start_writer = True


def add(entry: AccessLogEntry) -> None:
    """Queue `entry` for the writer; returns at once."""
    _queue.append(entry)
    if start_writer:
        _ensure_writer()
        if len(_queue) >= BATCH:
            _wake.set()


def flush() -> int:
    """Write every queued entry now, on this thread's connection; the number written. A batch
    that fails (the database is away) is put back, in order, and the error raised."""
    written = 0
    with _lock:
        while _queue:
            batch = [_queue.popleft() for _i in range(min(BATCH, len(_queue)))]
            try:
                _write(batch)
            except Exception:
                _queue.extendleft(reversed(batch))
                raise
            written += len(batch)
    return written


def _write(batch: list[AccessLogEntry]) -> None:
    try:
        AccessLogEntry.objects.bulk_create(batch)
    except IntegrityError:
        # A user deleted between the request and the write: the entry keeps the user name and
        # loses the link, as the stored entries do (SET_NULL), instead of blocking the queue.
        users = {entry.user_id for entry in batch if entry.user_id}
        existing = set(get_user_model().objects.filter(pk__in=users).values_list("pk", flat=True))
        for entry in batch:
            if entry.user_id not in existing:
                entry.user = None
        AccessLogEntry.objects.bulk_create(batch)


def discard() -> None:
    """Forget what is queued (tests: a test's entries never reach the next test's database)."""
    _queue.clear()


def _ensure_writer() -> None:
    global _writer, _writer_pid
    import os

    # A forked worker (gunicorn) inherits the parent's thread object, not the thread.
    if _writer is not None and _writer.is_alive() and _writer_pid == os.getpid():
        return
    with _lock:
        if _writer is not None and _writer.is_alive() and _writer_pid == os.getpid():
            return
        _writer = threading.Thread(target=_run, name="access-log-writer", daemon=True)
        _writer_pid = os.getpid()
        _writer.start()


def _run() -> None:
    while True:
        _wake.wait(settings.MILEPAEL_ACCESS_LOG_FLUSH_SECONDS)
        _wake.clear()
        try:
            close_old_connections()
            flush()
        except DatabaseError:
            logger.exception("access log: %d entries not written yet; trying again", len(_queue))
            connection.close()


@atexit.register
def _flush_at_exit() -> None:
    if _queue:
        try:
            flush()
        except Exception:  # the database is gone: say how much is lost
            logger.exception("access log: %d entries could not be written at exit", len(_queue))
