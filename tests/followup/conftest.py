import datetime

import pytest

from milepael.followup import services
from milepael.organisation.models import Department, Profile
from milepael.plans.models import FollowUpRound, Initiative
from tests.conftest import make_user


@pytest.fixture
def open_round(seed_plan, administrator) -> FollowUpRound:
    """Round 1 of the seed plan, opened by the finance department."""
    round_ = FollowUpRound.objects.get(ordinal=1)
    return services.open_round(round_, user=administrator, deadline=datetime.date(2018, 4, 15))


@pytest.fixture
def ejendomme_reporter(seed_plan):
    return make_user("ejendomme", Profile.Role.REPORTER, [Department.objects.get(name="Ejendomme")])


@pytest.fixture
def other_reporter(seed_plan):
    return make_user("politisk", Profile.Role.REPORTER, [Department.objects.get(name="Politisk Sekretariat")])


@pytest.fixture
def own_initiative(seed_plan) -> Initiative:
    """3.04 – responsible department Ejendomme; its round-1 milestone has text."""
    return Initiative.objects.get(number="3.04")


@pytest.fixture
def blank_milestone_initiative(seed_plan) -> Initiative:
    """7.11 – Ejendomme is not responsible (By, Erhverv og Miljø); round 1 milestone is blank."""
    return Initiative.objects.get(number="7.11")


GREEN = services.RatingInput(effort="green", economy="green", effort_comment="Nået.")
