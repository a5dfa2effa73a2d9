"""Server time and SQL queries of the plan page, the smiley matrix and the public plan page
at the seed's size (35 initiatives) and at 100 times it (3,500), with the ratio, measured in
this run.

    .venv/bin/python benchmarks/pages.py [--repeat 15] [--repeat-large 5] [--factor 100]

For each size the database starts empty; the plan is imported through the plan importer
(benchmarks/generate.py makes the large one) and round 1 is rated, closed and published.
Each page is requested through django.test.Client with the full middleware stack: the
internal pages as a logged-in reader, the public page anonymously. One warm-up request,
one request under CaptureQueriesContext for the query count, then the median of N timed
requests. A throwaway SQLite file, and a throwaway PostgreSQL database when
BENCH_DATABASE_URL is set. Prints numbers only; never a pass/fail test.
"""

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import bench_users, empty_database, median_ms, ratio, run_on_each_database, setup_django

PAGES = ("plan page", "smiley matrix", "public plan page", "public, cached")
# The public plan page is timed rendering (the response cache emptied before each request)
# and as the anonymous visitors mostly get it: from the response cache, keyed by the data version.
UNCACHED = {"public plan page"}


def measure(factor: int, repeat: int) -> dict[str, tuple[float, int, int]]:
    """{page: (median milliseconds, queries, response bytes)} for a plan `factor` times the seed."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from benchmarks.generate import publish_rated_round, scaled_plan
    from milepael.exchange.plan_import import import_plan

    parsed = scaled_plan(factor)
    plan = import_plan(parsed).plan
    admin, reader = bench_users()
    publish_rated_round(plan, admin)
    last_number = parsed.initiatives[-1].number

    internal = Client()
    internal.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    anonymous = Client()
    urls = {
        "plan page": (internal, reverse("followup:plan", args=[plan.pk])),
        "smiley matrix": (internal, reverse("followup:plan_smileys", args=[plan.pk])),
        "public plan page": (anonymous, reverse("public:plan", args=[plan.pk])),
        "public, cached": (anonymous, reverse("public:plan", args=[plan.pk])),
    }
    # A large public plan page is folded: the last initiative is in its theme's rows.
    last_theme_rows = reverse("public:theme_rows", args=[plan.pk, parsed.themes[-1].number])
    results = {}
    for page, (client, url) in urls.items():
        response = client.get(url)  # warm-up: templates, translations, caches
        assert response.status_code == 200, (page, response.status_code)
        shown = response.content
        if page.startswith("public") and b'class="mp-theme-fold"' in shown:
            shown = client.get(last_theme_rows).content
        assert last_number.encode() in shown, f"{page}: initiative {last_number} missing"
        if page in UNCACHED:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # Now: the next request's request_started signal empties the connection's query log.
        query_count = len(queries)
        times = []
        for _ in range(repeat):
            if page in UNCACHED:
                cache.clear()
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        results[page] = (median_ms(times), query_count, len(response.content))
    return results


def run(args: argparse.Namespace, database_url: str, label: str) -> None:
    setup_django(database_url)
    small = measure(1, args.repeat)
    empty_database()
    large = measure(args.factor, args.repeat_large)
    empty_database()

    x = f"{args.factor}x"
    print(f"Pages, {label}: median server time of {args.repeat} requests at 1x (35 initiatives),")
    print(
        f"{args.repeat_large} at {x} ({35 * args.factor} initiatives); queries per request (incl. session and access log)"
    )
    header = f"{'page':<18}{'1x':>11}{x:>12}{'ratio':>9}{'queries 1x':>12}{'queries ' + x:>14}{'HTML 1x':>10}{'HTML ' + x:>11}"
    print(header)
    print("-" * len(header))
    for page in PAGES:
        (t1, q1, b1), (t100, q100, b100) = small[page], large[page]
        print(
            f"{page:<18}{t1:>8.1f} ms{t100:>9.1f} ms{ratio(t100, t1):>9}{q1:>12}{q100:>14}"
            f"{b1 / 1024:>7.0f} kB{b100 / 1024:>8.0f} kB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page at the seed's size")
    parser.add_argument("--repeat-large", type=int, default=5, help="timed requests per page at the large size")
    parser.add_argument("--factor", type=int, default=100)
    run_on_each_database(parser, run)


if __name__ == "__main__":
    main()
