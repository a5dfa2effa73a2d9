"""The headers of every kind of response: security headers on all of them, including the
errors raised before a view runs (a bad Host, CSRF); `Cache-Control: private, no-store` on
everything internal (pages, downloads, API JSON, errors of a logged-in user); shared-cacheable
public pages that never carry a cookie. Each URL × check is one attempt of the suite."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from milepael.followup import calendar
from tests.api.conftest import token_client
from tests.security.tally import attempt

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


def security_header_problems(response) -> list[str]:
    """What is missing of the headers every response must carry."""
    problems = []
    csp = response.get("Content-Security-Policy", "")
    if "default-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
        problems.append(f"CSP: {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"CSP allows inline: {csp!r}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options: {response.get('X-Frame-Options')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options missing")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy: {response.get('Referrer-Policy')!r}")
    return problems


def private_problems(response) -> list[str]:
    directives = cache_directives(response)
    if not {"private", "no-store"} <= directives or "public" in directives:
        return [f"Cache-Control: {response.get('Cache-Control')!r}"]
    return []


def check_internal(label: str, response, expected_status: int) -> None:
    problems = security_header_problems(response) + private_problems(response)
    if response.status_code != expected_status:
        problems.append(f"status {response.status_code}, expected {expected_status}")
    assert attempt(not problems), (label, problems)


# (label, url builder, expected status) as a reader (logged in) sees them
INTERNAL_AS_READER = [
    ("home page", lambda o: reverse("plans:home"), 200),
    ("plan page", lambda o: o["plan"].get_absolute_url(), 200),
    ("initiative page", lambda o: o["initiative"].get_absolute_url(), 200),
    ("smiley matrix", lambda o: reverse("followup:plan_smileys", args=[o["plan"].pk]), 200),
    ("htmx partial", lambda o: o["plan"].get_absolute_url() + "?q=3.04", 200),
    ("report page (HTML)", lambda o: reverse("reports:followup_report", args=[o["plan"].pk, 3, "html"]), 200),
    ("PDF", lambda o: reverse("reports:plan_report", args=[o["plan"].pk, "pdf"]), 200),
    ("DOCX", lambda o: reverse("reports:followup_report", args=[o["plan"].pk, 3, "docx"]), 200),
    ("XLSX report", lambda o: reverse("reports:followup_report", args=[o["plan"].pk, 3, "xlsx"]), 200),
    ("XLSX plan export", lambda o: reverse("exchange:export_plan_xlsx", args=[o["plan"].pk]), 200),
    (
        "XLSX ratings workbook",
        lambda o: reverse("exchange:export_ratings_xlsx", args=[o["round"].pk, o["plan"].pk]),
        200,
    ),
    ("term report XLSX", lambda o: reverse("reports:term_report", args=[o["term"].pk, "xlsx"]), 200),
    ("ICS calendar", lambda o: calendar.feed_path(o["reporter"]), 200),
    ("403 page", lambda o: reverse("followup:review", args=[o["round"].pk]), 403),
    ("404 page", lambda o: "/findes-ikke/", 404),
    ("404 of a view", lambda o: reverse("reports:term_report", args=[o["term"].pk + 1000, "xlsx"]), 404),
    ("API JSON through the session", lambda o: "/api/initiatives/", 200),
]


@pytest.mark.parametrize("label,url,expected", INTERNAL_AS_READER, ids=[row[0] for row in INTERNAL_AS_READER])
def test_internal_responses_are_private_not_stored_and_carry_the_security_headers(
    client_for, objects, label, url, expected
):
    check_internal(label, client_for("reader").get(url(objects)), expected)


def test_a_finished_report_jobs_download_is_private(client_for, objects):
    objects["job"].status = "done"
    objects["job"].content = b"PK report"
    objects["job"].save()
    response = client_for("reporter_own").get(reverse("reports:job_download", args=[objects["job"].pk]))
    check_internal("job download", response, 200)


API_AS_TOKEN = [
    ("API list", lambda o: "/api/ratings/", 200),
    ("API detail", lambda o: f"/api/initiatives/{o['initiative'].pk}/", 200),
    ("API history", lambda o: f"/api/initiatives/{o['initiative'].pk}/history/", 200),
    ("API 404", lambda o: "/api/findes-ikke/", 404),
    ("API 400", lambda o: "/api/ratings/?round=x", 400),
]


@pytest.mark.parametrize("label,url,expected", API_AS_TOKEN, ids=[row[0] for row in API_AS_TOKEN])
def test_api_json_is_private_and_not_stored(reader, objects, label, url, expected):
    check_internal(label, token_client(reader).get(url(objects)), expected)


def test_api_401_without_credentials_is_not_stored(objects):
    check_internal("API 401", APIClient().get("/api/ratings/"), 401)


@pytest.mark.parametrize("url", ["/konto/log-ind/", "/", "/findes-ikke/", "/sundhed/"])
def test_anonymous_internal_addresses_are_not_stored_either(client, url):
    response = client.get(url)
    problems = security_header_problems(response) + private_problems(response)
    assert attempt(not problems), (url, problems)


PUBLIC = [
    ("public index", lambda o: reverse("public:index")),
    ("public plan", lambda o: reverse("public:plan", args=[o["plan"].pk])),
    ("public initiative", lambda o: reverse("public:initiative", args=[o["plan"].pk, o["initiative"].number])),
    ("accessibility statement", lambda o: reverse("public:accessibility")),
    ("public theme", lambda o: reverse("public:theme", args=[o["plan"].pk, o["initiative"].theme.number])),
    ("public theme rows", lambda o: reverse("public:theme_rows", args=[o["plan"].pk, o["initiative"].theme.number])),
    ("robots.txt", lambda o: reverse("robots_txt")),
]


@pytest.mark.parametrize("label,url", PUBLIC, ids=[row[0] for row in PUBLIC])
def test_public_pages_are_shared_cacheable_and_set_no_cookie(client, objects, label, url):
    response = client.get(url(objects))
    problems = security_header_problems(response)
    if response.status_code != 200:
        problems.append(f"status {response.status_code}")
    if "public" not in cache_directives(response) or "no-store" in cache_directives(response):
        problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
    if response.cookies:
        problems.append(f"Set-Cookie: {sorted(response.cookies)}")
    assert attempt(not problems), (label, problems)


@pytest.mark.parametrize("role", ["reader", "administrator"])
@pytest.mark.parametrize("label,url", PUBLIC, ids=[row[0] for row in PUBLIC])
def test_a_logged_in_visitor_of_a_public_page_gets_no_cookie_and_a_private_answer(
    client_for, objects, role, label, url
):
    """A shared cache must never store a staff member's session cookie for citizens."""
    client = client_for(role)
    response = client.get(url(objects))
    problems = security_header_problems(response)
    if response.cookies:
        problems.append(f"Set-Cookie: {sorted(response.cookies)}")
    directives = cache_directives(response)
    if "private" not in directives or "public" in directives:
        problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
    assert attempt(not problems), (label, role, problems)


