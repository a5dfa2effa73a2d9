"""The production topology, for real: two gunicorn instances on loopback with the same
settings against ONE PostgreSQL database and ONE Redis database (the shared cache, under a
key prefix of its own), 50 reporters saving ratings through both at once for ten seconds.

Nothing is lost and nothing is overwritten unseen: every save answered with success is in the
database as sent, in the order of the versions it was based on, and every other save of the
same version was told of the conflict. And the cache really is shared: a round published on
instance A shows on the public plan page of instance B at once, although B has just cached
that page.

Runs when PostgreSQL (the server of DATABASE_URL, or 127.0.0.1:5432) and Redis
(MILEPAEL_TEST_REDIS_URL, default redis://127.0.0.1:6379/4) answer; skips and says which is
missing otherwise. The database is a throwaway one, dropped afterwards, and the Redis keys
under the prefix are deleted. The servers' log is printed when the test fails.
"""

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

import pytest

from benchmarks.common import throwaway_postgres
from benchmarks.servers import (
    get,
    instances,
    lost_ratings,
    prepare,
    publish,
    rush,
    server_env,
    stored_ratings,
    unique_prefix,
)

REPORTERS = 50
SECONDS = 10


def _postgres_server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _redis_url() -> str:
    return os.environ.get("MILEPAEL_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


@pytest.fixture
def services_reachable():
    import psycopg
    import redis

    server = _postgres_server()
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.Error as error:
        pytest.skip(f"needs a PostgreSQL server at {urlsplit(server).netloc}: {error}")
    client = redis.Redis.from_url(_redis_url(), socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {_redis_url()} (MILEPAEL_TEST_REDIS_URL): {error}")
    yield server, client
    client.close()


@pytest.fixture
def shared_cache(services_reachable):
    """The Redis URL and a key prefix no one else uses; its keys deleted afterwards."""
    _server, client = services_reachable
    prefix = unique_prefix("two-servers")
    yield _redis_url(), prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def _scenario(database_url: str, env: dict[str, str], log):
    """Build the world while the two instances boot, rush, then publish on A and read on B:
    (the world, the tally of the rush, the public plan page on B before and after)."""
    with ThreadPoolExecutor(1) as pool:
        building = pool.submit(prepare, database_url, REPORTERS, env)
        with instances(env, 2, workers=2, log=log) as (port_a, port_b):
            world = building.result()
            tally, _elapsed = rush(world, [port_a, port_b], seconds=SECONDS)
            public_page = f"/offentlig/udmoentninger/{world.plan_pk}/"
            for _ in range(2):  # B renders the page, then serves it from the shared cache
                before = get(port_b, public_page)
            assert publish(port_a, world) == 302
            after = get(port_b, public_page)
    return world, tally, before, after


def test_two_instances_one_database_one_cache(services_reachable, shared_cache):
    server, _client = services_reachable
    with throwaway_postgres(server, prefix="milepael_scale") as database_url, tempfile.TemporaryFile("w+") as log:
        env = server_env(database_url, *shared_cache)
        try:
            world, tally, before, after = _scenario(database_url, env, log)
        except BaseException:
            log.seek(0)
            print(log.read()[-20000:])  # the servers' own account of what went wrong
            raise
        stored = stored_ratings(database_url, world.open_round_pk)
        log.seek(0)
        server_log = log.read()[-20000:]

    assert tally.errors == [], server_log  # with the servers' own account of what went wrong
    print(f"{len(tally.saved)} saves, {tally.conflicts} conflicts, {len(tally.latencies)} requests")
    # Enough happened for the assertions to mean something: saves on many initiatives, and
    # reporters of one department meeting on the same version.
    assert len({save.initiative for save in tally.saved}) >= 10
    assert tally.conflicts > 0
    assert lost_ratings(tally.saved, stored) == []
    # The published round was not on B's cached page, and is the moment A has published it.
    assert before[0] == 200
    assert world.closed_round_name not in before[1].decode()
    assert after[0] == 200
    assert world.closed_round_name in after[1].decode()
