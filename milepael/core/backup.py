"""Backup and restore of the whole database: SQLite through its online backup API,
PostgreSQL through pg_dump/pg_restore (custom format). Used by `manage.py backup_db`
and `manage.py restore_db`; the restore drill in the tests runs both ways."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(RuntimeError):
    pass


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    args = ["--host", settings_dict.get("HOST") or "127.0.0.1", "--port", str(settings_dict.get("PORT") or 5432)]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {"PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} findes ikke på maskinen (PostgreSQL-klientværktøjerne skal være installeret).")
    result = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} fejlede ({result.returncode}).")


def backup(target: Path, using: str = "default") -> Path:
    """Write a consistent copy of the database to `target` while the app keeps running."""
    connection = connections[using]
    connection.ensure_connection()
    target = Path(target)
    if connection.vendor == "sqlite":
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)
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


def restore(source: Path, using: str = "default") -> None:
    """Replace the database's content with the backup in `source`."""
    connection = connections[using]
    connection.ensure_connection()
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Backupfilen {source} findes ikke.")
    if connection.vendor == "sqlite":
        with sqlite3.connect(source) as origin:
            origin.backup(connection.connection)
    elif connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        connection.close()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args,
             "--dbname", connection.settings_dict["NAME"], str(source)],
            env,
        )  # fmt: skip
    else:
        raise BackupError(f"Databasetypen {connection.vendor} understøttes ikke.")
