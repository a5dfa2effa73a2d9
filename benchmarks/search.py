"""Search time at the seed's size (35 initiatives) and at 100 times it (3,500): the search
service alone and the whole /soeg/ page, with the queries per request, measured in this run.
Goal: under 100 ms at 100x.

    .venv/bin/python benchmarks/search.py [--repeat 15] [--repeat-large 5] [--factor 100]

For each size the database starts empty; the plan is imported through the plan importer
(benchmarks/generate.py), round 1 is rated (comments), closed and published, and the index
is rebuilt (`rebuild_search_index`; its time is printed too). Each query is searched as a
logged-in reader: one warm-up, one request under CaptureQueriesContext, then the median of N
timed ones. A throwaway SQLite file (FTS5), and a throwaway PostgreSQL database (danish text
search) when BENCH_DATABASE_URL is set. Prints numbers only; never a pass/fail test.
"""

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import bench_users, empty_database, median_ms, ratio, run_on_each_database, setup_django

# (label, query, filters): a rare word, a stemmed one, a very common one, and one filtered.
QUERIES = (
    ("skole", "skole", {}),
    ("analyser", "analyser", {}),
    ("økonomi (common)", "økonomi", {}),
    ("skole + smiley", "skole", {"smiley": "green"}),
)


def _timed(call, repeat: int) -> float:
    call()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return median_ms(times)


def measure(factor: int, repeat: int) -> dict[str, tuple[float, float, int, int]]:
    """{query: (service ms, page ms, queries per page, hits)}; key "rebuild": its ms."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from benchmarks.generate import publish_rated_round, scaled_plan
    from milepael.exchange.plan_import import import_plan
    from milepael.search import indexing
    from milepael.search.services import Filters, search

    plan = import_plan(scaled_plan(factor)).plan
    admin, reader = bench_users()
    publish_rated_round(plan, admin)
    start = time.perf_counter()
    indexing.rebuild()
    results = {"rebuild": ((time.perf_counter() - start) * 1000, 0.0, 0, 0)}

    client = Client()
    client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    for label, query, filters in QUERIES:
        page = search(query, Filters(**filters), reader)
        service_ms = _timed(lambda q=query, f=filters: list(search(q, Filters(**f), reader).object_list), repeat)
        url = reverse("search:search")
        params = {"q": query, **filters}
        page_ms = _timed(lambda u=url, p=params: client.get(u, p), repeat)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        results[label] = (service_ms, page_ms, len(queries), page.paginator.count)
    return results


def run(args: argparse.Namespace, database_url: str, label: str) -> None:
    setup_django(database_url)
    small = measure(1, args.repeat)
    empty_database()
    large = measure(args.factor, args.repeat_large)
    empty_database()

    x = f"{args.factor}x"
    print(f"Search, {label}: median of {args.repeat} searches at 1x (35 initiatives), {args.repeat_large} at {x}")
    print(f"(goal: the page under 100 ms at {x}); index rebuilt in {small['rebuild'][0]:.0f} ms at 1x, ", end="")
    print(f"{large['rebuild'][0]:.0f} ms at {x}")
    header = (
        f"{'query':<18}{'service 1x':>12}{'service ' + x:>14}{'page 1x':>10}{'page ' + x:>11}{'ratio':>8}"
        f"{'queries':>9}{'hits 1x':>9}{'hits ' + x:>10}"
    )
    print(header)
    print("-" * len(header))
    for label_, _query, _filters in QUERIES:
        (s1, p1, q1, h1), (s100, p100, q100, h100) = small[label_], large[label_]
        queries = f"{q1}/{q100}"
        print(
            f"{label_:<18}{s1:>9.1f} ms{s100:>11.1f} ms{p1:>7.1f} ms{p100:>8.1f} ms{ratio(p100, p1):>8}"
            f"{queries:>9}{h1:>9}{h100:>10}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed searches per query at the seed's size")
    parser.add_argument("--repeat-large", type=int, default=5, help="timed searches per query at the large size")
    parser.add_argument("--factor", type=int, default=100)
    run_on_each_database(parser, run)


if __name__ == "__main__":
    main()
