"""The objects and users the permission matrices (web and API) act on, built with factories.

The five roles of every matrix: anonymous, a reader, the reporter of the initiative's
department (reporter_own: Ejendomme, 3.04), the reporter of another department
(reporter_other: Politisk Sekretariat) and an administrator.
"""

import datetime

import pytest
from django.test import Client

from milepael.followup import services
from milepael.followup.models import EconomyRevision, Rating
from milepael.plans.models import Agreement, FollowUpRound, Initiative
from milepael.public import services as public_services
from milepael.public.models import Publication, PublicComment
from milepael.reports.models import ReportJob
from tests.factories import ReportJobFactory, add_initiative, plan_with_rounds, rate
from tests.followup.conftest import GREEN
from tests.term.factories import ObjectiveFactory

ROLES = ("anonymous", "reader", "reporter_own", "reporter_other", "administrator")
ROLE_FIXTURES = {
    "reader": "reader",
    "reporter_own": "ejendomme_reporter",
    "reporter_other": "other_reporter",
    "administrator": "administrator",
}


@pytest.fixture
def user_for(request):
    """user_for("reader") etc.: the user of that role; "anonymous": None."""

    def get(role: str):
        return None if role == "anonymous" else request.getfixturevalue(ROLE_FIXTURES[role])

    return get


@pytest.fixture
def client_for(user_for):
    """client_for(role): a test client logged in as that role (anonymous: not logged in)."""

    def make(role: str) -> Client:
        client = Client()
        user = user_for(role)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def objects(round_plan, open_round, ejendomme_reporter, other_reporter, own_initiative, administrator):
    """round_plan with round 1 open and 3.04's rating submitted by Ejendomme; round 2 planned;
    round 3 closed (publishable), round 4 closed and published; an election term; a finished
    report job ordered by Ejendomme's reporter; and a foreign plan of another agreement."""
    # A submitted rating by the department, so review URLs have something to act on.
    rating = rate(own_initiative, open_round, ejendomme_reporter, GREEN)
    rounds = {r.ordinal: r for r in round_plan.agreement.rounds.all()}
    for ordinal in (3, 4):
        services.open_round(rounds[ordinal], user=administrator, deadline=datetime.date(2018, 9, 15))
        rounds[ordinal] = services.close_round(
            rounds[ordinal], user=administrator, reason="Ingen vurderinger i testen."
        )
    public_services.publish_round(rounds[4], user=administrator)
    objective = ObjectiveFactory(area__term__committee=round_plan.committee)

    # Another agreement's plan, with an initiative of Ejendomme: the reporter's own department,
    # so only the object's place (not the user's right) makes it foreign.
    foreign_plan = plan_with_rounds(year=2017)
    foreign_initiative = add_initiative(foreign_plan, "3.04", department="Ejendomme")
    return {
        "plan": own_initiative.plan,
        "initiative": own_initiative,
        "round": open_round,
        "planned": rounds[2],
        "closed": rounds[3],
        "published": rounds[4],
        "rating": rating,
        "department": own_initiative.responsible_department,
        "reporter": ejendomme_reporter,
        "term": objective.area.term,
        "job": ReportJobFactory(plan=round_plan, created_by=ejendomme_reporter),
        "foreign_plan": foreign_plan,
        "foreign_initiative": foreign_initiative,
        "foreign_round": foreign_plan.agreement.rounds.get(ordinal=1),
    }


def stored_state() -> dict:
    """What a refused request must leave untouched: ratings, rounds, revisions, publications,
    public comments, plans carried over and report jobs."""
    return {
        "agreements": Agreement.objects.count(),
        "initiatives": Initiative.objects.count(),
        "revisions": EconomyRevision.objects.count(),
        "public_comments": sorted(PublicComment.objects.values_list("rating_id", "text")),
        "ratings": sorted(Rating.objects.values_list("pk", "status", "version", "effort", "economy")),
        "rounds": sorted(FollowUpRound.objects.values_list("pk", "status", "deadline")),
        "publications": sorted(Publication.objects.values_list("round_id", "withdrawn_at")),
        "jobs": sorted(ReportJob.objects.values_list("pk", "status")),
    }
