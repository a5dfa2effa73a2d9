"""Trend across years: an initiative carried over shows the smileys of every earlier year's
rounds (approved ones, as the committee's report counted them), newest year first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milepael.core.richtext import html_to_text
from milepael.followup.models import Rating
from tests.factories import InitiativeFactory, RatingFactory, ThemeFactory, plan_with_rounds

pytestmark = pytest.mark.django_db


def carried(years: list[int]):
    """The same initiative (3.04) in each year's plan, each carried over from the year before."""
    previous = None
    chain = []
    for year in years:
        plan = plan_with_rounds(year=year)
        theme = ThemeFactory(agreement=plan.agreement, number=3, title="Sammenhængende udviklingsforløb")
        previous = InitiativeFactory(
            plan=plan, theme=theme, number="3.04", title=f"Indeklima {year}", predecessor=previous
        )
        chain.append(previous)
    return chain


def rounds(initiative):
    return list(initiative.plan.agreement.rounds.order_by("ordinal"))


def test_a_carried_over_initiative_shows_every_earlier_years_smileys(reader_client):
    y2017, y2018, y2019 = carried([2017, 2018, 2019])
    RatingFactory(initiative=y2017, round=rounds(y2017)[0], effort="red", economy="red")
    RatingFactory(initiative=y2018, round=rounds(y2018)[0], effort="yellow")
    RatingFactory(initiative=y2018, round=rounds(y2018)[1], effort="red", status=Rating.Status.SUBMITTED)

    response = reader_client.get(y2019.get_absolute_url())
    years = response.context["earlier_years"]
    assert [year.initiative for year in years] == [y2018, y2017]  # newest first
    efforts = [[rating.effort if rating else "" for _round, rating in year.rounds] for year in years]
    assert efforts == [["yellow", "", "", ""], ["red", "", "", ""]]  # the submitted one is not counted
    text = html_to_text(response.content.decode())
    assert "Tidligere år" in text
    assert "Aftale om budget 2018" in text and "1. budgetopfølgning 2017" in text
    html = response.content.decode()
    assert f'href="{y2017.get_absolute_url()}"' in html and "style=" not in html


def test_an_initiative_not_carried_over_has_no_earlier_years(reader_client):
    (only,) = carried([2018])
    response = reader_client.get(only.get_absolute_url())
    assert response.context["earlier_years"] == []
    assert "Tidligere år" not in html_to_text(response.content.decode())


def test_the_queries_grow_with_the_years_not_with_the_ratings(reader_client):
    """One query per earlier year (the chain), whatever the number of rounds and ratings."""
    counts = []
    for years in ([2030, 2031], [2040, 2041]):
        first, last = carried(years)
        if years[0] == 2040:
            for round_ in rounds(first):
                RatingFactory(initiative=first, round=round_)
        reader_client.get(last.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            reader_client.get(last.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
