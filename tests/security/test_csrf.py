"""CSRF on every POST: a request without the token is refused with 403 and changes nothing,
even from the user who has every right (an administrator), through the session."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security import test_api_permissions, test_permissions
from tests.security.conftest import stored_state
from tests.security.tally import attempt

pytestmark = pytest.mark.django_db

WEB_POSTS = [(label, url) for label, method, url, _codes in test_permissions.MATRIX if method == "post"]
EXTRA_POSTS = [
    ("plan import upload", lambda o: reverse("exchange:import_plan")),
    ("ratings import upload", lambda o: reverse("exchange:import_ratings", args=[o["round"].pk])),
    ("language switch", lambda o: reverse("set_language")),
    ("log out", lambda o: reverse("logout")),
]
API_POSTS = [(name, url, body) for name, method, url, body, _codes in test_api_permissions.MATRIX if method == "post"]


def test_every_post_of_the_matrices_is_here():
    assert len(WEB_POSTS) >= 11 and len(API_POSTS) == 3


@pytest.mark.parametrize("label,url", WEB_POSTS + EXTRA_POSTS, ids=[row[0] for row in WEB_POSTS + EXTRA_POSTS])
def test_a_web_post_without_the_csrf_token_is_refused(objects, administrator, label, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    before = stored_state()
    data = test_permissions.DATA[label](objects) if label in test_permissions.DATA else {}
    response = client.post(url(objects), data)
    assert attempt(response.status_code == 403 and stored_state() == before), (label, response.status_code)


@pytest.mark.parametrize("name,url,body", API_POSTS, ids=[row[0] for row in API_POSTS])
def test_an_api_post_through_the_session_without_the_csrf_token_is_refused(objects, administrator, name, url, body):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    before = stored_state()
    response = client.post(url(objects), body(objects), content_type="application/json")
    assert attempt(response.status_code == 403 and stored_state() == before), (name, response.content)


def test_the_login_form_needs_the_token_too(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert attempt(response.status_code == 403)
