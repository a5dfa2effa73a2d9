"""Every internal URL × every role, like pretix's control/test_permissions.py: who gets what.

MATRIX holds one row per URL (and method) with the expected status per role, in ROLES order
(anonymous, reader, reporter_own, reporter_other, administrator). The tests read it one
failure mode at a time, as pretix does:

- logged out → 302 to the login page, and nothing changes;
- the wrong role → 403, and nothing changes;
- an object that is not the user's (another user's report job, an object of another agreement,
  a forged or unknown id) → 404, and nothing changes;
- the right role → the expected code.

tests/security/test_url_coverage.py fails when a URL of the urlconf has no row here or in
the API matrix (tests/security/test_api_permissions.py).
"""

import uuid

import pytest
from django.core import signing
from django.urls import reverse

from milepael.notifications.models import Notification
from milepael.organisation.services import calendar_address_token
from milepael.plans.models import Initiative
from tests.security.conftest import ROLES, stored_state

pytestmark = pytest.mark.django_db

LOGIN = 302


# (label, method, url builder, expected status per role in ROLES order)
def feed(o) -> str:
    """The calendar address of Ejendomme's reporter (each user has their own)."""
    return reverse("followup:calendar", args=[calendar_address_token(o["reporter"])])


def ejendommes_message(o) -> int:
    """A message to Ejendomme's reporter (closing rounds 3 and 4 told the departments)."""
    return Notification.objects.filter(recipient=o["reporter"]).values_list("pk", flat=True).first()


