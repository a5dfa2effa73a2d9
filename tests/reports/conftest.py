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
