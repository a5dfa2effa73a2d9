"""Several gunicorn instances of the production settings on one database and one shared cache,
and reporters saving ratings through them as browsers do: what the deadline-rush benchmark
(benchmarks/rush.py) and the two-servers test (tests/scale/test_two_servers.py) share, so both
drive the same code.

The world (`prepare`, run in a child process so that the caller's Django, if any, is left
alone): the seed plan, round 1 rated and published (the public plan page exists and is
cached), round 2 rated, approved and closed but not published (something to publish), round 3
open, one administrator and N reporters spread over the plan's departments.

Each reporter is a thread with its own HTTP session (cookies, CSRF token): it logs in, then
again and again opens the rating page of one of its department's initiatives on one of the
instances and saves a draft with the form's CSRF token and the version the form carries. Several
reporters share each department, so saves from the same version meet; the server must answer
one of them with success and the others with a conflict (409), never overwrite silently.
`check_no_lost_ratings` proves it against the database afterwards.

The servers use benchmarks.servers_settings: config.settings with a fast password hasher, so
that 200 logins measure the application and not PBKDF2.
"""

import dataclasses
import http.client
import http.cookies
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "rush-" + "password"
SETTINGS = "benchmarks.servers_settings"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- the world (child process)


@dataclasses.dataclass
class World:
    plan_pk: int
    closed_round_pk: int  # rated, approved, closed, not published (round 1 is published)
    closed_round_name: str
    open_round_pk: int  # where the reporters save
    admin: str
    reporters: dict[str, list[int]]  # username → the initiative ids it may rate


def _build_world(reporters: int) -> World:
    """In the child process, with Django set up on the target database."""
    import datetime

    from django.contrib.auth import get_user_model

    from benchmarks.generate import publish_rated_round, seed_plan
    from milepael.exchange.plan_import import import_plan
    from milepael.followup import services as followup
    from milepael.organisation.models import Profile
    from milepael.plans.models import FollowUpRound

    users = get_user_model()
    admin = users.objects.create_user("rush-admin", password=PASSWORD, is_staff=True)
    Profile.objects.create(user=admin, role=Profile.Role.ADMINISTRATOR)
    plan = import_plan(seed_plan()).plan
    publish_rated_round(plan, admin, ordinal=1)
    closed = publish_rated_round(plan, admin, ordinal=2, publish=False)
    open_round = FollowUpRound.objects.get(agreement_id=plan.agreement_id, ordinal=3)
    followup.open_round(open_round, user=admin, deadline=datetime.date(plan.agreement.budget_year, 8, 15))
    by_department: dict[int, list[int]] = {}
    for pk, department_id in plan.initiatives.exclude(responsible_department=None).values_list(
        "pk", "responsible_department_id"
    ):
        by_department.setdefault(department_id, []).append(pk)
    departments = sorted(by_department)
    names: dict[str, list[int]] = {}
    for number in range(reporters):
        department = departments[number % len(departments)]
        user = users.objects.create_user(f"rush-reporter-{number}", password=PASSWORD)
        Profile.objects.create(user=user, role=Profile.Role.REPORTER).departments.add(department)
        names[user.username] = by_department[department]
    return World(plan.pk, closed.pk, closed.name, open_round.pk, admin.username, names)