MATRIX = [
    ("start", "get", lambda o: reverse("start:home"), [LOGIN, 200, 200, 200, 200]),
    # The readers' overview chart (an image of its own), for every internal user as the overview's.
    ("start chart", "get", lambda o: reverse("start:overview_chart"), [LOGIN, 200, 200, 200, 200]),
    ("home", "get", lambda o: reverse("plans:home"), [LOGIN, 200, 200, 200, 200]),
    ("plan", "get", lambda o: o["plan"].get_absolute_url(), [LOGIN, 200, 200, 200, 200]),
    ("initiative", "get", lambda o: o["initiative"].get_absolute_url(), [LOGIN, 200, 200, 200, 200]),
    ("rounds", "get", lambda o: reverse("followup:rounds"), [LOGIN, 200, 200, 200, 200]),
    ("search", "get", lambda o: reverse("search:search") + "?q=analyse", [LOGIN, 200, 200, 200, 200]),
    ("round", "get", lambda o: reverse("followup:round", args=[o["round"].pk]), [LOGIN, 200, 200, 200, 200]),
    ("worklist", "get", lambda o: reverse("followup:worklist", args=[o["round"].pk]), [LOGIN, 200, 200, 200, 200]),
    ("smileys", "get", lambda o: reverse("followup:plan_smileys", args=[o["plan"].pk]), [LOGIN, 200, 200, 200, 200]),
    # A folded theme's rows (plan page and smiley matrix), for every internal user.
    (
        "plan theme",
        "get",
        lambda o: reverse("followup:plan_theme", args=[o["plan"].pk, o["initiative"].theme.number]),
        [LOGIN, 200, 200, 200, 200],
    ),
    (
        "smileys theme",
        "get",
        lambda o: reverse("followup:plan_smileys_theme", args=[o["plan"].pk, o["initiative"].theme.number]),
        [LOGIN, 200, 200, 200, 200],
    ),
    # The overview's charts are files of their own.
    (
        "overview chart",
        "get",
        lambda o: reverse("followup:overview_chart", args=[o["plan"].pk, "center"]),
        [LOGIN, 200, 200, 200, 200],
    ),
    (
        "agreement chart",
        "get",
        lambda o: reverse("followup:agreement_chart", args=[o["plan"].agreement_id, "udvalg"]),
        [LOGIN, 200, 200, 200, 200],
    ),
    # Overblik: the header's link opens the newest plan's overview (a redirect) for every role.
    ("overview home", "get", lambda o: reverse("followup:overview_home"), [LOGIN, 302, 302, 302, 302]),
    ("overview", "get", lambda o: reverse("followup:overview", args=[o["plan"].pk]), [LOGIN, 200, 200, 200, 200]),
    # The agreement page: all its committees' plans, for every internal user.
    (
        "agreement",
        "get",
        lambda o: reverse("followup:agreement", args=[o["plan"].agreement_id]),
        [LOGIN, 200, 200, 200, 200],
    ),
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
    # The expected result's deviation and suggested smiley as typed (htmx): whoever may rate it.
    (
        "expected result",
        "get",
        lambda o: (
            reverse("followup:expected_result", args=[o["round"].pk, o["initiative"].pk])
            + "?expected_result_kr=4,5+mio."
        ),
        [LOGIN, 403, 200, 403, 200],
    ),
    # A background plan import's progress: the finance department only; an unknown job is 404.
    ("import job", "get", lambda o: reverse("exchange:import_job", args=[uuid.uuid4()]), [LOGIN, 403, 403, 403, 404]),
    # »Indsend alle færdige«: whoever rates something in the round (Politisk Sekretariat has 1.02).
    (
        "worklist submit all",
        "post",
        lambda o: reverse("followup:worklist", args=[o["round"].pk]),
        [LOGIN, 403, 302, 302, 302],
    ),
    (
        "worklist row save",
        "post",
        lambda o: reverse("followup:worklist_row", args=[o["round"].pk, o["initiative"].pk]),
        [LOGIN, 403, 302, 403, 302],
    ),
    # The department answers in the rating's dialogue; the reviewer writes through »Send retur«.
    (
        "answer",
        "post",
        lambda o: reverse("followup:answer", args=[o["round"].pk, o["initiative"].pk]),
        [LOGIN, 403, 302, 403, 403],
    ),
    ("review", "get", lambda o: reverse("followup:review", args=[o["round"].pk]), [LOGIN, 403, 403, 403, 200]),
    (
        "approve selected",
        "post",
        lambda o: reverse("followup:approve_selected", args=[o["round"].pk]),
        [LOGIN, 403, 403, 403, 302],
    ),
    ("approve", "post", lambda o: reverse("followup:approve", args=[o["rating"].pk]), [LOGIN, 403, 403, 403, 302]),
    ("return", "post", lambda o: reverse("followup:return", args=[o["rating"].pk]), [LOGIN, 403, 403, 403, 302]),
    (
        "close round page",
        "get",
        lambda o: reverse("followup:round_close", args=[o["round"].pk]),
        [LOGIN, 403, 403, 403, 200],
    ),
    (
        "close round",
        "post",
        lambda o: reverse("followup:round_close", args=[o["round"].pk]),
        [LOGIN, 403, 403, 403, 302],
    ),
    ("remind", "post", lambda o: reverse("followup:remind", args=[o["round"].pk]), [LOGIN, 403, 403, 403, 302]),
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
    (
        "economy revision save",
        "post",
        lambda o: reverse("followup:economy_revision", args=[o["initiative"].pk]),
        [LOGIN, 403, 403, 403, 302],
    ),
    (
        "economy amounts suggestion",
        "get",
        lambda o: reverse("exchange:economy_suggestion", args=[o["initiative"].pk]),
        [LOGIN, 403, 403, 403, 200],
    ),
    # Without the ticked »Brug de foreslåede beløb« the administrator's post saves nothing (422).
    (
        "economy amounts confirm",
        "post",
        lambda o: reverse("exchange:economy_suggestion", args=[o["initiative"].pk]),
        [LOGIN, 403, 403, 403, 422],
    ),
    ("calendar links", "get", lambda o: reverse("followup:calendar_links"), [LOGIN, 200, 200, 200, 200]),
    # Readers have no deadlines, so no calendar address to renew.
    ("calendar renew", "post", lambda o: reverse("followup:calendar_renew"), [LOGIN, 403, 302, 302, 302]),
    # The iCal feed needs no login: the user's secret address is the key, and it holds only deadlines.
    ("calendar feed", "get", feed, [200, 200, 200, 200, 200]),
    ("messages", "get", lambda o: reverse("notifications:inbox"), [LOGIN, 200, 200, 200, 200]),
    ("messages read", "post", lambda o: reverse("notifications:mark_read"), [LOGIN, 302, 302, 302, 302]),
    # A message is its recipient's: anyone else gets 404.
    (
        "open a message",
        "get",
        lambda o: reverse("notifications:open", args=[ejendommes_message(o)]),
        [LOGIN, 404, 302, 404, 404],
    ),
    ("message settings", "get", lambda o: reverse("notifications:settings"), [LOGIN, 200, 200, 200, 200]),
    ("message settings save", "post", lambda o: reverse("notifications:settings"), [LOGIN, 302, 302, 302, 302]),
    ("import", "get", lambda o: reverse("exchange:import_plan"), [LOGIN, 403, 403, 403, 200]),
    ("term reports", "get", lambda o: reverse("term:list"), [LOGIN, 200, 200, 200, 200]),
    ("term", "get", lambda o: reverse("term:term", args=[o["term"].pk]), [LOGIN, 200, 200, 200, 200]),
    (
        "term report xlsx",
        "get",
        lambda o: reverse("reports:term_report", args=[o["term"].pk, "xlsx"]),
        [LOGIN, 200, 200, 200, 200],
    ),
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
    # The whole agreement's report (every committee's plan and a summary): any internal user.
    (
        "agreement report html",
        "get",
        lambda o: reverse("reports:agreement_report", args=[o["plan"].agreement_id, 1, "html"]),
        [LOGIN, 200, 200, 200, 200],
    ),
    (
        "agreement report xlsx",
        "get",
        lambda o: reverse("reports:agreement_report", args=[o["plan"].agreement_id, 1, "xlsx"]),
        [LOGIN, 200, 200, 200, 200],
    ),
    (
        "agreement report pdf",
        "get",
        lambda o: reverse("reports:agreement_report", args=[o["plan"].agreement_id, 1, "pdf"]),
        [LOGIN, 200, 200, 200, 200],
    ),
    # The agreement's skeleton: the finance department only (an empty post is refused, 422).
    (
        "skeleton import page",
        "get",
        lambda o: reverse("exchange:import_skeleton", args=[o["plan"].agreement_id]),
        [LOGIN, 403, 403, 403, 200],
    ),
    (
        "skeleton import preview",
        "post",
        lambda o: reverse("exchange:import_skeleton", args=[o["plan"].agreement_id]),
        [LOGIN, 403, 403, 403, 422],
    ),
    ("skeleton template", "get", lambda o: reverse("exchange:skeleton_template"), [LOGIN, 403, 403, 403, 200]),
    (
        "generate report",
        "post",
        lambda o: reverse("reports:generate", args=[o["plan"].pk]),
        [LOGIN, 200, 200, 200, 200],
    ),
    # A report job is personal: Ejendomme's reporter ordered it; others but administrators get 404.
    ("report job", "get", lambda o: reverse("reports:job", args=[o["job"].pk]), [LOGIN, 404, 200, 404, 200]),
    (
        "report job download",
        "get",
        lambda o: reverse("reports:job_download", args=[o["job"].pk]),
        [LOGIN, 404, 200, 404, 200],
    ),
    (
        "report job again",
        "post",
        lambda o: reverse("reports:regenerate", args=[o["job"].pk]),
        [LOGIN, 404, 200, 404, 200],
    ),
    (
        "excel export",
        "get",
        lambda o: reverse("exchange:export_plan_xlsx", args=[o["plan"].pk]),
        [LOGIN, 200, 200, 200, 200],
    ),
    ("carry over", "get", lambda o: reverse("plans:carry_over", args=[o["plan"].pk]), [LOGIN, 403, 403, 403, 200]),
    (
        "carry over preview",
        "post",
        lambda o: reverse("plans:carry_over", args=[o["plan"].pk]),
        [LOGIN, 403, 403, 403, 200],
    ),
    (
        "ratings xlsx",
        "get",
        lambda o: reverse("exchange:export_ratings_xlsx", args=[o["round"].pk, o["plan"].pk]),
        [LOGIN, 200, 200, 200, 200],
    ),
    # Every reporter rates something in this agreement (Politisk Sekretariat has 1.02).
    (
        "ratings import",
        "get",
        lambda o: reverse("exchange:import_ratings", args=[o["round"].pk]),
        [LOGIN, 403, 200, 200, 200],
    ),
    ("publishing", "get", lambda o: reverse("public:manage"), [LOGIN, 403, 403, 403, 200]),
    (
        "publish preview",
        "get",
        lambda o: reverse("public:publish", args=[o["closed"].pk]),
        [LOGIN, 403, 403, 403, 200],
    ),
    ("publish", "post", lambda o: reverse("public:publish", args=[o["closed"].pk]), [LOGIN, 403, 403, 403, 302]),
    (
        "unpublish",
        "post",
        lambda o: reverse("public:unpublish", args=[o["published"].pk]),
        [LOGIN, 403, 403, 403, 302],
    ),
    (
        "public comments",
        "get",
        lambda o: reverse("public:manage_comments", args=[o["published"].pk]),
        [LOGIN, 403, 403, 403, 200],
    ),
    (
        "public comments save",
        "post",
        lambda o: reverse("public:manage_comments", args=[o["published"].pk]),
        [LOGIN, 403, 403, 403, 302],
    ),
]

