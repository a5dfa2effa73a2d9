"""Danish error pages (milepael/core/errors.py) with DEBUG off, as in production: the public
layout under /offentlig/, the internal layout elsewhere, each with a way back."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory

from milepael.core import errors

ERRORS_URLCONF = "tests.security.urls_with_errors"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def failing(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = ERRORS_URLCONF
    return Client(raise_request_exception=False)


def test_a_wrong_public_address_is_a_danish_404_in_the_public_layout(client, db, settings):
    settings.DEBUG = False
    response = client.get("/offentlig/udmoentninger/999999/", HTTP_ACCEPT_LANGUAGE="en")
    html = _text(response)
    assert response.status_code == 404
    assert "Not Found" not in html
    assert "<h1>Siden findes ikke</h1>" in html
    assert "Status på budgetaftalen" in html  # the public header, not Milepæl's internal one
    assert 'href="/offentlig/"' in html and "Til forsiden med status på budgetaftalen" in html
    assert 'lang="da"' in html
    assert "csrfmiddlewaretoken" not in html  # the public layout has no forms


def test_a_wrong_internal_address_is_a_404_in_the_internal_layout_with_a_way_back(client, db, settings):
    settings.DEBUG = False
    response = client.get("/ingen-side-her/")
    html = _text(response)
    assert response.status_code == 404
    assert "<h1>Siden findes ikke</h1>" in html
    assert '<span class="mp-brand-name">Milepæl</span>' in html
    assert "Til forsiden" in html and "Log ind" in html


def test_the_internal_404_follows_the_users_language(reader, settings):
    settings.DEBUG = False
    client = Client()
    client.force_login(reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _text(client.get("/ingen-side-her/"))
    assert "<h1>Page not found</h1>" in html
    assert "Log in</a>" not in html  # logged in already


def test_forbidden_is_a_danish_403_page(failing, reader):
    failing.force_login(reader)
    response = failing.get("/forbudt/")
    assert response.status_code == 403
    assert "<h1>Ingen adgang</h1>" in _text(response)


def test_a_server_error_is_a_danish_500_page_without_database_or_context(failing, reader):
    failing.force_login(reader)
    response = failing.get("/fejl/")
    html = _text(response)
    assert response.status_code == 500
    assert "<h1>Der opstod en fejl</h1>" in html
    assert '<a href="/">Til forsiden</a>' in html
    assert "favicon.svg" in html and "milepael.css" in html


def test_a_public_server_error_links_back_to_the_public_pages(failing, db):
    response = failing.get("/offentlig/fejl/")
    html = _text(response)
    assert response.status_code == 500
    assert "<h1>Der opstod en fejl</h1>" in html
    assert '<a href="/offentlig/">Til forsiden med status på budgetaftalen</a>' in html


def test_the_500_and_400_pages_need_no_database():
    """No `db` fixture: any query here would fail the test (pytest-django blocks the database)."""
    request = RequestFactory().get("/offentlig/udmoentninger/1/")
    assert "Der opstod en fejl" in errors.server_error(request).content.decode()
    bad = errors.bad_request(RequestFactory().get("/"), Exception("bad"))
    assert bad.status_code == 400
    assert "Forkert forespørgsel" in bad.content.decode()


def test_a_bad_host_gets_the_danish_400_page(client, db, settings):
    settings.DEBUG = False
    response = client.get("/offentlig/", HTTP_HOST="angriber.example")
    assert response.status_code == 400
    assert "Forkert forespørgsel" in response.content.decode()


def test_favicon_address_points_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("milepael/favicon.ico")
    assert finders.find("milepael/favicon.ico")


def test_a_csrf_failure_is_a_danish_page_with_a_way_back(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post("/i18n/setlang/", {"language": "en"})
    html = _text(response)
    assert response.status_code == 403
    assert "<h1>Formularen kunne ikke sendes</h1>" in html
    assert "CSRF verification failed" not in html
    assert '<a href="/">Til forsiden</a>' in html
