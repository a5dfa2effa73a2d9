"""A factory-built plan with every kind of content the public pages must and must not show."""

import datetime
from dataclasses import dataclass

import pytest

from milepael.followup import services as followup
from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative
from milepael.public import services
from tests.factories import add_initiative

# Strings that exist in the database but must never reach a public page.
SECRETS = {
    "effort_comment": "INTERN-INDSATS-KOMMENTAR",
    "economy_comment": "INTERN-OEKONOMI-KOMMENTAR",
    "alternative_financing": "INTERN-ALTERNATIV-FINANSIERING",
    "review_remark": "INTERN-BEMAERKNING-FRA-OEKONOMI",
    "revision_text": "INTERN-REVIDERET-OEKONOMI-TEKST",
    "revision_reference": "INTERN-KB-REFERENCE-2018-42",
    "unpublished_comment": "INTERN-KOMMENTAR-I-UPUBLICERET-RUNDE",
}
PUBLIC_COMMENT = "Indsatsen er gennemført som planlagt."


@dataclass
class World:
    plan: ImplementationPlan
    round1: FollowUpRound
    round2: FollowUpRound
    approved: Initiative  # approved in round 1, with a public comment
    returned: Initiative  # sent back in round 1 (a red smiley that must not show)
    submitted: Initiative  # submitted, never approved, in round 1
    draft: Initiative  # draft in round 1
    unpublished: Initiative  # approved red in round 2, which is not published


def _rate(initiative, round_, user, *, effort, economy="green", submit=True, index=0):
    milestone = followup.milestone_for(initiative, round_)
    if milestone is None or milestone.is_blank:
        effort = "none"
    data = followup.RatingInput(
        effort=effort,
        effort_comment=f"{SECRETS['effort_comment']}-{index}",
        economy=economy,
        economy_comment=f"{SECRETS['economy_comment']}-{index}",
        alternative_financing=SECRETS["alternative_financing"] if economy == "red" else "",
    )
    return followup.save_rating(
        initiative=initiative, round_=round_, user=user, data=data, expected_version=0, submit=submit
    )


@pytest.fixture
def world(round_plan, administrator) -> World:
    """round_plan plus 3.23. Round 1 closed and published: 3.04 approved green with a public
    comment and a revised economy, 3.08 returned, 3.17 submitted, 3.23 a draft, the others
    approved (1.02 yellow; 7.11 has no milestone). Round 2: 1.02 approved red, unpublished."""
    add_initiative(round_plan, "3.23", department="Ejendomme")
    round1 = round_plan.agreement.rounds.get(ordinal=1)
    round2 = round_plan.agreement.rounds.get(ordinal=2)
    followup.open_round(round1, user=administrator, deadline=datetime.date(2018, 4, 15))
    initiatives = list(round_plan.initiatives.order_by("sort_key"))
    returned, submitted, draft = (round_plan.initiatives.get(number=n) for n in ("3.08", "3.17", "3.23"))
    approved = round_plan.initiatives.get(number="3.04")
    followup.revise_economy(
        approved,
        user=administrator,
        text=f"<p>{SECRETS['revision_text']}</p>",
        approved_on=datetime.date(2018, 1, 10),
        approval_reference=SECRETS["revision_reference"],
    )
    for index, initiative in enumerate(initiatives):
        if initiative == draft:
            _rate(initiative, round1, administrator, effort="red", economy="red", submit=False, index=index)
            continue
        effort = "red" if initiative in (returned, submitted) else ("yellow" if index % 5 == 0 else "green")
        economy = "red" if initiative in (returned, submitted) else "green"
        rating = _rate(initiative, round1, administrator, effort=effort, economy=economy, index=index)
        if initiative == returned:
            followup.return_rating(
                rating, user=administrator, expected_version=rating.version, remark=SECRETS["review_remark"]
            )
        elif initiative != submitted:
            followup.approve_rating(rating, user=administrator, expected_version=rating.version)
    followup.close_round(round1, user=administrator, reason="Lukket til udvalget; resten følger.")
    services.publish_round(round1, user=administrator)
    services.set_public_comment(
        Rating.objects.get(initiative=approved, round=round1), user=administrator, text=PUBLIC_COMMENT
    )

    # Round 2: open, one approved red rating with a comment, never published.
    followup.open_round(round2, user=administrator, deadline=datetime.date(2018, 8, 15))
    unpublished = round_plan.initiatives.get(number="1.02")
    rating = _rate(unpublished, round2, administrator, effort="red", economy="red", index=999)
    rating = followup.approve_rating(rating, user=administrator, expected_version=rating.version)
    # A public comment written for round 2 must not show either while round 2 is unpublished.
    services.set_public_comment(rating, user=administrator, text=SECRETS["unpublished_comment"])
    return World(round_plan, round1, round2, approved, returned, submitted, draft, unpublished)
