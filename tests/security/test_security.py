"""Secure by default: deploy checks, headers everywhere, brute-force lockout, access log."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from milepael.audit import buffer
from milepael.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_production_settings_pass_check_deploy_with_no_warnings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        # A database of its own: the developer's db.sqlite3 may hold the demo accounts (milepael.E001).
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tom.sqlite3'}",
        "MILEPAEL_PRODUCTION": "1",
        "MILEPAEL_SECRET_KEY": "t" * 20 + "-a-long-random-production-secret-key-0123456789",
        "MILEPAEL_ALLOWED_HOSTS": "milepael.kommune.dk",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_the_embedded_secret_key():
    env = {**os.environ, "MILEPAEL_PRODUCTION": "1", "MILEPAEL_ALLOWED_HOSTS": "x.dk"}
    env.pop("MILEPAEL_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set MILEPAEL_SECRET_KEY in production." in result.stderr


@pytest.mark.parametrize(
    "url",
    ["/konto/log-ind/", "/findes-ikke/", "/sundhed/", "/static/milepael/milepael.css", "/"],
)
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_inline_script_or_style_in_pages(reader_client, round_plan):
    html = reader_client.get(round_plan.get_absolute_url()).content.decode()
    assert "<script>" not in html and "<style" not in html and " style=" not in html and "onclick" not in html


def test_login_is_locked_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_user("offer", password="korrekt-adgangskode-123")
    statuses = [
        client.post(reverse("login"), {"username": "offer", "password": "forkert"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post(reverse("login"), {"username": "offer", "password": "korrekt-adgangskode-123"})
    assert locked.status_code == 429
    assert "Log ind er midlertidigt spærret" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_correct_login_works_and_sessions_time_out(client, django_user_model):
    django_user_model.objects.create_user("bruger", password="korrekt-adgangskode-123")
    response = client.post(reverse("login"), {"username": "bruger", "password": "korrekt-adgangskode-123"})
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    # An inactivity timeout, not a fixed lifetime: renewed by use (tests/core/test_sessions.py).
    assert "milepael.core.middleware.SessionRefreshMiddleware" in settings.MIDDLEWARE


def test_access_log_records_who_read_what(reader_client, reader, round_plan):
    reader_client.get(round_plan.get_absolute_url())
    buffer.flush()
    entry = AccessLogEntry.objects.get(path=round_plan.get_absolute_url())
    assert (entry.user, entry.kind, entry.method, entry.status) == (reader, "read", "GET", 200)


def test_access_log_records_failed_logins_but_not_static_files(client):
    client.post(reverse("login"), {"username": "ukendt", "password": "x"})
    client.get("/static/milepael/milepael.css")
    buffer.flush()
    assert list(AccessLogEntry.objects.values_list("kind", "username")) == [("login_failed", "ukendt")]


def test_health_check_reports_database(client):
    response = client.get("/sundhed/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
