"""Single sign-on end to end: Milepæl (the live server) against a real OpenID Connect provider
(django-oauth-toolkit in its own process), driven over HTTP like a browser would."""

import html
import logging
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from milepael.organisation.models import Department, Profile

from .conftest import ADMIN_GROUP, READER_GROUP, apply_sso_settings

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 15
PASSWORD = "idp-password-7391"


class FormParser(HTMLParser):
    """The forms on a page: id, action, method and their named input values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"id": attrs.get("id"), "action": attrs.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name") and attrs.get("type") != "submit":
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def form(response: requests.Response, form_id: str) -> dict | None:
    parser = FormParser()
    parser.feed(response.text)
    return next((f for f in parser.forms if f["id"] == form_id), None)


class Browser:
    """An HTTP client that walks the authorization-code flow: Milepæl → IdP login → consent → Milepæl."""

    def __init__(self, rp_url: str, provider):
        self.rp_url = rp_url
        self.provider = provider
        self.session = requests.Session()
        self.session.trust_env = False  # 127.0.0.1 only, never a proxy
        self.last_callback = ""

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.session.get(urljoin(self.rp_url, url), timeout=TIMEOUT, **kwargs)

    def sso_login(self, username: str, start: str = "/", *, tamper_state: bool = False) -> requests.Response:
        """From an internal page, through the login page's SSO button, to wherever Milepæl lands us."""
        login_page = self.get(start)
        assert urlsplit(login_page.url).path == reverse("login"), login_page.url
        match = re.search(
            r'href="([^"]*/oidc/authenticate/[^"]*)"[^>]*>\s*Log ind med kommunens fælles login', login_page.text
        )
        assert match, "the login page has no SSO button"
        response = self.get(html.unescape(match.group(1)))
        for _step in range(4):  # at most: IdP login form, consent, then back
            if not response.url.startswith(self.provider.url):
                return response
            if login_form := form(response, "idp-login"):
                fields = {**login_form["fields"], "username": username, "password": PASSWORD}
                response = self.session.post(response.url, data=fields, timeout=TIMEOUT)
            elif consent := form(response, "authorizationForm"):
                fields = {**consent["fields"], "allow": "Authorize"}
                response = self.session.post(response.url, data=fields, timeout=TIMEOUT, allow_redirects=False)
                assert response.status_code == 302, response.text
                callback = response.headers["Location"]
                assert callback.startswith(f"{self.rp_url}/oidc/callback/"), callback
                self.last_callback = callback
                if tamper_state:
                    callback = with_query(callback, state="x" + parse_qs(urlsplit(callback).query)["state"][0])
                response = self.session.get(callback, timeout=TIMEOUT)
            else:
                raise AssertionError(
                    f"unexpected page at the IdP {response.url}: {response.status_code}\n{response.text[:500]}"
                )
        raise AssertionError("the login flow did not return to Milepæl")

    def logout(self) -> None:
        self.get(reverse("login"))  # sets Milepæl's CSRF cookie
        response = self.session.post(
            urljoin(self.rp_url, reverse("logout")),
            data={"csrfmiddlewaretoken": self.session.cookies["csrftoken"]},
            timeout=TIMEOUT,
        )
        assert response.status_code == 200, response.status_code


def with_query(url: str, **params) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | params
    return urlunsplit(parts._replace(query=urlencode(query)))


def idp_user(username: str, groups: list[str]) -> dict:
    return {
        "username": username,
        "password": PASSWORD,
        "email": f"{username}@kommune.example",
        "given_name": username.capitalize(),
        "family_name": "Testesen",
        "groups": groups,
    }


@pytest.fixture
def sso(settings, live_server, oidc_provider):
    apply_sso_settings(settings, oidc_provider.sso_env())
    browser = Browser(live_server.url, oidc_provider)
    yield browser
    # Close kept-alive connections now, so no live-server thread outlives the test.
    browser.session.close()


@pytest.fixture
def ejendomme(transactional_db):
    return Department.objects.create(name="Ejendomme")


def test_sso_login_maps_groups_to_role_and_departments_and_refreshes_them_on_every_login(
    sso, oidc_provider, ejendomme, caplog
):
    User = get_user_model()
    oidc_provider.seed({"users": [idp_user("rikke", ["milepael-center:Ejendomme", "milepael-center:Findes ikke"])]})

    with caplog.at_level(logging.WARNING, logger="milepael.organisation.oidc"):
        landed = sso.sso_login("rikke", start=reverse("followup:rounds"))

    # Back where she started, logged in as a reporter for Ejendomme; the unknown centre is only logged.
    assert landed.status_code == 200
    assert urlsplit(landed.url).path == reverse("followup:rounds")
    user = User.objects.get(username="rikke")
    assert (user.email, user.first_name, user.last_name) == ("rikke@kommune.example", "Rikke", "Testesen")
    assert not user.has_usable_password()
    assert user.profile.role == Profile.Role.REPORTER
    assert list(user.profile.departments.all()) == [ejendomme]
    assert not Department.objects.filter(name="Findes ikke").exists()
    assert "Findes ikke" in caplog.text
    assert sso.get("/").status_code == 200

    # The IdP makes her an administrator: the next login says so.
    oidc_provider.seed({"users": [idp_user("rikke", [ADMIN_GROUP])]})
    sso.logout()
    assert urlsplit(sso.get("/").url).path == reverse("login")
    assert sso.sso_login("rikke").status_code == 200
    profile = Profile.objects.get(user__username="rikke")
    assert profile.role == Profile.Role.ADMINISTRATOR
    assert list(profile.departments.all()) == []

    # Then a reader, then nothing at all: the profile goes and internal pages say 403.
    oidc_provider.seed({"users": [idp_user("rikke", [READER_GROUP])]})
    sso.logout()
    assert sso.sso_login("rikke").status_code == 200
    assert Profile.objects.get(user__username="rikke").role == Profile.Role.READER

    oidc_provider.seed({"users": [idp_user("rikke", ["kantineudvalget"])]})
    sso.logout()
    assert sso.sso_login("rikke").status_code == 403
    assert not Profile.objects.filter(user__username="rikke").exists()
    assert User.objects.filter(username="rikke").count() == 1


def test_sso_user_whose_groups_map_to_nothing_is_logged_in_but_forbidden(sso, oidc_provider):
    oidc_provider.seed({"users": [idp_user("ulla", ["alle-medarbejdere", "milepael-center:Findes ikke"])]})

    landed = sso.sso_login("ulla", start=reverse("plans:home"))

    # 403, not a redirect to the login page: she is logged in, with no role.
    assert landed.status_code == 403
    assert urlsplit(landed.url).path == reverse("plans:home")
    assert get_user_model().objects.filter(username="ulla").exists()
    assert not Profile.objects.filter(user__username="ulla").exists()
    assert sso.get(reverse("followup:rounds")).status_code == 403


def test_sso_callback_with_a_tampered_state_is_refused(sso, oidc_provider, ejendomme, caplog):
    oidc_provider.seed({"users": [idp_user("mads", ["milepael-center:Ejendomme"])]})

    with caplog.at_level(logging.WARNING, logger="django.security"):
        refused = sso.sso_login("mads", tamper_state=True)

    assert refused.status_code == 400
    assert "state not found in session" in caplog.text
    assert not get_user_model().objects.filter(username="mads").exists()
    assert urlsplit(sso.get("/").url).path == reverse("login")

    # The state was the only thing wrong: the untouched callback still logs him in.
    assert sso.get(sso.last_callback).status_code == 200
    assert Profile.objects.get(user__username="mads").role == Profile.Role.REPORTER
