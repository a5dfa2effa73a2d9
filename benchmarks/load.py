"""Requests per second of the public plan page under a loopback load, against a bare Django
view ("ok") served by the same gunicorn with the same settings and worker count, and the
ratio, measured in this run.

    .venv/bin/python benchmarks/load.py [--seconds 10] [--workers 3] [--connections 8] [--factor 1]

Loads the seed plan (round 1 rated, closed and published) into a throwaway database,
starts gunicorn on 127.0.0.1 at a free port with benchmarks.load_settings (config.settings
with benchmarks.load_urls: the application's URLs plus the bare view), warms both URLs up,
then loads each for a fixed time with wrk (Debian package wrk) or, without it, a small
Python load generator (threads and http.client), and stops the server. Workers default to
WEB_CONCURRENCY or 3, as `make serve-prod`. Only 127.0.0.1. Prints numbers only.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BASE_DIR, bench_users, ratio, run_on_each_database, setup_django
from benchmarks.servers import HOST, free_port, get, wait_until_up


class Result:
    def __init__(self, rps: float, requests: int, errors: int, p50_ms: float | None, p99_ms: float | None):
        self.rps, self.requests, self.errors, self.p50_ms, self.p99_ms = rps, requests, errors, p50_ms, p99_ms


def _ms(text: str) -> float | None:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:  # wrk prints e.g. "-nan" when no request finished
        return None
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def load_with_wrk(wrk: str, url: str, seconds: int, connections: int) -> Result:
    output = subprocess.run(  # noqa: S603 - fixed arguments, loopback only
        [wrk, "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    p50 = re.search(r"^\s*50%\s+(\S+)", output, re.M)  # not the "95.50%" of the thread stats
    p99 = re.search(r"^\s*99%\s+(\S+)", output, re.M)
    return Result(rps, requests, errors, _ms(p50.group(1)) if p50 else None, _ms(p99.group(1)) if p99 else None)


def load_with_python(port: int, path: str, seconds: int, connections: int) -> Result:
    """`connections` threads, each requesting in a loop until the time is up."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                status, _body = get(port, path)
            except OSError:
                status = 0
            if status == 200:
                mine.append(time.perf_counter() - start)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(q: float) -> float | None:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else None

    return Result(len(latencies) / elapsed, len(latencies), errors[0], percentile(0.5), percentile(0.99))


def prepare_data(factor: int) -> int:
    from benchmarks.generate import publish_rated_round, scaled_plan
    from milepael.exchange.plan_import import import_plan

    plan = import_plan(scaled_plan(factor)).plan
    admin, _reader = bench_users()
    publish_rated_round(plan, admin)
    return plan.pk


def run(args: argparse.Namespace, database_url: str, label: str) -> None:
    setup_django(database_url)
    from django.db import connections

    plan_pk = prepare_data(args.factor)
    connections.close_all()

    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings"}
    env.pop("MILEPAEL_DEBUG", None)
    env["PYTHONWARNINGS"] = "ignore:No directory at:UserWarning"  # no collectstatic: no static files served
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--chdir",
        str(BASE_DIR),
        "--log-level",
        "warning",
    ]
    paths = {"bare Django view": "/benchmark/ok/", "public plan page": f"/offentlig/udmoentninger/{plan_pk}/"}
    wrk = shutil.which("wrk")
    results: dict[str, Result] = {}
    server = subprocess.Popen(command, env=env, cwd=BASE_DIR)  # noqa: S603 - our own server, loopback only
    try:
        wait_until_up(port, server, "/benchmark/ok/")
        for name, path in paths.items():
            for _ in range(3 * args.workers):  # every worker loads templates and URLs once
                status, body = get(port, path)
                assert status == 200, (name, status, body[:200])
        for name, path in paths.items():
            if wrk:
                results[name] = load_with_wrk(wrk, f"http://{HOST}:{port}{path}", args.seconds, args.connections)
            else:
                results[name] = load_with_python(port, path, args.seconds, args.connections)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    tool = "wrk (1 thread)" if wrk else "Python threads + http.client (wrk not installed: apt-get install wrk)"
    size = (
        "seed plan, 35 initiatives" if args.factor == 1 else f"{args.factor}x the seed, {35 * args.factor} initiatives"
    )
    print(f"Load, {label}: gunicorn, {args.workers} sync workers, 127.0.0.1; {tool},")
    print(f"{args.connections} connections, {args.seconds} s per URL; public page of the {size}")
    header = f"{'URL':<20}{'req/s':>10}{'requests':>10}{'errors':>8}{'p50':>11}{'p99':>11}"
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        p50 = f"{result.p50_ms:.1f} ms" if result.p50_ms is not None else "–"
        p99 = f"{result.p99_ms:.1f} ms" if result.p99_ms is not None else "–"
        print(f"{name:<20}{result.rps:>10.1f}{result.requests:>10}{result.errors:>8}{p50:>11}{p99:>11}")
    bare, page = results["bare Django view"], results["public plan page"]
    print(f"ratio bare view / public plan page: {ratio(bare.rps, page.rps)} (the page costs that many bare requests)")
    # The goal (issue 16): at least 50 % of the bare view, the public page served from the response cache.
    print(f"public plan page req/s as a share of the bare view's: {100 * page.rps / bare.rps:.0f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="load time per URL")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--factor", type=int, default=1, help="plan size as a multiple of the seed")
    run_on_each_database(parser, run)


if __name__ == "__main__":
    main()
