"""Every internal URL × every role, like pretix's test_permissions: who gets what."""

import pytest
from django.urls import reverse

from milepael.followup import services
from milepael.plans.models import FollowUpRound, Initiative
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "reporter_own", "reporter_other", "administrator"]
LOGIN = 302

# (name, method, url builder, expected status per role in ROLES order)
MATRIX = [
    ("home", "get", lambda o: reverse("plans:home"), [LOGIN, 200, 200, 200, 200]),
    ("plan", "get", lambda o: o["plan"].get_absolute_url(), [LOGIN, 200, 200, 200, 200]),
    ("initiative", "get", lambda o: o["initiative"].get_absolute_url(), [LOGIN, 200, 200, 200, 200]),
    ("rounds", "get", lambda o: reverse("followup:rounds"), [LOGIN, 200, 200, 200, 200]),
    ("round", "get", lambda o: reverse("followup:round", args=[o["round"].pk]), [LOGIN, 200, 200, 200, 200]),
    ("worklist", "get", lambda o: reverse("followup:worklist", args=[o["round"].pk]), [LOGIN, 200, 200, 200, 200]),
    ("smileys", "get", lambda o: reverse("followup:plan_smileys", args=[o["plan"].pk]), [LOGIN, 200, 200, 200, 200]),
    (
        "rate form",
        "get",
        lambda o: reverse("followup:rate", args=[o["round"].pk, o["initiative"].pk]),
        [LOGIN, 403, 200, 403, 200],
    ),
    (
        "rate save",
        "post",
        lambda o: reverse("followup:rate", args=[o["round"].pk, o["initiative"].pk]),
        [LOGIN, 403, 302, 403, 302],
    ),
    ("review", "get", lambda o: reverse("followup:review", args=[o["round"].pk]), [LOGIN, 403, 403, 403, 200]),
    ("approve", "post", lambda o: reverse("followup:approve", args=[o["rating"].pk]), [LOGIN, 403, 403, 403, 302]),
    ("return", "post", lambda o: reverse("followup:return", args=[o["rating"].pk]), [LOGIN, 403, 403, 403, 302]),
    (
        "close round",
        "post",
        lambda o: reverse("followup:round_close", args=[o["round"].pk]),
        [LOGIN, 403, 403, 403, 302],
    ),
    (
        "open round",
        "post",
        lambda o: reverse("followup:round_open", args=[o["planned"].pk]),
        [LOGIN, 403, 403, 403, 302],
    ),
    (
        "reopen round",
        "post",
        lambda o: reverse("followup:round_reopen", args=[o["round"].pk]),
        [LOGIN, 403, 403, 403, 302],
    ),
    (
        "economy revision",
        "get",
        lambda o: reverse("followup:economy_revision", args=[o["initiative"].pk]),
        [LOGIN, 403, 403, 403, 200],
    ),
    ("import", "get", lambda o: reverse("exchange:import_plan"), [LOGIN, 403, 403, 403, 200]),
    ("term reports", "get", lambda o: reverse("term:list"), [LOGIN, 200, 200, 200, 200]),
    (
        "reports page",
        "get",
        lambda o: reverse("reports:plan_reports", args=[o["plan"].pk]),
        [LOGIN, 200, 200, 200, 200],
    ),
    (
        "plan report pdf",
        "get",
        lambda o: reverse("reports:plan_report", args=[o["plan"].pk, "pdf"]),
        [LOGIN, 200, 200, 200, 200],
    ),
    (
        "follow-up xlsx",
        "get",
        lambda o: reverse("reports:followup_report", args=[o["plan"].pk, 1, "xlsx"]),
        [LOGIN, 200, 200, 200, 200],
    ),
    (
        "excel export",
        "get",
        lambda o: reverse("exchange:export_plan_xlsx", args=[o["plan"].pk]),
        [LOGIN, 200, 200, 200, 200],
    ),
    ("carry over", "get", lambda o: reverse("plans:carry_over", args=[o["plan"].pk]), [LOGIN, 403, 403, 403, 200]),
    (
        "ratings xlsx",
        "get",
        lambda o: reverse("exchange:export_ratings_xlsx", args=[o["round"].pk, o["plan"].pk]),
        [LOGIN, 200, 200, 200, 200],
    ),
    (
        "ratings import",
        "get",
        lambda o: reverse("exchange:import_ratings", args=[o["round"].pk]),
        [LOGIN, 403, 200, 200, 200],
    ),
]


@pytest.fixture
def objects(open_round, ejendomme_reporter, own_initiative, administrator):
    # A submitted rating by the department, so review URLs have something to act on.
    rating = services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=ejendomme_reporter,
        data=GREEN,
        expected_version=0,
        submit=True,
    )
    return {
        "plan": own_initiative.plan,
        "initiative": own_initiative,
        "round": open_round,
        "planned": FollowUpRound.objects.get(ordinal=2),
        "rating": rating,
    }


def client_for(role, client, request):
    users = {
        "reader": "reader",
        "reporter_own": "ejendomme_reporter",
        "reporter_other": "other_reporter",
        "administrator": "administrator",
    }
    if role != "anonymous":
        client.force_login(request.getfixturevalue(users[role]))
    return client


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("name,method,url,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(client, request, objects, role_index, role, name, method, url, expected):
    client = client_for(role, client, request)
    data = {
        "rate save": {"effort": "green", "economy": "green", "version": objects["rating"].version, "submit": "1"},
        "approve": {"version": objects["rating"].version},
        "return": {"version": objects["rating"].version, "remark": "Uddyb"},
        "open round": {"deadline": "2018-08-15"},
        "reopen round": {"reason": "Ret fejl"},
    }.get(name, {})
    response = getattr(client, method)(url(objects), data)
    assert response.status_code == expected[role_index], (name, role)
    if expected[role_index] == LOGIN and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_anonymous_sees_nothing_internal(client, objects):
    for name, method, url, _expected in MATRIX:
        response = getattr(client, method)(url(objects))
        assert response.status_code == 302, name
        assert "3.04" not in response.content.decode()


def test_worklist_shows_a_reporter_only_their_departments_initiatives(client, objects, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    html = client.get(reverse("followup:worklist", args=[objects["round"].pk])).content.decode()
    ejendomme = set(
        Initiative.objects.filter(responsible_department__name="Ejendomme").values_list("number", flat=True)
    )
    shown = {
        n for n in Initiative.objects.values_list("number", flat=True) if f'<span class="mp-number">{n}</span>' in html
    }
    assert shown == ejendomme
