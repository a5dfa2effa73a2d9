"""The login page offers the municipality's shared login only when SSO is set up."""

from django.urls import reverse

from .conftest import apply_sso_settings
from .test_oidc_mapping import FAKE_IDP_ENV

SSO_BUTTON = "Log ind med kommunens fælles login"


def test_login_page_without_sso_has_only_the_password_form(client, db):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert SSO_BUTTON not in page.text
    assert 'name="password"' in page.text


def test_login_page_with_sso_has_the_button_and_keeps_the_password_form(client, db, settings):
    apply_sso_settings(settings, FAKE_IDP_ENV)
    page = client.get(reverse("login"), {"next": "/opfoelgning/?runde=2"})
    assert SSO_BUTTON in page.text
    assert 'href="/oidc/authenticate/?next=/opfoelgning/%3Frunde%3D2"' in page.text
    assert 'name="password"' in page.text
    assert "Du blev ikke logget ind" not in page.text


def test_sso_button_starts_the_authorization_code_flow_with_pkce(client, db, settings):
    apply_sso_settings(settings, FAKE_IDP_ENV)
    response = client.get("/oidc/authenticate/", {"next": "/opfoelgning/"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://idp.invalid/authorize?")
    for part in ("response_type=code", "client_id=milepael", "code_challenge_method=S256", "nonce=", "state="):
        assert part in location
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Foidc%2Fcallback%2F" in location


def test_failed_sso_login_returns_to_the_login_page_with_a_message(client, db, settings):
    apply_sso_settings(settings, FAKE_IDP_ENV)
    # The IdP sends the user back with an error, e.g. consent refused.
    response = client.get("/oidc/callback/", {"error": "access_denied", "state": "x"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?sso=fejl"
    page = client.get(response["Location"])
    assert "Du blev ikke logget ind med kommunens fælles login" in page.text
