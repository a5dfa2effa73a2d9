"""Every API endpoint × every role, like tests/followup/test_permissions.py: who gets what."""

import pytest
from django.contrib.auth import get_user_model

from milepael.followup import services
from tests.api.conftest import token_client
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "reporter_own", "reporter_other", "administrator"]
READ = [401, 200, 200, 200, 200]

# (name, method, url builder, body builder, expected status per role in ROLES order)
MATRIX = [
    ("agreements", "get", lambda o: "/api/agreements/", None, READ),
    ("agreement", "get", lambda o: f"/api/agreements/{o['plan'].agreement_id}/", None, READ),
    ("plans", "get", lambda o: "/api/plans/", None, READ),
    ("plan", "get", lambda o: f"/api/plans/{o['plan'].pk}/", None, READ),
    ("departments", "get", lambda o: "/api/departments/", None, READ),
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


@pytest.fixture
def objects(open_round, ejendomme_reporter, own_initiative):
    # A submitted rating by the department, so the review endpoints have something to act on.
    rating = services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=ejendomme_reporter,
        data=GREEN,
        expected_version=0,
        submit=True,
    )
    return {"plan": own_initiative.plan, "initiative": own_initiative, "round": open_round, "rating": rating}


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("name,method,url,body,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(api_client_for, objects, role_index, role, name, method, url, body, expected):
    client = api_client_for(role)
    response = getattr(client, method)(url(objects), body(objects) if body else None, format="json")
    assert response.status_code == expected[role_index], (name, role, response.content)
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == "Token"


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
