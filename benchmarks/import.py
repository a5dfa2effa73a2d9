"""Time to import the seed plan and a plan 100 times its size through the plan importer,
and to import the same plan again (an idempotent no-op), with the cost per initiative and
the ratio 100× / 1×, measured in this run.

    .venv/bin/python benchmarks/import.py [--repeat 5] [--repeat-large 1] [--factor 100] [--no-waits]

Each first import starts from an empty database (every table flushed); the re-import
follows it on the same data. Times are of `import_plan` on an already parsed plan (parsing
the seed text is timed on its own line), so both sizes do the same work per row. SQL
statements are counted with a cheap execute wrapper. A throwaway SQLite file, and a
throwaway PostgreSQL database when BENCH_DATABASE_URL is set. Prints numbers only.

Then the wait of other users during a large import: while the plan is imported into an
empty database (its search indexing included), another thread saves a session every 10 ms
(the smallest write a page view makes) and records how long each save took; the longest
and the 99th percentile are what a user would notice, and "errors" are saves that failed
("database is locked").
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import SEED, empty_database, ratio, run_on_each_database, setup_django


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_import(parsed, expect_noop: bool) -> tuple[float, int]:
    from django.db import connection

    from milepael.exchange.plan_import import import_plan

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        report = import_plan(parsed)
        seconds = time.perf_counter() - start
    if expect_noop:
        assert report.created == report.changed == report.removed == 0, report.summary()
    else:
        assert report.created > 0, report.summary()
    return seconds, counter.count


def concurrent_waits(parsed) -> tuple[list[float], int, float]:
    """(the waits of another thread's session saves, their errors, the import's time) while
    `parsed` is imported into an empty database."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import DatabaseError, connection

    from milepael.exchange.plan_import import import_plan

    empty_database()
    stop = threading.Event()
    waits: list[float] = []
    errors = [0]

    def saver() -> None:
        try:
            while not stop.is_set():
                start = time.perf_counter()
                try:
                    session = SessionStore()
                    session["seen"] = start
                    session.save()
                except DatabaseError:
                    errors[0] += 1
                waits.append(time.perf_counter() - start)
                time.sleep(0.01)
        finally:
            connection.close()

    thread = threading.Thread(target=saver)
    thread.start()
    time.sleep(0.3)  # saving before the import starts
    start = time.perf_counter()
    import_plan(parsed)
    seconds = time.perf_counter() - start
    stop.set()
    thread.join()
    return waits, errors[0], seconds


def print_waits(parsed, label: str, factor: int) -> None:
    waits, errors, seconds = concurrent_waits(parsed)
    ordered = sorted(waits)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"concurrent session saves during a {factor}x import ({seconds:.2f}s), {label}: {len(waits)} saves, "
        f"longest wait {max(waits) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"median {statistics.median(waits) * 1000:.1f} ms, errors {errors}"
    )


def run(args: argparse.Namespace, database_url: str, label: str) -> None:
    setup_django(database_url)
    from benchmarks.generate import scaled_plan
    from milepael.exchange.seed_plan import read_plan_text

    parse_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        read_plan_text(SEED.read_bytes())
        parse_times.append(time.perf_counter() - start)

    rows = []
    for factor, repeat in ((1, args.repeat), (args.factor, args.repeat_large)):
        parsed = scaled_plan(factor)
        first, again, queries = [], [], []
        for _ in range(repeat):
            empty_database()
            seconds, count = timed_import(parsed, expect_noop=False)
            first.append(seconds)
            seconds, count_again = timed_import(parsed, expect_noop=True)
            again.append(seconds)
            queries = [count, count_again]
        rows.append((factor, len(parsed.initiatives), statistics.median(first), statistics.median(again), queries))
    empty_database()

    print(f"Plan import, {label} (median of {args.repeat} at 1x, {args.repeat_large} at {args.factor}x)")
    print(f"parse seed text (35 initiatives): {statistics.median(parse_times) * 1000:8.1f} ms")
    header = (
        f"{'plan':<22}{'import':>10}{'per init.':>11}{'queries':>9}{'re-import':>11}{'per init.':>11}{'queries':>9}"
    )
    print(header)
    print("-" * len(header))
    for factor, count, first, again, (q_first, q_again) in rows:
        name = f"{factor}x ({count} initiatives)"
        print(
            f"{name:<22}{first:>9.2f}s{first / count * 1000:>9.2f}ms{q_first:>9}"
            f"{again:>10.2f}s{again / count * 1000:>9.2f}ms{q_again:>9}"
        )
    (_, small_n, small_first, small_again, _), (_, large_n, large_first, large_again, _) = rows
    print(
        f"ratio {args.factor}x / 1x: import {ratio(large_first, small_first)}, re-import {ratio(large_again, small_again)}"
        f" (linear would be {large_n / small_n:.0f}x)"
    )
    if not args.no_waits:
        print_waits(scaled_plan(args.factor), label, args.factor)
        empty_database()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="imports of the seed (median)")
    parser.add_argument("--repeat-large", type=int, default=1, help="imports of the large plan (median)")
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--no-waits", action="store_true", help="skip the concurrent writer during an import")
    run_on_each_database(parser, run)


if __name__ == "__main__":
    main()
