import datetime

import pytest

from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, Initiative
from tests.factories import add_initiative


def _rate(initiative: Initiative, round_: FollowUpRound, index: int, status=Rating.Status.APPROVED) -> Rating:
    milestone = initiative.milestones.get(round=round_)
    if milestone.is_blank:
        effort, comment = "none", ""
    elif index % 5 == 1:
        effort, comment = "yellow", f"Forsinket indsats {initiative.number}; årets mål nås fortsat."
    elif index % 7 == 2:
        effort, comment = "red", f"Milepælen for {initiative.number} nås ikke i perioden."
    else:
        effort, comment = "green", "Nået."
    red_economy = index % 6 == 3
    return Rating.objects.create(
        initiative=initiative,
        round=round_,
        effort=effort,
        effort_comment=comment,
        economy="red" if red_economy else "green",
        economy_comment=f"Merudgift på {initiative.number}." if red_economy else "Budgettet holder.",
        alternative_financing=f"Finansieres af centrets ramme ({initiative.number})." if red_economy else "",
        status=status,
    )


@pytest.fixture
def rated_plan(round_plan):
    """round_plan (tests/conftest.py) plus 2.02.1, 2.02.2 and 6.02: eight initiatives in five
    themes, with approved ratings in round 1 (green, yellow, red, no milestone, red economy)
    and, in round 2, one submitted (not approved) rating of 3.04 and one draft."""
    for number, department in (
        ("2.02.1", "Økonomi og Styring"),
        ("2.02.2", "Økonomi og Styring"),
        ("6.02", "By, Erhverv og Miljø"),
    ):
        add_initiative(round_plan, number, department=department)
    round_1 = round_plan.agreement.rounds.get(ordinal=1)
    round_2 = round_plan.agreement.rounds.get(ordinal=2)
    initiatives = list(Initiative.objects.filter(plan=round_plan).order_by("sort_key"))
    for index, initiative in enumerate(initiatives):
        _rate(initiative, round_1, index)
    submitted = next(i for i in initiatives if i.number == "3.04")  # has a round-2 milestone
    _rate(submitted, round_2, 1, status=Rating.Status.SUBMITTED)  # yellow, submitted
    Rating.objects.create(initiative=initiatives[1], round=round_2, status=Rating.Status.DRAFT, effort="red")
    return round_plan


@pytest.fixture
def committee_plan(seed_plan, administrator):
    """The seed plan (35 initiatives) as a committee sees it in the second round: round 1
    approved for every initiative, round 2 approved for most — some better, some worse —
    submitted for a few and not rated for the last five; a comment pasted from Word (with
    its U+000B line break) and a council-approved revised economy."""
    from milepael.followup.models import EconomyRevision

    round_1, round_2 = (seed_plan.agreement.rounds.get(ordinal=n) for n in (1, 2))
    initiatives = list(Initiative.objects.filter(plan=seed_plan).order_by("sort_key"))
    for index, initiative in enumerate(initiatives):
        _rate(initiative, round_1, index)
    for index, initiative in enumerate(initiatives[:-5]):
        status = Rating.Status.SUBMITTED if index % 8 == 7 else Rating.Status.APPROVED
        rating = _rate(initiative, round_2, index + 2, status=status)
        if rating.effort_comment:
            rating.effort_comment += "\x0bSe også sagen i ESDH."
            rating.save()
    EconomyRevision.objects.create(
        initiative=initiatives[3],
        text="<p>Anlæg 7,5 mio. kr. i 2018 (før 6 mio. kr.).</p>",
        approved_on=datetime.date(2018, 5, 28),
        approval_reference="KB 28.05.2018, pkt. 12",
        created_by=administrator,
    )
    return seed_plan
