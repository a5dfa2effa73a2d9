"""The public plan page's p50 and p99 alone, then while N readers download reports in
parallel through the web (the renders queued to `manage.py db_worker`, as in production),
and the ratio, measured in this run.

    .venv/bin/python benchmarks/report_load.py [--factor 10] [--readers 4] [--seconds 10]

Loads the seed plan at `factor` times its size (round 1 rated and published) into a throwaway
database, starts gunicorn (WEB_CONCURRENCY or 3 sync workers) and one db_worker with the
production settings (benchmarks.servers_settings), then loads the public plan page from
`--connections` threads for `--seconds`: first alone, then while each reader, logged in with
its own session, again and again asks for the follow-up report as Word, PDF or Excel, follows
the job's page until the file is ready and downloads it. Only 127.0.0.1. Prints numbers only.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ratio, run_on_each_database, setup_django
from benchmarks.load import load_with_python
from benchmarks.servers import PASSWORD, SETTINGS, Session, instances, server_env

FORMATS = ("docx", "pdf", "xlsx")


def prepare_data(factor: int, readers: int) -> int:
    from django.contrib.auth import get_user_model

    from benchmarks.common import bench_users
    from benchmarks.generate import publish_rated_round, scaled_plan
    from milepael.exchange.plan_import import import_plan
    from milepael.organisation.models import Profile

    plan = import_plan(scaled_plan(factor)).plan
    admin, _reader = bench_users()
    publish_rated_round(plan, admin)
    for number in range(readers):
        user = get_user_model().objects.create_user(f"report-reader-{number}", password=PASSWORD)
        Profile.objects.create(user=user, role=Profile.Role.READER)
    return plan.pk


class Downloads:
    def __init__(self):
        self.files = 0
        self.refused = 0  # 429: the reader's concurrency limit
        self.unfinished = 0  # still queued or rendering when the reader stopped waiting
        self.errors: list[str] = []
        self.lock = threading.Lock()


def _download_reports(port: int, number: int, plan_pk: int, until: float, downloads: Downloads) -> None:
    """One reader: report after report, each followed through its job page to the file."""
    session = Session()
    session.log_in(port, f"report-reader-{number}")
    turn = number
    while time.monotonic() < until:
        path = f"/rapporter/udmoentninger/{plan_pk}/opfoelgning-1.{FORMATS[turn % len(FORMATS)]}"
        turn += 1
        status, _body = session.request(port, "GET", path)
        location = session.last_location
        while status == 302 and location and time.monotonic() < until + 60:
            time.sleep(0.5)  # as the progress page polls
            status, _body = session.request(port, "GET", location.rstrip("/") + "/hent/")
            if status == 302:
                location = session.last_location.removesuffix("hent/")
        with downloads.lock:
            if status == 200:
                downloads.files += 1
            elif status == 429:
                downloads.refused += 1
            elif status == 302:
                downloads.unfinished += 1
            else:
                downloads.errors.append(f"{path}: {status}")


def run(args: argparse.Namespace, database_url: str, label: str) -> None:
    setup_django(database_url, SETTINGS)
    from django.db import connections

    plan_pk = prepare_data(args.factor, args.readers)
    connections.close_all()
    page = f"/offentlig/udmoentninger/{plan_pk}/"
    with (
        tempfile.TemporaryFile("w+") as log,
        instances(server_env(database_url), 1, workers=args.workers, db_worker=True, log=log) as (port,),
    ):
        for _ in range(3 * args.workers):
            Session().request(port, "GET", page)
        alone = load_with_python(port, page, args.seconds, args.connections)
        downloads = Downloads()
        until = time.monotonic() + args.seconds
        readers = [
            threading.Thread(target=_download_reports, args=(port, number, plan_pk, until, downloads), daemon=True)
            for number in range(args.readers)
        ]
        for reader in readers:
            reader.start()
        time.sleep(1)  # the first renders are under way
        loaded = load_with_python(port, page, args.seconds - 1, args.connections)
        for reader in readers:
            reader.join(timeout=180)

    print(f"Public plan page under report downloads, {label}: gunicorn, {args.workers} sync workers + 1 db_worker;")
    print(f"{args.factor * 35} initiatives; {args.connections} connections on the page, {args.seconds} s each;")
    print(f"{args.readers} readers downloading the follow-up report (Word, PDF, Excel) through the job queue")
    header = f"{'public plan page':<26}{'req/s':>8}{'errors':>8}{'p50':>11}{'p99':>11}"
    print(header)
    print("-" * len(header))
    for name, result in (("alone", alone), ("while reports download", loaded)):
        p50 = f"{result.p50_ms:.0f} ms" if result.p50_ms is not None else "–"
        p99 = f"{result.p99_ms:.0f} ms" if result.p99_ms is not None else "–"
        print(f"{name:<26}{result.rps:>8.1f}{result.errors:>8}{p50:>11}{p99:>11}")
    print(
        f"reports downloaded: {downloads.files}, still in the queue after 60 s more: {downloads.unfinished}, "
        f"refused (429): {downloads.refused}, errors: {len(downloads.errors)}"
    )
    for error in sorted(set(downloads.errors))[:5]:
        print(f"  error: {error}")
    if alone.p50_ms and loaded.p50_ms:
        print(f"ratio p50 under load / alone: {ratio(loaded.p50_ms, alone.p50_ms)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10, help="plan size as a multiple of the seed")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    run_on_each_database(parser, run)


if __name__ == "__main__":
    main()