def test_the_publishing_pages_under_offentlig_are_internal(client_for, objects):
    check_internal("publishing page", client_for("administrator").get(reverse("public:manage")), 200)


@pytest.mark.parametrize("url", ["/", "/offentlig/", "/konto/log-ind/", "/api/initiatives/", "/findes-ikke/"])
def test_a_bad_host_gets_a_400_with_the_security_headers(client, url):
    """The 400 is raised before the view (CommonMiddleware); frame protection must cover it."""
    response = client.get(url, HTTP_HOST="angriber.example")
    problems = security_header_problems(response)
    if response.status_code != 400:
        problems.append(f"status {response.status_code}")
    assert attempt(not problems), (url, problems)


def test_a_csrf_failure_carries_the_security_headers(reader, objects):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(reverse("set_language"), {"language": "en"})
    check_internal("CSRF 403", response, 403)


def test_a_server_error_carries_the_security_headers(reader, settings):
    settings.ROOT_URLCONF = "tests.security.urls_with_errors"
    client = Client(raise_request_exception=False)
    client.force_login(reader)
    check_internal("500", client.get("/fejl/"), 500)
    anonymous = Client(raise_request_exception=False).get("/fejl/")
    assert attempt(not security_header_problems(anonymous) + private_problems(anonymous))


# --- The language cookie --------------------------------------------------------------------


def test_the_language_cookie_is_samesite_lax_and_http_only(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert attempt(cookie["samesite"] == "Lax" and cookie["httponly"]), cookie.output()


def test_production_makes_the_language_cookie_secure():
    env = {
        **os.environ,
        "MILEPAEL_PRODUCTION": "1",
        "MILEPAEL_SECRET_KEY": "x" * 60,
        "MILEPAEL_ALLOWED_HOSTS": "milepael.kommune.dk",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert attempt(result.stdout.split() == ["True", "Lax", "True"]), result.stdout