def prepare(database_url: str, reporters: int, env: dict[str, str]) -> World:
    """Migrate `database_url` and build the world in it (in a child process)."""
    output = subprocess.run(  # noqa: S603 - this file, fixed arguments
        [sys.executable, __file__, "prepare", str(reporters)],
        env={**env, "DATABASE_URL": database_url},
        cwd=BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    return World(**json.loads(output.strip().splitlines()[-1]))


def _prepare_main(reporters: int) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(json.dumps(dataclasses.asdict(_build_world(reporters))))


# ---------------------------------------------------------------- the servers


def server_env(database_url: str, cache_url: str = "", cache_prefix: str = "") -> dict[str, str]:
    """The environment of a production-like instance (no debug, no immediate tasks)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    for name in ("MILEPAEL_DEBUG", "MILEPAEL_TASKS_IMMEDIATE", "MILEPAEL_CACHE_URL", "MILEPAEL_CACHE_PREFIX"):
        env.pop(name, None)
    if cache_url:
        env["MILEPAEL_CACHE_URL"] = cache_url
        env["MILEPAEL_CACHE_PREFIX"] = cache_prefix
    env["PYTHONWARNINGS"] = "ignore:No directory at:UserWarning"  # no collectstatic: no static files served
    return env


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(port: int, server: subprocess.Popen, path: str = "/konto/log-ind/", timeout: float = 60) -> None:
    """Until `path` answers 200 (or the server exits, or `timeout` passes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def instances(
    env: dict[str, str], count: int, *, workers: int, db_worker: bool = False, log: IO | None = None
) -> Iterator[list[int]]:
    """`count` gunicorn instances (and one `manage.py db_worker` if asked) with `env`, on free
    loopback ports, their output to `log` (a file; None: this process's); yields the ports,
    stops everything on the way out."""
    processes: list[subprocess.Popen] = []
    ports = [free_port() for _ in range(count)]
    output = {"stdout": log, "stderr": subprocess.STDOUT} if log is not None else {}
    try:
        for port in ports:
            command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"{HOST}:{port}"]
            command += ["--workers", str(workers), "--chdir", str(BASE_DIR), "--log-level", "warning"]
            processes.append(subprocess.Popen(command, env=env, cwd=BASE_DIR, **output))  # noqa: S603 - loopback only
        if db_worker:
            command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2"]
            processes.append(subprocess.Popen(command, env=env, cwd=BASE_DIR, **output))  # noqa: S603
        for port, process in zip(ports, processes, strict=False):
            wait_until_up(port, process)
        yield ports
    finally:
        for process in processes:
            _stop(process)


# ---------------------------------------------------------------- a browser


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')
_EFFORT = re.compile(r'name="effort"[^>]*value="([a-z_]+)"')


class Session:
    """One person's browser: cookies across requests (and instances: they share sessions)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.latencies: list[float] = []  # seconds, every request
        self.last_location = ""  # the Location of the last answer, if any

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Django's CSRF check wants a same-origin Referer/Origin for HTTPS only; send it anyway.
            headers["Origin"] = f"http://{HOST}:{port}"
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            self.latencies.append(time.perf_counter() - started)
            self.last_location = response.headers.get("Location", "")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, text
        finally:
            connection.close()

    def csrf_from(self, html: str) -> str:
        match = _CSRF.search(html)
        if not match:
            raise AssertionError("no CSRF token in the page")
        return unescape(match.group(1))

    def log_in(self, port: int, username: str) -> None:
        status, html = self.request(port, "GET", "/konto/log-ind/")
        form = {"csrfmiddlewaretoken": self.csrf_from(html), "username": username, "password": PASSWORD}
        status, html = self.request(port, "POST", "/konto/log-ind/", form)
        if status != 302:
            raise AssertionError(f"log-in of {username} answered {status}")


# ---------------------------------------------------------------- the rush


@dataclasses.dataclass
class Save:
    initiative: int
    expected_version: int
    comment: str


@dataclasses.dataclass
class Tally:
    latencies: list[float] = dataclasses.field(default_factory=list)  # seconds, every answered request
    saved: list[Save] = dataclasses.field(default_factory=list)  # answered with success
    conflicts: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)

    def merge(self, other: "Tally") -> None:
        self.latencies += other.latencies
        self.saved += other.saved
        self.conflicts += other.conflicts
        self.errors += other.errors


def _reporter(world: World, username: str, ports: list[int], times: tuple[float, float], tally: Tally, seed: int):
    """One reporter's thread: its requests' times go to the tally however it ends."""
    session = Session()
    try:
        _reporting(world, username, ports, times, tally, session, seed)
    finally:
        tally.latencies += session.latencies


def _reporting(world: World, username: str, ports: list[int], times, tally: Tally, session: "Session", seed: int):
    until, hard_limit = times  # monotonic clock
    rng = random.Random(seed)
    try:
        session.log_in(rng.choice(ports), username)
    except (OSError, AssertionError) as error:
        tally.errors.append(f"{username}: log-in: {error}")
        return
    sequence = 0
    # Until the time is up, and at least one save each (a starved machine still gets a rush),
    # but never past the hard limit.
    while time.monotonic() < until or (not sequence and time.monotonic() < hard_limit):
        initiative = rng.choice(world.reporters[username])
        path = f"/opfoelgning/runder/{world.open_round_pk}/indsatser/{initiative}/"
        try:
            status, html = session.request(rng.choice(ports), "GET", path)
            if status != 200:
                tally.errors.append(f"GET {path}: {status}")
                continue
            if sequence and time.monotonic() >= until:
                break
            version = int(_VERSION.search(html).group(1))
            sequence += 1
            comment = f"{username} #{sequence}"
            form = {
                "csrfmiddlewaretoken": session.csrf_from(html),
                "version": str(version),
                "effort": rng.choice(_EFFORT.findall(html)),
                "effort_comment": comment,
                "economy": "green",
                "draft": "1",
            }
            status, html = session.request(rng.choice(ports), "POST", path, form)
        except (OSError, AttributeError, AssertionError) as error:
            tally.errors.append(f"{path}: {type(error).__name__}: {error}")
            continue
        if status == 302:
            tally.saved.append(Save(initiative, version, comment))
        elif status == 409:
            tally.conflicts += 1
        else:
            locked = " (database is locked)" if "database is locked" in html else ""
            tally.errors.append(f"POST {path}: {status}{locked}")


def rush(world: World, ports: list[int], *, seconds: float, reporters: int | None = None) -> tuple[Tally, float]:
    """Every reporter (or the first `reporters`) saving for `seconds` across `ports`, each at
    least once (within 3 × `seconds`); (the tally, the elapsed time)."""
    names = list(world.reporters)[:reporters]
    now = time.monotonic()
    times = (now + seconds, now + 3 * seconds)
    tallies = [Tally() for _ in names]
    threads = [
        threading.Thread(target=_reporter, args=(world, name, ports, times, tally, number), daemon=True)
        for number, (name, tally) in enumerate(zip(names, tallies, strict=True))
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - started
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total, elapsed


def percentile_ms(latencies: list[float], q: float) -> float | None:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else None


def stored_ratings(database_url: str, round_pk: int) -> dict[int, tuple[int, str]]:
    """initiative id → (version, effort comment) of the round's ratings, read straight from
    the database (PostgreSQL or SQLite), not through the application."""
    query = "SELECT initiative_id, version, effort_comment FROM followup_rating WHERE round_id = "
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(urlsplit(database_url).path) as connection:
            rows = connection.execute(query + "?", (round_pk,)).fetchall()
    else:
        import psycopg

        with psycopg.connect(database_url) as connection:
            rows = connection.execute(query + "%s", (round_pk,)).fetchall()
    return {initiative: (version, comment) for initiative, version, comment in rows}


def lost_ratings(saved: list[Save], stored: dict[int, tuple[int, str]]) -> list[str]:
    """What contradicts "every success is kept, no save overwrote another silently": for each
    initiative, the successful saves must have started from the versions 0, 1, …, n-1 (two
    successes from the same version: one overwrote the other unseen), the stored version is n,
    and the stored comment is the one sent by the save from version n-1."""
    problems = []
    by_initiative: dict[int, list[Save]] = {}
    for save in saved:
        by_initiative.setdefault(save.initiative, []).append(save)
    for initiative, saves in by_initiative.items():
        versions = sorted(save.expected_version for save in saves)
        if versions != list(range(len(saves))):
            problems.append(f"initiative {initiative}: successful saves from versions {versions}")
            continue
        last = max(saves, key=lambda save: save.expected_version)
        version, comment = stored.get(initiative, (None, None))
        if (version, comment) != (len(saves), last.comment):
            problems.append(
                f"initiative {initiative}: stored version {version} {comment!r}, expected {len(saves)} {last.comment!r}"
            )
    return problems


def publish(port: int, world: World) -> int:
    """The administrator publishes the closed round on the instance at `port`; the answer's status."""
    session = Session()
    session.log_in(port, world.admin)
    path = f"/offentlig/administration/runder/{world.closed_round_pk}/offentliggoer/"
    status, html = session.request(port, "GET", path)
    if status != 200:
        return status
    status, _html = session.request(
        port, "POST", path, {"csrfmiddlewaretoken": session.csrf_from(html), "confirm": "on"}
    )
    return status


def unique_prefix(name: str) -> str:
    return f"milepael-{name}-{os.getpid()}-{secrets.token_hex(3)}"


if __name__ == "__main__" and sys.argv[1:2] == ["prepare"]:
    _prepare_main(int(sys.argv[2]))