# What the POST rows send: a valid request, so only the user's right decides the outcome.
DATA = {
    "rate save": lambda o: {"effort": "green", "economy": "green", "version": o["rating"].version, "submit": "1"},
    "approve": lambda o: {"version": o["rating"].version},
    "approve selected": lambda o: {"rating": f"{o['rating'].pk}:{o['rating'].version}"},
    "worklist row save": lambda o: {
        f"r{o['initiative'].pk}-effort": "green",
        f"r{o['initiative'].pk}-economy": "green",
        f"r{o['initiative'].pk}-version": o["rating"].version,
    },
    "worklist submit all": lambda o: {
        f"r{o['initiative'].pk}-effort": "green",
        f"r{o['initiative'].pk}-economy": "green",
        f"r{o['initiative'].pk}-version": o["rating"].version,
    },
    "answer": lambda o: {"text": "Delopgaverne er beskrevet i kommentaren."},
    "close round": lambda o: {"reason": "Udvalgsmødet er rykket frem."},
    "publish": lambda o: {"confirm": "on"},
    "return": lambda o: {"version": o["rating"].version, "remark": "Uddyb"},
    "open round": lambda o: {"deadline": "2018-08-15"},
    "reopen round": lambda o: {"reason": "Ret fejl"},
    "economy revision save": lambda o: {
        "text": "Anlæg 7 mio. kr.",
        "approved_on": "2018-05-28",
        "approval_reference": "KB 28.05.2018",
    },
    "carry over preview": lambda o: {"target": "new", "initiatives": [o["initiative"].pk]},
    "generate report": lambda o: {
        "report": "udmoentning",
        "format": "xlsx",
        "report_date": "2018-05-01",
        "committee": "Økonomiudvalget",
    },
}

