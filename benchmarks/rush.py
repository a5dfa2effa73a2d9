"""The deadline rush: 200 reporters saving ratings for 30 s across two gunicorn instances,
through the web as browsers do (log in, open the rating page, save with the form's CSRF token
and version); requests per second, p50, p99 (every request of the reporters, log-ins
included), saves, conflicts, errors, and saves lost (must be 0).

    .venv/bin/python benchmarks/rush.py [--reporters 200] [--seconds 30] [--workers 3]

On the throwaway SQLite file: ONE instance (the embedded mode is one machine and one process
group with a local-memory cache; a second instance would not share the cache, so it is not a
topology anyone runs). On PostgreSQL (BENCH_DATABASE_URL): TWO instances on one throwaway
database, sharing the cache at BENCH_CACHE_URL (redis://…, under a key prefix of its own,
deleted afterwards) — without it each instance keeps a local cache, and the output says so.
The reporters and the check that no save was lost are benchmarks/servers.py's, which the
two-servers test uses as well. Prints numbers only.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import run_on_each_database
from benchmarks.servers import (
    instances,
    lost_ratings,
    percentile_ms,
    prepare,
    rush,
    server_env,
    stored_ratings,
    unique_prefix,
)


def _delete_prefix(cache_url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(cache_url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def run(args: argparse.Namespace, database_url: str, label: str) -> None:
    postgres = label == "PostgreSQL"
    cache_url = os.environ.get("BENCH_CACHE_URL", "") if postgres else ""
    prefix = unique_prefix("rush")
    env = server_env(database_url, cache_url, prefix)
    count = 2 if postgres else 1
    world = prepare(database_url, args.reporters, env)
    try:
        with tempfile.TemporaryFile("w+") as log, instances(env, count, workers=args.workers, log=log) as ports:
            tally, elapsed = rush(world, ports, seconds=args.seconds)
    finally:
        if cache_url:
            _delete_prefix(cache_url, prefix)
    lost = lost_ratings(tally.saved, stored_ratings(database_url, world.open_round_pk))
    cache = "shared Redis cache" if cache_url else "local cache per instance (set BENCH_CACHE_URL=redis://…)"
    if not postgres:
        cache = "local cache (embedded mode: one instance)"
    print(f"Deadline rush, {label}: {count} gunicorn instance(s) × {args.workers} sync workers, {cache};")
    print(f"{args.reporters} reporters (threads, own sessions) for {args.seconds} s, 127.0.0.1")
    header = f"{'req/s':>8}{'requests':>10}{'saves':>8}{'conflicts':>11}{'errors':>8}{'lost':>6}{'p50':>11}{'p99':>11}"
    print(header)
    print("-" * len(header))
    p50, p99 = percentile_ms(tally.latencies, 0.5), percentile_ms(tally.latencies, 0.99)
    print(
        f"{len(tally.latencies) / elapsed:>8.1f}{len(tally.latencies):>10}{len(tally.saved):>8}{tally.conflicts:>11}"
        f"{len(tally.errors):>8}{len(lost):>6}"
        f"{(f'{p50:.0f} ms' if p50 is not None else '–'):>11}{(f'{p99:.0f} ms' if p99 is not None else '–'):>11}"
    )
    for error in sorted(set(tally.errors))[:5]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reporters", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    run_on_each_database(parser, run)


if __name__ == "__main__":
    main()
