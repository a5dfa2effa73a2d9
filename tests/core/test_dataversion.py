"""The data version every cached fragment and public response is keyed by changes with every
write to the data, whatever path the write takes, and not with sessions or the access log."""

import os
import subprocess
import sys

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from milepael.core import dataversion
from milepael.organisation.models import Department
from milepael.plans.models import Initiative


@pytest.mark.django_db
def test_a_save_a_bulk_write_an_update_and_a_delete_each_change_the_version():
    seen = [dataversion.current()]
    department = Department.objects.create(name="Skole og Dagtilbud")
    seen.append(dataversion.current())
    Department.objects.bulk_create([Department(name="Ejendomme"), Department(name="Kultur")])
    seen.append(dataversion.current())
    Department.objects.filter(pk=department.pk).update(name="Børn og Unge")
    seen.append(dataversion.current())
    Department.objects.filter(name="Kultur").delete()
    seen.append(dataversion.current())
    assert len(set(seen)) == len(seen), seen


@pytest.mark.django_db
def test_reads_sessions_and_the_access_log_leave_the_version_alone():
    before = dataversion.current()
    list(Initiative.objects.all())
    session = SessionStore()
    session["x"] = 1
    session.save()
    from milepael.audit.models import AccessLogEntry

    AccessLogEntry.objects.create(username="a", kind=AccessLogEntry.Kind.READ, method="GET", path="/", status=200)
    assert dataversion.current() == before


@pytest.mark.django_db(transaction=True)
def test_the_version_changes_again_when_the_transaction_commits():
    """A page rendered by another request between the write and the commit (from the old data)
    was cached under the first bump; the commit's bump makes that entry unreachable."""
    with transaction.atomic():
        Department.objects.create(name="Skole og Dagtilbud")
        during = dataversion.current()
    assert dataversion.current() != during


def test_a_lost_version_restarts_from_the_clock_never_from_an_old_number():
    first = dataversion.current()
    dataversion.forget()
    assert int(dataversion.current(), 16) > int(first, 16)


def test_a_write_in_another_process_changes_the_version_this_process_sees(tmp_path, settings):
    """The embedded mode's gunicorn workers share no memory: a worker that did not make the
    write must not go on serving what it cached (the counter is a file all processes share)."""
    settings.MILEPAEL_DATA_VERSION_FILE = str(tmp_path / "dataversion")
    before = dataversion.current()
    script = "import django; django.setup(); from milepael.core import dataversion; dataversion.bump()"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    environment["MILEPAEL_DATA_VERSION_FILE"] = settings.MILEPAEL_DATA_VERSION_FILE
    subprocess.run([sys.executable, "-c", script], check=True, env=environment, cwd=settings.BASE_DIR, timeout=120)
    assert dataversion.current() != before


def test_many_processes_bumping_at_once_lose_no_increment(tmp_path, settings):
    settings.MILEPAEL_DATA_VERSION_FILE = str(tmp_path / "dataversion")
    start = int(dataversion.current(), 16)
    script = (
        "import django; django.setup(); from milepael.core import dataversion\nfor _ in range(50): dataversion.bump()"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    environment["MILEPAEL_DATA_VERSION_FILE"] = settings.MILEPAEL_DATA_VERSION_FILE
    workers = [
        subprocess.Popen([sys.executable, "-c", script], env=environment, cwd=settings.BASE_DIR) for _ in range(4)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0, 0]
    assert int(dataversion.current(), 16) == start + 200


def test_which_statements_count_as_writes():
    assert dataversion.is_data_write('INSERT INTO "plans_initiative" ("title") VALUES (%s)')
    assert dataversion.is_data_write('UPDATE "followup_rating" SET "smiley" = %s')
    assert dataversion.is_data_write('DELETE FROM "plans_theme" WHERE id = 1')
    assert not dataversion.is_data_write('SELECT * FROM "plans_initiative"')
    assert not dataversion.is_data_write('UPDATE "django_session" SET "expire_date" = %s')
    assert not dataversion.is_data_write('INSERT INTO "audit_accesslogentry" ("path") VALUES (%s)')
    assert not dataversion.is_data_write('INSERT INTO "search_searchdocument" ("title") VALUES (%s)')
