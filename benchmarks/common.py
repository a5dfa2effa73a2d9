"""What the benchmark scripts share: a throwaway database, Django set up on it, the seed,
users, and a follow-up round that is closed, approved and published.

Every script runs on a throwaway SQLite file in a temporary directory (never db.sqlite3),
then, when BENCH_DATABASE_URL names a PostgreSQL server, again in a child process on a
throwaway database created on that server and dropped afterwards (never the database the
URL names).
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SEED = BASE_DIR / "seeds" / "000_616c72004517a9f2.txt"
POSTGRES_FLAG = "--on-postgres"


def setup_django(database_url: str, settings_module: str = "config.settings") -> None:
    """Point Django at `database_url` (before django.setup()) and migrate it."""
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    # whitenoise warns when collectstatic has not run; the benchmarks serve no static files.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def empty_database() -> None:
    """Every table emptied (as a fresh database; content types are recreated)."""
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


@contextmanager
def throwaway_postgres(server_url: str, prefix: str = "milepael_bench") -> Iterator[str]:
    """A new database on the server of `server_url`, dropped on the way out."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        _flush_access_log()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run_on_each_database(parser: argparse.ArgumentParser, run: Callable[[argparse.Namespace, str, str], None]) -> None:
    """run(args, database_url, label) on SQLite, then on PostgreSQL if BENCH_DATABASE_URL is set.

    Django is set up once per process, so PostgreSQL runs in a child process of this script."""
    parser.add_argument(POSTGRES_FLAG, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    server = os.environ.get("BENCH_DATABASE_URL", "")
    if getattr(args, POSTGRES_FLAG.removeprefix("--").replace("-", "_")):
        with throwaway_postgres(server) as url:
            run(args, url, "PostgreSQL")
        return
    with tempfile.TemporaryDirectory(prefix="milepael-bench-") as tmp:
        run(args, f"sqlite:///{Path(tmp) / 'benchmark.sqlite3'}", "SQLite")
        _flush_access_log()  # now, while the file exists: the exit's flush would find it gone
    if server.startswith(("postgres://", "postgresql://")):
        print(flush=True)
        subprocess.run([sys.executable, sys.argv[0], *sys.argv[1:], POSTGRES_FLAG], check=True)  # noqa: S603
    elif server:
        print(f"BENCH_DATABASE_URL is not a PostgreSQL URL; skipped: {urlsplit(server).scheme}")


def _flush_access_log() -> None:
    if "django" in sys.modules:
        from milepael.audit import buffer

        buffer.flush()


def bench_users():
    """An administrator (runs the services) and a reader (views the internal pages)."""
    from django.contrib.auth import get_user_model

    from milepael.organisation.models import Profile

    users = []
    for username, role in (("bench-admin", Profile.Role.ADMINISTRATOR), ("bench-reader", Profile.Role.READER)):
        user = get_user_model().objects.create_user(username, is_staff=role == Profile.Role.ADMINISTRATOR)
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, role=role)
        users.append(user)
    return users


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def ratio(large: float, small: float) -> str:
    return f"{large / small:.1f}x" if small else "–"
