"""A session ends after MILEPAEL_SESSION_SECONDS without activity; using it renews the timeout,
but at most once a minute, so a page view within the minute writes nothing."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from milepael.core import middleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The refresh's clock and Django's, moved together."""
    start = timezone.now()
    state = {"offset": 0.0}

    def now():
        return start + datetime.timedelta(seconds=state["offset"])

    monkeypatch.setattr(middleware, "now_seconds", lambda: now().timestamp())
    monkeypatch.setattr("django.contrib.sessions.backends.db.timezone.now", now)
    monkeypatch.setattr("django.contrib.sessions.backends.base.timezone.now", now)

    def advance(seconds: float) -> None:
        state["offset"] += seconds

    return advance


def session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]


def expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_view_within_the_minute_writes_nothing_to_the_session(reader_client, clock):
    home = reverse("plans:home")
    with CaptureQueriesContext(connection) as queries:
        reader_client.get(home)  # logging in has just renewed it
    assert session_writes(queries.captured_queries) == []
    clock(30)
    with CaptureQueriesContext(connection) as queries:
        assert reader_client.get(home).status_code == 200
    assert session_writes(queries.captured_queries) == []


def test_use_after_a_minute_renews_the_timeout(reader_client, clock):
    home = reverse("plans:home")
    reader_client.get(home)
    before = expiry(reader_client)
    clock(61)
    with CaptureQueriesContext(connection) as queries:
        reader_client.get(home)
    assert len(session_writes(queries.captured_queries)) == 1
    assert expiry(reader_client) - before >= datetime.timedelta(seconds=61)


def test_an_idle_session_still_expires(reader_client, clock):
    home = reverse("plans:home")
    assert reader_client.get(home).status_code == 200
    clock(settings.SESSION_COOKIE_AGE - 120)
    assert reader_client.get(home).status_code == 200  # still in, and renewed
    clock(settings.SESSION_COOKIE_AGE + 1)  # then idle for longer than the timeout
    response = reader_client.get(home)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_logging_out_ends_the_session_on_the_server(reader_client):
    reader_client.get(reverse("plans:home"))
    key = reader_client.session.session_key
    reader_client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_public_pages_open_no_session(client):
    client.get("/offentlig/")
    assert Session.objects.count() == 0
