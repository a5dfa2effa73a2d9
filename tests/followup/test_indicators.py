"""Key figures (nøgletal) on initiatives: defined in the admin, a value per round entered by
the department beside its rating, drawn as a chart with its table on the initiative page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup.models import Indicator, IndicatorValue, Rating
from milepael.plans.models import FollowUpRound
from tests.core.svg import SVG, parse_svg

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(own_initiative):
    return Indicator.objects.create(
        initiative=own_initiative,
        name="Klager over indeklima",
        unit="antal",
        baseline=Decimal("12"),
        target=Decimal("4.5"),
    )


def rate_url(round_, initiative) -> str:
    return reverse("followup:rate", args=[round_.pk, initiative.pk])


def test_the_reporter_enters_the_rounds_value_beside_the_rating(
    client, open_round, own_initiative, indicator, ejendomme_reporter
):
    client.force_login(ejendomme_reporter)
    page = html_to_text(client.get(rate_url(open_round, own_initiative)).content.decode())
    assert "Klager over indeklima (antal)" in page
    assert "udgangspunkt 12, mål 4,5" in page
    response = client.post(
        rate_url(open_round, own_initiative),
        {"effort": "green", "economy": "green", "version": 0, "draft": "1", f"indicator_{indicator.pk}": "7,5"},
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator, round=open_round).value == Decimal("7.5")
    html = client.get(rate_url(open_round, own_initiative)).content.decode()
    assert 'value="7,5"' in html  # shown again the Danish way

    version = Rating.objects.get().version
    client.post(
        rate_url(open_round, own_initiative),
        {"effort": "green", "economy": "green", "version": version, "draft": "1", f"indicator_{indicator.pk}": ""},
    )
    assert not IndicatorValue.objects.exists()  # emptied: the value is gone


def test_a_refused_rating_saves_no_value_either(client, open_round, own_initiative, indicator, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    response = client.post(
        rate_url(open_round, own_initiative),
        {"effort": "red", "economy": "green", "version": 0, "submit": "1", f"indicator_{indicator.pk}": "9"},
    )
    assert response.status_code == 422  # a red smiley needs its explanation
    assert not IndicatorValue.objects.exists()
    response = client.post(
        rate_url(open_round, own_initiative),
        {"effort": "green", "economy": "green", "version": 0, "draft": "1", f"indicator_{indicator.pk}": "mange"},
    )
    assert response.status_code == 422
    assert not Rating.objects.exists() and not IndicatorValue.objects.exists()


def test_another_department_cannot_enter_values(client, open_round, own_initiative, indicator, other_reporter):
    client.force_login(other_reporter)
    response = client.post(
        rate_url(open_round, own_initiative),
        {"effort": "green", "economy": "green", "version": 0, "draft": "1", f"indicator_{indicator.pk}": "3"},
    )
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_the_initiative_page_draws_the_values_with_their_table(reader_client, round_plan, own_initiative, indicator):
    rounds = {r.ordinal: r for r in FollowUpRound.objects.filter(agreement=round_plan.agreement)}
    IndicatorValue.objects.create(indicator=indicator, round=rounds[1], value=Decimal("10"))
    IndicatorValue.objects.create(indicator=indicator, round=rounds[2], value=Decimal("7.5"))
    html = reader_client.get(own_initiative.get_absolute_url()).content.decode()
    start = html.index(f'<svg id="indsatsnoegletal-{indicator.pk}"')
    chart = parse_svg(html[start : html.index("</svg>", start) + len("</svg>")])
    assert chart.get("role") == "img"
    assert chart.find(f"{SVG}title").text == "Klager over indeklima (antal)"
    assert chart.find(f"{SVG}desc").text.startswith(
        "Klager over indeklima faldt fra 10,0 antal i 1. budgetopfølgning 2018"
    )
    assert "style=" not in html
    text = " ".join(html_to_text(html).split())
    assert "Udgangspunkt 12" in text and "Mål 4,5" in text
    assert "1. budgetopfølgning 2018 10 2. budgetopfølgning 2018 7,5 3. budgetopfølgning 2018 Ikke indtastet" in text