# Objects that are not the user's to see, asked for by roles that have the right otherwise.
# (label, method, url builder, roles)
FOREIGN = [
    (
        "rate an initiative of another agreement",
        "get",
        lambda o: reverse("followup:rate", args=[o["round"].pk, o["foreign_initiative"].pk]),
        ("reporter_own", "administrator"),
    ),
    (
        "save a rating of an initiative of another agreement",
        "post",
        lambda o: reverse("followup:rate", args=[o["round"].pk, o["foreign_initiative"].pk]),
        ("reporter_own", "administrator"),
    ),
    (
        "ratings workbook of another agreement's plan",
        "get",
        lambda o: reverse("exchange:export_ratings_xlsx", args=[o["round"].pk, o["foreign_plan"].pk]),
        ("reader", "reporter_own", "administrator"),
    ),
    (
        "an initiative number the plan does not have",
        "get",
        lambda o: reverse("followup:initiative", args=[o["plan"].pk, "9.99"]),
        ("reader", "administrator"),
    ),
    (
        "a follow-up report of a round that does not exist",
        "get",
        lambda o: reverse("reports:followup_report", args=[o["plan"].pk, 9, "pdf"]),
        ("reader", "administrator"),
    ),
    (
        "an agreement that does not exist",
        "get",
        lambda o: reverse("followup:agreement", args=[o["plan"].agreement_id + 1000]),
        ("reader", "administrator"),
    ),
    (
        "an agreement report of a round that does not exist",
        "get",
        lambda o: reverse("reports:agreement_report", args=[o["plan"].agreement_id, 9, "html"]),
        ("reader", "administrator"),
    ),
    (
        "a forged calendar address",
        "get",
        lambda o: feed(o)[: -len("x.ics")] + "x.ics",
        ("anonymous", "administrator"),
    ),
    # Before each user had their own address, the departments' addresses were signed ids.
    (
        "an old department calendar address",
        "get",
        lambda o: reverse(
            "followup:calendar",
            args=[signing.dumps(o["department"].pk, salt="milepael.followup.calendar", compress=True)],
        ),
        ("anonymous", "reporter_own", "administrator"),
    ),
    (
        "an unknown report job",
        "get",
        lambda o: reverse("reports:job_download", args=[uuid.uuid4()]),
        ("reporter_own", "administrator"),
    ),
    (
        "an unknown election term",
        "get",
        lambda o: reverse("reports:term_report", args=[o["term"].pk + 1000, "xlsx"]),
        ("reader", "administrator"),
    ),
    (
        "approve an unknown rating",
        "post",
        lambda o: reverse("followup:approve", args=[o["rating"].pk + 1000]),
        ("administrator",),
    ),
    (
        "public comments of an unknown round",
        "get",
        lambda o: reverse("public:manage_comments", args=[o["published"].pk + 1000]),
        ("administrator",),
    ),
]


