"""Brute force against the login behind the municipality's TLS proxy (ASVS 2.2.1, 6.1.1).

The penetration test found the lockout keyed on user name + REMOTE_ADDR, which behind the
proxy is the proxy's address for everyone: anyone could lock any account. Now:

- the client's address is the N-th from the right of X-Forwarded-For with
  MILEPAEL_TRUSTED_PROXIES=N, and REMOTE_ADDR with 0 (the header is then ignored);
- the lockout is per user name *and* address, so a stranger locks only himself out;
- per user name alone there is a rising delay instead ("prøv igen om N sekunder", doubling,
  capped), which an address the account has logged in from before does not get.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from milepael.audit import buffer
from milepael.audit.models import AccessLogEntry
from milepael.core.clientip import client_ip
from milepael.organisation import login as login_rules
from tests.security.tally import attempt

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-hest-batteri-hæfteklamme"
PROXY = "10.0.0.1"
OWNER = "198.51.100.5"
ATTACKER = "203.0.113.66"


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("offer", password=PASSWORD)


@pytest.fixture
def behind_one_proxy(settings):
    settings.MILEPAEL_TRUSTED_PROXIES = 1


def post_login(client, password, *, remote=PROXY, forwarded=None, username="offer"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- The client's address -------------------------------------------------------------------


@pytest.mark.parametrize(
    "proxies,remote,forwarded,expected",
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy: the header is anyone's to forge
        (1, PROXY, "203.0.113.9", "203.0.113.9"),
        (1, PROXY, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # a forged left part is ignored
        (2, PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, PROXY, "203.0.113.9", PROXY),  # fewer hops than proxies: not through our proxies
        (1, PROXY, "", PROXY),
        (1, PROXY, "ikke-en-adresse", PROXY),
        (1, PROXY, "2001:db8::7", "2001:db8::7"),
        (1, PROXY, "203.0.113.9:51234", "203.0.113.9"),  # some proxies add the port
    ],
)
def test_the_client_address_is_the_nth_from_the_right(settings, proxies, remote, forwarded, expected):
    settings.MILEPAEL_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert attempt(client_ip(request) == expected), (proxies, forwarded)


def test_axes_uses_the_same_client_address():
    assert settings.AXES_CLIENT_IP_CALLABLE == "milepael.core.clientip.client_ip"


# --- The lockout per user name and address --------------------------------------------------


def test_without_a_trusted_proxy_a_forged_header_neither_dodges_nor_resets_the_lockout(client, owner):
    for number in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "forkert", remote=ATTACKER, forwarded=f"192.0.2.{number}")
    response = post_login(client, PASSWORD, remote=ATTACKER, forwarded="192.0.2.200")
    assert attempt(response.status_code == 429 and not logged_in(client))


def test_behind_the_proxy_a_stranger_cannot_lock_the_owner_out(behind_one_proxy, client, owner):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        post_login(client, "forkert", forwarded=ATTACKER)
    assert attempt(post_login(client, PASSWORD, forwarded=ATTACKER).status_code == 429)  # he is locked out
    owner_client = Client()
    response = post_login(owner_client, PASSWORD, forwarded=OWNER)
    assert attempt(response.status_code == 302 and logged_in(owner_client))


def test_behind_the_proxy_a_forged_left_part_does_not_dodge_the_lockout(behind_one_proxy, client, owner):
    for number in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "forkert", forwarded=f"192.0.2.{number}, {ATTACKER}")
    response = post_login(client, PASSWORD, forwarded=f"192.0.2.99, {ATTACKER}")
    assert attempt(response.status_code == 429 and not logged_in(client))


def test_the_access_log_records_the_client_address_not_the_proxys(behind_one_proxy, client, owner):
    post_login(client, "forkert", forwarded=f"192.0.2.1, {ATTACKER}")
    buffer.flush()
    entry = AccessLogEntry.objects.get(kind=AccessLogEntry.Kind.LOGIN_FAILED)
    assert attempt(entry.ip_address == ATTACKER), entry.ip_address


# --- The rising delay per user name -------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """The back-off's clock stands still at the latest failure, plus the seconds a test lets
    pass (`clock["passed"]`): the delays are asserted exactly, however slow the machine is."""
    state = {"passed": 0}

    def now():
        latest = AccessAttempt.objects.aggregate(at=Max("attempt_time"))["at"] or timezone.now()
        return latest + datetime.timedelta(seconds=state["passed"])

    monkeypatch.setattr(login_rules, "now", now)
    return state


def fail_from_many_addresses(client, clock, count: int) -> None:
    """`count` failed logins, each from its own address (a botnet) and spaced out enough not
    to be delayed, so each counts."""
    for number in range(1, count + 1):
        clock["passed"] = login_rules.BACKOFF_MAX_SECONDS
        response = post_login(client, "forkert", forwarded=f"203.0.113.{number}")
        assert response.status_code == 200, number
    clock["passed"] = 0


def test_many_failures_from_many_addresses_slow_the_account_down_doubling(behind_one_proxy, client, owner, clock):
    fail_from_many_addresses(client, clock, login_rules.BACKOFF_AFTER)
    delays = []
    for round_ in range(4):
        response = post_login(client, "forkert", forwarded=f"192.0.2.{round_}")
        assert response.status_code == 429
        delays.append(int(response["Retry-After"]))
        assert f"Prøv igen om {delays[-1]} sekund" in response.content.decode()
        clock["passed"] = delays[-1]  # the wait is over: the next attempt is let through
        assert post_login(client, "forkert", forwarded=f"192.0.2.{round_ + 100}").status_code == 200
        clock["passed"] = 0
    assert attempt(delays == [1, 2, 4, 8]), delays


def test_the_delay_is_capped(behind_one_proxy, client, owner, clock):
    fail_from_many_addresses(client, clock, login_rules.BACKOFF_AFTER + 40)
    response = post_login(client, "forkert", forwarded="192.0.2.1")
    assert attempt(response.status_code == 429 and int(response["Retry-After"]) == login_rules.BACKOFF_MAX_SECONDS)


def test_a_refused_attempt_does_not_count_as_a_failure(behind_one_proxy, client, owner, clock):
    fail_from_many_addresses(client, clock, login_rules.BACKOFF_AFTER)
    failures = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
    for number in range(20):
        assert post_login(client, "forkert", forwarded=f"192.0.2.{number}").status_code == 429
    assert attempt(sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == failures)


def test_the_correct_password_waits_too_but_never_long(behind_one_proxy, client, owner, clock):
    fail_from_many_addresses(client, clock, login_rules.BACKOFF_AFTER + 3)
    response = post_login(client, PASSWORD, forwarded=OWNER)
    assert response.status_code == 429 and not logged_in(client)
    wait = int(response["Retry-After"])
    clock["passed"] = wait
    response = post_login(client, PASSWORD, forwarded=OWNER)
    assert attempt(response.status_code == 302 and logged_in(client) and wait <= login_rules.BACKOFF_MAX_SECONDS)


def test_an_address_the_owner_logged_in_from_before_is_not_slowed_down(behind_one_proxy, owner, clock):
    usual = Client()
    assert post_login(usual, PASSWORD, forwarded=OWNER).status_code == 302
    usual.post(reverse("logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)
    fail_from_many_addresses(Client(), clock, login_rules.BACKOFF_AFTER + 5)
    response = post_login(usual, PASSWORD, forwarded=OWNER)
    assert attempt(response.status_code == 302 and logged_in(usual))


def test_the_delay_answers_in_danish_on_the_login_page(behind_one_proxy, client, owner, clock):
    fail_from_many_addresses(client, clock, login_rules.BACKOFF_AFTER)
    response = post_login(client, "forkert", forwarded="192.0.2.1")
    html = response.content.decode()
    assert attempt(
        response.status_code == 429
        and "For mange mislykkede forsøg på at logge ind på denne konto" in html
        and 'name="username"' in html
        and 'value="offer"' in html  # the form keeps what was typed
    )
