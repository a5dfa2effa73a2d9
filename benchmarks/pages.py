"""Server time, SQL queries and first response size of the plan page, the smiley matrix, the
overview (of a plan and of an agreement), the public plan page, a reader's start page and the
worklist of the reporter whose department has the most initiatives (round 2 open)
at the seed's size (35 initiatives) and at 100 times it (3,500), with the ratio, measured in
this run.

    .venv/bin/python benchmarks/pages.py [--repeat 15] [--repeat-large 5] [--factor 100]

For each size the database starts empty; the plan is imported through the plan importer
(benchmarks/generate.py makes the large one) and round 1 is rated, closed and published.
Each page is requested through django.test.Client with the full middleware stack: the
internal pages as a logged-in reader, the public page anonymously. One warm-up request,
one request with a cold cache under CaptureQueriesContext for the query count, then the
median of N timed requests with the cache warm (internal pages: their fragments; the public
page: its whole response) and N with it cold (the data version bumped before each, as after
any write). A throwaway SQLite file, and a throwaway PostgreSQL database when
BENCH_DATABASE_URL is set. Prints numbers only; never a pass/fail test.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import bench_users, empty_database, median_ms, ratio, run_on_each_database, setup_django

PAGES = ("plan page", "smiley matrix", "overview", "agreement overview", "public plan page", "reader start page")
PAGES += ("worklist",)
# Every page is cached by the data version: measured warm, and a second time with a cold cache
# (the data version bumped before every request, as any write does).
CACHED = PAGES  # the public plan page: its whole response (the response cache), the others their fragments


def _fragment_urls(page: str, plan, last_number: str) -> list[str]:
    """Where the last initiative is when `page` folds its themes: its theme's fragment."""
    from django.urls import NoReverseMatch, reverse

    from milepael.plans.models import Initiative

    theme = Initiative.objects.get(plan=plan, number=last_number).theme
    names = {
        "plan page": "followup:plan_theme",
        "smiley matrix": "followup:plan_smileys_theme",
        "public plan page": "public:theme_rows",
    }
    if page not in names:
        return []
    try:
        return [reverse(names[page], args=[plan.pk, theme.number])]
    except NoReverseMatch:  # before themes were folded
        return []


def _check_last_initiative(page: str, client, plan, last_number: str, content: bytes) -> None:
    if page in ("overview", "agreement overview", "reader start page", "worklist") or last_number.encode() in content:
        return
    for url in _fragment_urls(page, plan, last_number):
        fragment = client.get(url, headers={"HX-Request": "true"})
        assert fragment.status_code == 200, (page, url, fragment.status_code)
        if last_number.encode() in fragment.content:
            return
    raise AssertionError(f"{page}: initiative {last_number} neither on the page nor in its theme's fragment")


def _timed(client, url: str, repeat: int, before=None) -> tuple[float, float]:
    """(median wall-clock ms, median CPU ms of this process) of `repeat` requests. The CPU
    time hardly moves when other work shares the machine; on SQLite it is all the work."""
    times, cpu = [], []
    for _ in range(repeat):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return median_ms(times), median_ms(cpu)


def measure(factor: int, repeat: int) -> dict[str, tuple]:
    """{page: ((median ms, CPU ms) warm, queries, first response bytes, (median ms, CPU ms)
    with a cold cache or None)} for a plan `factor` times the seed."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from benchmarks.generate import publish_rated_round, scaled_plan
    from milepael.core import dataversion
    from milepael.exchange.plan_import import import_plan
    from milepael.followup import services as followup
    from milepael.organisation.models import Department, Profile
    from milepael.plans.models import FollowUpRound

    parsed = scaled_plan(factor)
    plan = import_plan(parsed).plan
    admin, reader = bench_users()
    publish_rated_round(plan, admin)
    last_number = parsed.initiatives[-1].number
    # Round 2 open, and a reporter of the department with the most initiatives (its worklist).
    second = FollowUpRound.objects.get(agreement_id=plan.agreement_id, ordinal=2)
    followup.open_round(second, user=admin, deadline=datetime.date(plan.agreement.budget_year, 9, 15))
    department = Department.objects.annotate(count=Count("initiatives")).order_by("-count").first()
    reporter = get_user_model().objects.create_user("bench-reporter")
    Profile.objects.create(user=reporter, role=Profile.Role.REPORTER).departments.add(department)
    reporting = Client()
    reporting.force_login(reporter, backend="django.contrib.auth.backends.ModelBackend")

    internal = Client()
    internal.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    anonymous = Client()
    urls = {
        "plan page": (internal, reverse("followup:plan", args=[plan.pk])),
        "smiley matrix": (internal, reverse("followup:plan_smileys", args=[plan.pk])),
        "overview": (internal, reverse("followup:overview", args=[plan.pk])),
        "agreement overview": (internal, reverse("followup:agreement", args=[plan.agreement_id])),
        "public plan page": (anonymous, reverse("public:plan", args=[plan.pk])),
        "reader start page": (internal, reverse("start:home")),
        "worklist": (reporting, reverse("followup:worklist", args=[second.pk])),
    }
    results = {}
    for page, (client, url) in urls.items():
        response = client.get(url)  # warm-up: templates, translations, caches
        assert response.status_code == 200, (page, response.status_code)
        _check_last_initiative(page, client, plan, last_number, response.content)
        dataversion.bump()  # queries of a page rendered afresh (a cache hit needs none or a few)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # Now: the next request's request_started signal empties the connection's query log.
        query_count = len(queries)
        warm = _timed(client, url, repeat)
        cold = _timed(client, url, repeat, dataversion.bump) if page in CACHED else None
        results[page] = (warm, query_count, len(response.content), cold)
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
        f"{args.repeat_large} at {x} ({35 * args.factor} initiatives); queries per request rendered afresh (incl. session);"
    )
    print("CPU: median CPU time of this process; size of the first response; »cold«: the data version bumped")
    print("before each request (as after any write)")
    header = (
        f"{'page':<20}{'1x':>11}{x:>12}{'ratio':>9}{'CPU 1x':>11}{'CPU ' + x:>12}{'queries':>9}"
        f"{'first 1x':>10}{'first ' + x:>11}{'cold 1x':>11}{'cold ' + x:>12}{'cold CPU 1x':>13}{'cold CPU ' + x:>15}"
    )
    print(header)
    print("-" * len(header))
    for page in PAGES:
        ((t1, u1), q1, b1, c1), ((t100, u100), q100, b100, c100) = small[page], large[page]
        cold = f"{c1[0]:>8.1f} ms{c100[0]:>9.1f} ms{c1[1]:>10.1f} ms{c100[1]:>12.1f} ms" if c1 and c100 else ""
        print(
            f"{page:<20}{t1:>8.1f} ms{t100:>9.1f} ms{ratio(t100, t1):>9}{u1:>8.1f} ms{u100:>9.1f} ms"
            f"{f'{q1}/{q100}':>9}{b1 / 1024:>7.0f} kB{b100 / 1024:>8.0f} kB{cold}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page at the seed's size")
    parser.add_argument("--repeat-large", type=int, default=5, help="timed requests per page at the large size")
    parser.add_argument("--factor", type=int, default=100)
    run_on_each_database(parser, run)


if __name__ == "__main__":
    main()