def _cases(keep) -> list:
    """pytest params (row, role) for the MATRIX cells whose expected code `keep` accepts."""
    return [
        pytest.param(label, method, url, role, codes[index], id=f"{label}-{role}")
        for label, method, url, codes in MATRIX
        for index, role in enumerate(ROLES)
        if keep(role, codes[index])
    ]


def request_as(client_for, objects, role: str, label: str, method: str, url):
    client = client_for(role)
    data = DATA[label](objects) if label in DATA else {}
    return getattr(client, method)(url(objects), data)


@pytest.mark.parametrize(
    "label,method,url,role,expected", _cases(lambda role, code: role == "anonymous" and code == LOGIN)
)
def test_logged_out_goes_to_the_login_page(client_for, objects, label, method, url, role, expected):
    before = stored_state()
    response = request_as(client_for, objects, role, label, method, url)
    assert response.status_code == LOGIN, label
    assert response["Location"].startswith(reverse("login") + "?next="), label
    assert stored_state() == before, label


@pytest.mark.parametrize("label,method,url,role,expected", _cases(lambda role, code: code == 403))
def test_wrong_role_is_forbidden(client_for, objects, label, method, url, role, expected):
    before = stored_state()
    response = request_as(client_for, objects, role, label, method, url)
    assert response.status_code == 403, (label, role)
    assert stored_state() == before, (label, role)


@pytest.mark.parametrize("label,method,url,role,expected", _cases(lambda role, code: code == 404))
def test_someone_elses_object_is_not_found(client_for, objects, label, method, url, role, expected):
    before = stored_state()
    response = request_as(client_for, objects, role, label, method, url)
    assert response.status_code == 404, (label, role)
    assert stored_state() == before, (label, role)


@pytest.mark.parametrize(
    "label,method,url,role",
    [
        pytest.param(label, method, url, role, id=f"{label}-{role}")
        for label, method, url, roles in FOREIGN
        for role in roles
    ],
)
def test_a_foreign_object_is_not_found(client_for, objects, label, method, url, role):
    before = stored_state()
    response = request_as(client_for, objects, role, label, method, url)
    assert response.status_code == 404, (label, role)
    assert stored_state() == before, (label, role)


@pytest.mark.parametrize(
    "label,method,url,role,expected",
    _cases(lambda role, code: code not in (403, 404) and not (role == "anonymous" and code == LOGIN)),
)
def test_right_role_gets_the_expected_code(client_for, objects, label, method, url, role, expected):
    response = request_as(client_for, objects, role, label, method, url)
    assert response.status_code == expected, (label, role)
    if response.status_code == 302:
        assert not response["Location"].startswith(reverse("login")), (label, role)


def test_every_cell_of_the_matrix_is_tested():
    """Each (row, role) falls into exactly one of the failure-mode tests above."""
    modes = [
        _cases(lambda role, code: role == "anonymous" and code == LOGIN),
        _cases(lambda role, code: code == 403),
        _cases(lambda role, code: code == 404),
        _cases(lambda role, code: code not in (403, 404) and not (role == "anonymous" and code == LOGIN)),
    ]
    ids = [param.id for mode in modes for param in mode]
    assert len(ids) == len(set(ids)) == len(MATRIX) * len(ROLES)


def test_anonymous_sees_nothing_internal(client, objects):
    for label, method, url, expected in MATRIX:
        response = getattr(client, method)(url(objects))
        assert response.status_code == expected[0], label
        assert "3.04" not in response.content.decode(), label


def test_worklist_shows_a_reporter_only_their_departments_initiatives(client, objects, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    html = client.get(reverse("followup:worklist", args=[objects["round"].pk])).content.decode()
    ejendomme = set(
        Initiative.objects.filter(plan=objects["plan"], responsible_department__name="Ejendomme").values_list(
            "number", flat=True
        )
    )
    shown = {
        n
        for n in Initiative.objects.filter(plan=objects["plan"]).values_list("number", flat=True)
        if f'<span class="mp-number">{n}</span>' in html
    }
    assert shown == ejendomme
