"""The access log is written off the request, in batches: a page view only queues its entry;
the entries arrive when the writer flushes, with the time of the request, and none is lost."""

import datetime
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.audit import buffer
from milepael.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_a_page_view_does_not_write_its_own_entry(reader_client):
    with CaptureQueriesContext(connection) as queries:
        reader_client.get(reverse("plans:home"))
    assert not [q for q in queries.captured_queries if "audit_accesslogentry" in q["sql"]]


def test_queued_entries_arrive_in_one_write_with_the_time_of_their_request(reader_client, reader):
    home = reverse("plans:home")
    asked = datetime.datetime.now(datetime.UTC)
    for _ in range(3):
        reader_client.get(home)
    with CaptureQueriesContext(connection) as queries:
        assert buffer.flush() == 3
    assert len([q for q in queries.captured_queries if q["sql"].startswith("INSERT")]) == 1
    entries = list(AccessLogEntry.objects.filter(path=home))
    assert [(e.user, e.kind) for e in entries] == [(reader, "read")] * 3
    assert all(asked <= e.at <= datetime.datetime.now(datetime.UTC) for e in entries)
    assert buffer.flush() == 0  # written once


def test_a_failed_write_keeps_the_entries_for_the_next_try(reader_client, monkeypatch):
    reader_client.get(reverse("plans:home"))

    def refuse(*args, **kwargs):
        raise RuntimeError("the database is away")

    monkeypatch.setattr(AccessLogEntry.objects, "bulk_create", refuse)
    with pytest.raises(RuntimeError):
        buffer.flush()
    monkeypatch.undo()
    assert buffer.flush() == 1
    assert AccessLogEntry.objects.count() == 1


def test_entries_still_queued_are_written_when_the_process_exits(tmp_path):
    """A normal shutdown (gunicorn's worker exits, runserver stops) flushes at exit."""
    database = tmp_path / "exit.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    python = sys.executable
    run = {"cwd": settings.BASE_DIR, "env": env, "capture_output": True, "text": True, "check": True}
    subprocess.run([python, "manage.py", "migrate", "-v0"], **run)
    script = (
        "import django; django.setup()\n"
        "from milepael.audit import buffer\n"
        "from milepael.audit.models import AccessLogEntry\n"
        "buffer.start_writer = False\n"
        "buffer.add(AccessLogEntry(username='laeser', kind='read', method='GET', path='/x/', status=200))\n"
    )
    subprocess.run([python, "-c", script], **{**run, "env": {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}})
    count = "from milepael.audit.models import AccessLogEntry; print(AccessLogEntry.objects.filter(path='/x/').count())"
    result = subprocess.run([python, "manage.py", "shell", "-c", count], **run)
    assert result.stdout.strip().splitlines()[-1] == "1"


@pytest.mark.django_db(transaction=True)
def test_an_entry_of_a_user_deleted_before_the_write_keeps_the_name_and_blocks_nothing(reader_client, reader):
    """The foreign key is checked when the batch commits: an account deleted in between
    must not keep the whole queue from being written, again and again."""
    home = reverse("plans:home")
    reader_client.get(home)
    username = reader.username
    reader.delete()
    assert buffer.flush() == 1
    entry = AccessLogEntry.objects.get(path=home)
    assert (entry.user, entry.username) == (None, username)
