"""Every API endpoint × every role, like tests/security/test_permissions.py: who gets what.

Read one failure mode at a time: without a token → 401 with `WWW-Authenticate: Token`;
the wrong role → 403; an id that does not exist → 404; the right role → the expected code.
Nothing changes on a refused request.
"""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tests.api.conftest import token_client
from tests.security.conftest import ROLES, stored_state

pytestmark = pytest.mark.django_db

READ = [401, 200, 200, 200, 200]

# (name, method, url builder, body builder, expected status per role in ROLES order)
MATRIX = [
    ("agreements", "get", lambda o: "/api/agreements/", None, READ),
    ("agreement", "get", lambda o: f"/api/agreements/{o['plan'].agreement_id}/", None, READ),
    ("plans", "get", lambda o: "/api/plans/", None, READ),
    ("plan", "get", lambda o: f"/api/plans/{o['plan'].pk}/", None, READ),
    ("departments", "get", lambda o: "/api/departments/", None, READ),
    ("department", "get", lambda o: f"/api/departments/{o['department'].pk}/", None, READ),
    ("initiatives", "get", lambda o: "/api/initiatives/", None, READ),
    ("initiative", "get", lambda o: f"/api/initiatives/{o['initiative'].pk}/", None, READ),
    ("history", "get", lambda o: f"/api/initiatives/{o['initiative'].pk}/history/", None, READ),
    ("rounds", "get", lambda o: "/api/rounds/", None, READ),
    ("round", "get", lambda o: f"/api/rounds/{o['round'].pk}/", None, READ),
    ("ratings", "get", lambda o: "/api/ratings/", None, READ),
    ("rating", "get", lambda o: f"/api/ratings/{o['rating'].pk}/", None, READ),
    (
        "save rating",
        "post",
        lambda o: "/api/ratings/",
        lambda o: {
            "initiative": o["initiative"].pk,
            "round": o["round"].pk,
            "effort": "green",
            "economy": "green",
            "version": o["rating"].version,
            "submit": True,
        },
        [401, 403, 200, 403, 200],
    ),
    (
        "approve",
        "post",
        lambda o: f"/api/ratings/{o['rating'].pk}/approve/",
        lambda o: {"version": o["rating"].version},
        [401, 403, 403, 403, 200],
    ),
    (
        "return",
        "post",
        lambda o: f"/api/ratings/{o['rating'].pk}/return/",
        lambda o: {"version": o["rating"].version, "remark": "Uddyb kommentaren."},
        [401, 403, 403, 403, 200],
    ),
]

# Ids that do not exist, asked for by an administrator, who may read and review everything.
UNKNOWN = [
    ("agreement", "get", lambda o: f"/api/agreements/{o['plan'].agreement_id + 1000}/", None),
    ("plan", "get", lambda o: f"/api/plans/{o['foreign_plan'].pk + 1000}/", None),
    ("department", "get", lambda o: f"/api/departments/{o['department'].pk + 1000}/", None),
    ("initiative", "get", lambda o: f"/api/initiatives/{o['foreign_initiative'].pk + 1000}/", None),
    ("history", "get", lambda o: f"/api/initiatives/{o['foreign_initiative'].pk + 1000}/history/", None),
    ("round", "get", lambda o: f"/api/rounds/{o['foreign_round'].pk + 1000}/", None),
    ("rating", "get", lambda o: f"/api/ratings/{o['rating'].pk + 1000}/", None),
    ("approve", "post", lambda o: f"/api/ratings/{o['rating'].pk + 1000}/approve/", lambda o: {"version": 1}),
    (
        "return",
        "post",
        lambda o: f"/api/ratings/{o['rating'].pk + 1000}/return/",
        lambda o: {"version": 1, "remark": "Uddyb."},
    ),
]


@pytest.fixture
def api_as(user_for):
    """api_as(role): a token client for that role (as a system calls); "anonymous": none."""

    def make(role: str) -> APIClient:
        user = user_for(role)
        return APIClient() if user is None else token_client(user)

    return make


def _cases(keep) -> list:
    return [
        pytest.param(name, method, url, body, role, codes[index], id=f"{name}-{role}")
        for name, method, url, body, codes in MATRIX
        for index, role in enumerate(ROLES)
        if keep(role, codes[index])
    ]


def call(client, objects, method, url, body):
    return getattr(client, method)(url(objects), body(objects) if body else None, format="json")


@pytest.mark.parametrize("name,method,url,body,role,expected", _cases(lambda role, code: code == 401))
def test_without_a_token_the_answer_is_401(api_as, objects, name, method, url, body, role, expected):
    before = stored_state()
    response = call(api_as(role), objects, method, url, body)
    assert response.status_code == 401, (name, response.content)
    assert response["WWW-Authenticate"] == "Token"
    assert stored_state() == before, name


@pytest.mark.parametrize("name,method,url,body,role,expected", _cases(lambda role, code: code == 403))
def test_wrong_role_is_forbidden(api_as, objects, name, method, url, body, role, expected):
    before = stored_state()
    response = call(api_as(role), objects, method, url, body)
    assert response.status_code == 403, (name, role, response.content)
    assert stored_state() == before, (name, role)


@pytest.mark.parametrize("name,method,url,body", UNKNOWN, ids=[row[0] for row in UNKNOWN])
def test_an_unknown_id_is_not_found(api_as, objects, name, method, url, body):
    before = stored_state()
    response = call(api_as("administrator"), objects, method, url, body)
    assert response.status_code == 404, (name, response.content)
    assert stored_state() == before, name


@pytest.mark.parametrize("name,method,url,body,role,expected", _cases(lambda role, code: code not in (401, 403)))
def test_right_role_gets_the_expected_code(api_as, objects, name, method, url, body, role, expected):
    response = call(api_as(role), objects, method, url, body)
    assert response.status_code == expected, (name, role, response.content)


def test_anonymous_gets_no_internal_data(client, objects):
    for name, method, url, _body, _expected in MATRIX:
        response = getattr(client, method)(url(objects))
        assert response.status_code == 401, name
        assert "3.04" not in response.content.decode()


def test_a_user_without_a_role_reads_nothing(objects):
    nobody = get_user_model().objects.create_user("uden-rolle", password="pw-uden-rolle-123")
    client = token_client(nobody)
    for name, method, url, body, _expected in MATRIX:
        response = getattr(client, method)(url(objects), body(objects) if body else None, format="json")
        assert response.status_code == 403, name


def test_an_invalid_token_is_refused(objects, client):
    response = client.get("/api/initiatives/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401


def test_an_inactive_users_token_is_refused(objects, reader):
    client = token_client(reader)
    reader.is_active = False
    reader.save()
    assert client.get("/api/initiatives/").status_code == 401
