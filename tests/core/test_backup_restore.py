"""The restore drill: back up a database full of real data, damage it, restore, compare."""

import hashlib
import os
import random
import sqlite3
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from milepael.core.backup import BackupError, restore
from milepael.followup.models import Rating
from milepael.plans.models import Initiative

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every table, per model."""
    result = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        rows = list(model.objects.order_by("pk").values_list())
        result[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def test_backup_and_restore_give_back_every_row(tmp_path, capsys):
    call_command("load_demo")
    before = snapshot()
    # The seed plan (35 initiatives) and the demo committee's plan (11), all rated in round 1.
    assert before["plans.Initiative"][0] == 35 + 11 and before["followup.Rating"][0] == 35 + 11
    target = tmp_path / "database.dump"
    call_command("backup_db", str(target))
    assert "Backup gemt i" in capsys.readouterr().out

    # Damage: a lost initiative (cascading to milestones and ratings) and an edited text.
    Initiative.objects.get(number="3.04").delete()
    Rating.objects.update(effort_comment="overskrevet")
    assert snapshot() != before

    call_command("restore_db", str(target), "--yes")
    assert snapshot() == before


def test_restore_needs_confirmation_and_an_existing_file(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_db", str(tmp_path / "x"))
    with pytest.raises(BackupError, match="findes ikke"):
        restore(tmp_path / "findes-ikke.backup")


# --- A backup is checked before anything is replaced (penetration test: a 0-byte file was
# "restored" into a database without tables, random bytes ended in a traceback). ------------

ENGINE = settings.DATABASES["default"]["ENGINE"]
sqlite_only = pytest.mark.skipif(
    ENGINE != "django.db.backends.sqlite3",
    reason="the SQLite checks; PostgreSQL's are below",
)
postgres_only = pytest.mark.skipif(
    ENGINE != "django.db.backends.postgresql",
    reason="runs against PostgreSQL (DATABASE_URL); .ci/run does",
)


@pytest.fixture
def demo_and_backup(tmp_path):
    """The demo data and a good backup of it; returns (backup path, snapshot)."""
    call_command("load_demo")
    target = tmp_path / "god.backup"
    call_command("backup_db", str(target))
    return target, snapshot()


def _refused(source, match: str, before: dict, tmp_path) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("restore_db", str(source), "--yes")
    assert snapshot() == before, "a refused restore must leave the database untouched"
    assert not list(tmp_path.glob("*.before-restore-*")), "nothing to undo: no copy is written"


def _sqlite_file(path, statements: list[str]):
    with sqlite3.connect(path) as database:
        for statement in statements:
            database.execute(statement)
    return path


@sqlite_only
def test_an_empty_file_is_refused_and_the_database_is_untouched(demo_and_backup, tmp_path):
    _good, before = demo_and_backup
    empty = tmp_path / "tom.backup"
    empty.write_bytes(b"")
    _refused(empty, r"er tom \(0 bytes\)", before, tmp_path)


@sqlite_only
def test_random_bytes_are_refused_with_a_danish_message(demo_and_backup, tmp_path):
    _good, before = demo_and_backup
    garbage = tmp_path / "støj.backup"
    garbage.write_bytes(random.Random(15).randbytes(64 * 1024))
    _refused(garbage, "er ikke en SQLite-database", before, tmp_path)


@sqlite_only
def test_a_damaged_backup_fails_the_integrity_check(demo_and_backup, tmp_path):
    good, before = demo_and_backup
    damaged = tmp_path / "beskadiget.backup"
    data = bytearray(good.read_bytes())
    # Keep the 100-byte header, overwrite pages further in: the file still looks like SQLite.
    rubbish = random.Random(4).randbytes(8 * 4096)
    data[4096 * 3 : 4096 * 3 + len(rubbish)] = rubbish
    damaged.write_bytes(bytes(data))
    _refused(damaged, "er beskadiget", before, tmp_path)


@sqlite_only
def test_another_programs_sqlite_file_is_refused(demo_and_backup, tmp_path):
    _good, before = demo_and_backup
    foreign = _sqlite_file(tmp_path / "fremmed.sqlite3", ["CREATE TABLE kunder (id INTEGER PRIMARY KEY, navn TEXT)"])
    _refused(foreign, r"ikke en backup af Milepæl.*mangler tabellerne .*django_migrations", before, tmp_path)


@sqlite_only
def test_a_backup_from_a_newer_version_is_refused_naming_the_migration(demo_and_backup, tmp_path):
    good, before = demo_and_backup
    newer = tmp_path / "nyere.backup"
    newer.write_bytes(good.read_bytes())
    _sqlite_file(
        newer,
        ["INSERT INTO django_migrations (app, name, applied) VALUES ('plans', '9999_fra_fremtiden', '2030-01-01')"],
    )
    _refused(newer, "plans.9999_fra_fremtiden", before, tmp_path)


@sqlite_only
def test_restore_keeps_a_copy_of_the_database_it_replaces_so_it_can_be_undone(demo_and_backup, tmp_path, capsys):
    good, before = demo_and_backup
    Rating.objects.update(effort_comment="ændret efter backuppen")
    changed = snapshot()
    capsys.readouterr()

    call_command("restore_db", str(good), "--yes")
    assert snapshot() == before
    output = capsys.readouterr().out
    copies = list(tmp_path.glob("*.before-restore-*"))
    assert len(copies) == 1, copies
    assert str(copies[0]) in output and "fortryde" in output

    call_command("restore_db", str(copies[0]), "--yes")  # the undo
    assert snapshot() == changed


def test_a_refused_restore_exits_with_an_error_code(tmp_path):
    """As the operator sees it: a message in Danish on stderr, exit code ≠ 0, no traceback."""
    database = tmp_path / "drift.sqlite3"
    garbage = tmp_path / "støj.backup"
    garbage.write_bytes(random.Random(1).randbytes(4096))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_db", str(garbage), "--yes"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "er ikke en SQLite-database" in result.stderr
    assert "Traceback" not in result.stderr


@postgres_only
def test_postgresql_refuses_what_pg_restore_cannot_list(demo_and_backup, tmp_path):
    _good, before = demo_and_backup
    cases = [
        ("tom.dump", b"", r"er tom \(0 bytes\)"),
        ("støj.dump", random.Random(15).randbytes(64 * 1024), "kan ikke læses af pg_restore"),
        ("sqlite.dump", b"SQLite format 3\x00" + bytes(4080), "kan ikke læses af pg_restore"),
    ]
    for name, content, message in cases:
        source = tmp_path / name
        source.write_bytes(content)
        _refused(source, message, before, tmp_path)


@postgres_only
def test_postgresql_refuses_a_dump_of_another_database(demo_and_backup, tmp_path):
    _good, before = demo_and_backup
    foreign = tmp_path / "fremmed.dump"
    source_db = "milepael_fremmed_" + str(os.getpid())
    settings_dict = connection.settings_dict
    base = ["--host", settings_dict.get("HOST") or "127.0.0.1", "--port", str(settings_dict.get("PORT") or 5432)]
    base += ["--username", settings_dict.get("USER") or "postgres"]
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    subprocess.run(["createdb", *base, source_db], env=env, check=True)
    try:
        subprocess.run(["psql", *base, "-d", source_db, "-c", "CREATE TABLE kunder (id int)"], env=env, check=True)
        subprocess.run(["pg_dump", "--format=custom", *base, "-f", str(foreign), source_db], env=env, check=True)
    finally:
        subprocess.run(["dropdb", *base, source_db], env=env, check=True)
    _refused(foreign, "ikke en backup af Milepæl", before, tmp_path)
