"""Backup and restore of the whole database: SQLite through its online backup API,
PostgreSQL through pg_dump/pg_restore (custom format). Used by `manage.py backup_db`
and `manage.py restore_db`; the restore drill in the tests runs both ways.

A restore replaces everything, so it is careful: the backup is checked first (it is a
database of the right kind, intact, Milepæl's, and not from a newer version of the code),
and the database it replaces is copied aside first (`…before-restore-<timestamp>`), so a
restore can itself be undone with one more restore. A refused backup leaves the database
untouched."""

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader

SQLITE_HEADER = b"SQLite format 3\x00"
# What every Milepæl database has, whatever its version: (app label, model name). Looked up
# through the app registry, so core imports no app above it.
CORE_MODELS = [
    ("auth", "User"),
    ("organisation", "Profile"),
    ("plans", "Agreement"),
    ("plans", "ImplementationPlan"),
    ("plans", "Initiative"),
    ("plans", "FollowUpRound"),
    ("followup", "Rating"),
]


class BackupError(RuntimeError):
    pass


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    args = ["--host", settings_dict.get("HOST") or "127.0.0.1", "--port", str(settings_dict.get("PORT") or 5432)]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {"PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} findes ikke på maskinen (PostgreSQL-klientværktøjerne skal være installeret).")
    result = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} fejlede ({result.returncode}).")
    return result.stdout


def backup(target: Path, using: str = "default") -> Path:
    """Write a consistent copy of the database to `target` while the app keeps running."""
    connection = connections[using]
    connection.ensure_connection()
    target = Path(target)
    if connection.vendor == "sqlite":
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)
        destination.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *args,
                "--file",
                str(target),
                connection.settings_dict["NAME"],
            ],
            env,
        )
    else:
        raise BackupError(f"Databasetypen {connection.vendor} understøttes ikke.")
    return target


# --- Checking a backup before it replaces anything -------------------------------------------


def required_tables() -> list[str]:
    """The tables a backup must hold to be Milepæl's: django_migrations and the core models'."""
    return ["django_migrations", *(apps.get_model(app, model)._meta.db_table for app, model in CORE_MODELS)]


def _check_tables(source: Path, tables: Iterable[str]) -> None:
    missing = [table for table in required_tables() if table not in set(tables)]
    if missing:
        raise BackupError(
            f"Backupfilen {source} er ikke en backup af Milepæl: den mangler tabellerne {', '.join(missing)}. "
            "Intet er genskabt."
        )


