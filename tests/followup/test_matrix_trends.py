"""The smiley matrix tells apart a round not opened (–), a closed round without a rating
(Mangler), an open round not rated yet and each rating status, grouped by theme with totals;
the initiative page shows each round's milestone, smileys and comments in one row under a
trend strip of faces."""

import re

import pytest
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound
from tests.factories import RatingFactory

pytestmark = pytest.mark.django_db

Status = Rating.Status


@pytest.fixture
def rated_plan(round_plan):
    """Round 1 closed, round 2 open, rounds 3 and 4 not opened.
    Round 1: 1.02 glad (approved), 3.04 neutral (approved), 3.08 and 3.17 glad, 7.11 nothing.
    Round 2: 3.04 sur (submitted), 3.08 neutral (draft), 3.17 glad (returned)."""
    rounds = {r.ordinal: r for r in round_plan.agreement.rounds.all()}
    FollowUpRound.objects.filter(pk=rounds[1].pk).update(status=FollowUpRound.Status.CLOSED)
    FollowUpRound.objects.filter(pk=rounds[2].pk).update(status=FollowUpRound.Status.OPEN)
    initiatives = {i.number: i for i in round_plan.initiatives.all()}
    for number, effort in (("1.02", "green"), ("3.04", "yellow"), ("3.08", "green"), ("3.17", "green")):
        RatingFactory(initiative=initiatives[number], round=rounds[1], effort=effort)
    RatingFactory(initiative=initiatives["3.04"], round=rounds[2], effort="red", status=Status.SUBMITTED)
    RatingFactory(initiative=initiatives["3.08"], round=rounds[2], effort="yellow", status=Status.DRAFT)
    RatingFactory(initiative=initiatives["3.17"], round=rounds[2], effort="green", status=Status.RETURNED)
    return round_plan


def row_text(html: str, number: str) -> list[str]:
    """The texts of the cells of initiative `number`'s row in the matrix."""
    row = re.search(
        rf'<tr>\s*<th scope="row"><a [^>]*><span class="mp-number">{re.escape(number)}</span>.*?</tr>', html, re.S
    )
    return [html_to_text(cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row.group(0), re.S)]


def test_the_matrix_tells_not_opened_missing_not_rated_and_each_status_apart(staff_client, rated_plan):
    html = staff_client.get(reverse("followup:plan_smileys", args=[rated_plan.pk])).content.decode()
    missing, not_rated, not_opened, _year_end = row_text(html, "7.11")
    assert missing == "Mangler"  # round 1 is closed without a rating
    assert "Ikke vurderet" in not_rated  # round 2 is open
    assert not_opened.startswith("–") and "Ikke åbnet" in not_opened  # "–", and the words for a screen reader
    assert '<span aria-hidden="true">–</span><span class="sr-only">Ikke åbnet</span>' in html
    assert "Godkendt" in row_text(html, "1.02")[0]
    statuses = [row_text(html, number)[1] for number in ("3.04", "3.08", "3.17")]
    assert ["Indsendt" in statuses[0], "Kladde" in statuses[1], "Sendt retur" in statuses[2]] == [True] * 3
    assert "Sur" in statuses[0] and "Neutral" in statuses[1]  # the face's word, never colour alone


def test_the_matrix_is_grouped_by_theme_with_effort_totals_per_round(staff_client, rated_plan):
    response = staff_client.get(reverse("followup:plan_smileys", args=[rated_plan.pk]))
    themes = response.context["overview"].themes
    assert [group.theme.number for group in themes] == [1, 3, 7]
    assert [[i.number for i, _cells in group.rows] for group in themes] == [
        ["1.02"],
        ["3.04", "3.08", "3.17"],
        ["7.11"],
    ]
    theme_3 = themes[1]
    assert theme_3.totals[0] == {"green": 2, "yellow": 1, "red": 0, "none": 0, "unrated": 0}
    assert theme_3.totals[1] == {"green": 1, "yellow": 1, "red": 1, "none": 0, "unrated": 0}
    html = response.content.decode()
    assert html.count('class="mp-theme-row"') == 3
    total_row = re.search(
        r'<tr class="mp-theme-total">\s*<th scope="row">I alt, tema 3 \(indsats\)</th>(.*?)</tr>', html, re.S
    )
    first_round = html_to_text(re.findall(r"<td>(.*?)</td>", total_row.group(1), re.S)[0])
    assert re.sub(r"\s+", " ", first_round).strip() == "Glad 2 Neutral 1"


def test_the_initiative_page_shows_each_round_in_one_row_under_a_trend_strip(staff_client, rated_plan):
    initiative = rated_plan.initiatives.get(number="3.04")
    Rating.objects.filter(initiative=initiative, round__ordinal=1).update(effort_comment="Lidt forsinket.")
    html = staff_client.get(initiative.get_absolute_url()).content.decode()
    strip = re.search(r'<ol class="mp-trend-strip.*?</ol>', html, re.S).group(0)
    faces = re.sub(r"\s+", " ", html_to_text(strip.replace("</li>", " | </li>")))
    assert [part.strip() for part in faces.split("|")][:4] == [
        "1. budgetopfølgning 2018 Neutral",
        "2. budgetopfølgning 2018 Sur Indsendt",
        "3. budgetopfølgning 2018 – Ikke åbnet",
        "31.12.2018 – Ikke åbnet",
    ]
    first_row = re.search(r"<tr>\s*<th scope=\"row\">1. budgetopfølgning 2018</th>.*?</tr>", html, re.S).group(0)
    text = html_to_text(first_row)
    assert "På baggrund af analysen" in text  # the round's milestone …
    assert "Neutral" in text and "Lidt forsinket." in text  # … its smileys and comment …
    assert "Glad: budget overholdt" in text and "Godkendt" in text  # … in the same row
    assert "Milepæle pr. opfølgning" not in html  # no separate milestone table any more