def _check_migrations(source: Path, applied: Iterable[tuple[str, str]]) -> None:
    """Refuse a backup whose schema the code does not know: a migration recorded in it that
    this version of the code does not have means the backup comes from a newer version."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, name in applied if (app, name) not in known)
    if unknown:
        raise BackupError(
            f"Backupfilen {source} er fra en nyere version af Milepæl: den har migreringerne "
            f"{', '.join(unknown)}, som denne version ikke kender. Opdatér Milepæl, før backuppen "
            "genskabes. Intet er genskabt."
        )


def check_sqlite_backup(source: Path) -> None:
    """Raise BackupError (in Danish, naming the file) unless `source` is an intact SQLite
    database holding Milepæl's tables at a migration state this code knows."""
    size = source.stat().st_size
    if size == 0:
        raise BackupError(f"Backupfilen {source} er tom (0 bytes). Intet er genskabt.")
    with source.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise BackupError(
            f"Backupfilen {source} er ikke en SQLite-database (den begynder ikke med SQLite-filhovedet). "
            "Intet er genskabt."
        )
    # Read-only (mode=ro): checking a file must never change it.
    try:
        with sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True) as database:
            problems = [row[0] for row in database.execute("PRAGMA integrity_check").fetchall()]
            if problems != ["ok"]:
                raise BackupError(
                    f"Backupfilen {source} er beskadiget (PRAGMA integrity_check: {'; '.join(problems[:3])}). "
                    "Intet er genskabt."
                )
            tables = [row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            _check_tables(source, tables)
            applied = database.execute("SELECT app, name FROM django_migrations").fetchall()
        database.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Backupfilen {source} er beskadiget ({exc}). Intet er genskabt.") from exc
    _check_migrations(source, applied)


# One line of `pg_restore --list` for a table: "215; 1259 16390 TABLE public plans_initiative owner"
PG_TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ")


def check_postgresql_backup(source: Path, env: dict) -> None:
    """Raise BackupError unless pg_restore can list `source` and it holds Milepæl's tables
    at a migration state this code knows."""
    if source.stat().st_size == 0:
        raise BackupError(f"Backupfilen {source} er tom (0 bytes). Intet er genskabt.")
    try:
        listing = _run(["pg_restore", "--list", str(source)], env)
    except BackupError as exc:
        raise BackupError(
            f"Backupfilen {source} kan ikke læses af pg_restore ({exc}); den er ikke en backup fra backup_db. "
            "Intet er genskabt."
        ) from exc
    tables = [match.group(1) for line in listing.splitlines() if (match := PG_TABLE_ENTRY.match(line))]
    _check_tables(source, tables)
    data = _run(["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(source)], env)
    _check_migrations(source, _copied_rows(data, columns=("app", "name")))


def _copied_rows(dump: str, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The rows of the COPY block in a pg_restore SQL script, as tuples of `columns`."""
    rows, header = [], None
    for line in dump.splitlines():
        if header is None:
            if line.startswith("COPY ") and "FROM stdin" in line:
                header = [name.strip().strip('"') for name in line[line.index("(") + 1 : line.index(")")].split(",")]
            continue
        if line == "\\.":
            break
        values = dict(zip(header, line.split("\t"), strict=False))
        rows.append(tuple(values[column] for column in columns))
    return rows


# --- Restoring ------------------------------------------------------------------------------


def _timestamp() -> str:
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


def _unused(path: Path) -> Path:
    """`path`, or `path-2`, `path-3` … when it exists (two restores in one second, an undo)."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def undo_copy_path(source: Path, settings_dict: dict, vendor: str) -> Path:
    """Where the copy of the database a restore replaces goes: next to the SQLite file, or
    (PostgreSQL, an in-memory database) next to the backup being restored. Never an
    existing file, so an undo never overwrites the copy it restores from."""
    name = str(settings_dict.get("NAME") or "")
    if vendor == "sqlite" and name and ":memory:" not in name and "mode=memory" not in name:
        database = Path(name)
        return _unused(database.with_name(f"{database.name}.before-restore-{_timestamp()}"))
    stem = Path(name).name if name and vendor != "sqlite" else "database"
    return _unused(Path(source).resolve().with_name(f"{stem}.before-restore-{_timestamp()}"))


def restore(source: Path, using: str = "default", *, undo_copy: Path | None = None) -> Path:
    """Replace the database's content with the backup in `source`, after checking it.

    Returns the copy of the replaced database (restore it to undo). Raises BackupError, with
    the database untouched, when `source` is missing, empty, of the wrong kind, damaged,
    not Milepæl's or from a newer version."""
    connection = connections[using]
    connection.ensure_connection()
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Backupfilen {source} findes ikke.")
    undo_copy = Path(undo_copy or undo_copy_path(source, connection.settings_dict, connection.vendor))
    if connection.vendor == "sqlite":
        check_sqlite_backup(source)
        backup(undo_copy, using)
        with sqlite3.connect(source) as origin:
            origin.backup(connection.connection)
        origin.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        check_postgresql_backup(source, env)
        backup(undo_copy, using)
        connection.close()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args,
             "--dbname", connection.settings_dict["NAME"], str(source)],
            env,
        )  # fmt: skip
    else:
        raise BackupError(f"Databasetypen {connection.vendor} understøttes ikke.")
    return undo_copy
