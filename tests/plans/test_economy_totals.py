"""Totals of the adopted amounts per theme and for the plan on the plan page (issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milepael.core.richtext import html_to_text
from milepael.plans.models import EconomyAmount

pytestmark = pytest.mark.django_db


def add(plan, number, year, kind, sign, kroner):
    initiative = plan.initiatives.get(number=number)
    EconomyAmount.objects.create(initiative=initiative, year=year, kind=kind, sign=sign, amount_kr=kroner)


def page_text(client, plan) -> str:
    return " ".join(html_to_text(client.get(plan.get_absolute_url()).content.decode()).split())


def test_plan_page_totals_the_amounts_per_theme_and_for_the_plan(reader_client, seed_plan):
    add(seed_plan, "3.04", 2018, "anlaeg", "udgift", 6_500_000)
    for year in (2018, 2019, 2020, 2021):
        add(seed_plan, "3.04", year, "drift", "udgift", 500_000)
        add(seed_plan, "3.24", year, "drift", "udgift", 500_000)
    add(seed_plan, "8.08", 2019, "drift", "besparelse", 6_000_000)
    text = page_text(reader_client, seed_plan)
    theme3 = seed_plan.initiatives.get(number="3.04").theme
    theme8 = seed_plan.initiatives.get(number="8.08").theme
    assert f"{theme3} Udgift: 4 mio. kr. Udgift: 6,5 mio. kr." in text
    assert f"{theme8} Besparelse: 6 mio. kr. –" in text
    assert "Udmøntningen i alt Udgift: 4 mio. kr. Besparelse: 6 mio. kr. Udgift: 6,5 mio. kr." in text


def test_plan_page_without_amounts_has_no_totals(reader_client, seed_plan):
    assert "Økonomi i budgetperioden" not in page_text(reader_client, seed_plan)


def test_plan_page_queries_do_not_grow_with_amounts(reader_client, seed_plan):
    add(seed_plan, "3.04", 2018, "anlaeg", "udgift", 1)
    with CaptureQueriesContext(connection) as few:
        reader_client.get(seed_plan.get_absolute_url())
    for number in ("3.24", "8.08", "7.04", "6.02"):
        for year in (2018, 2019, 2020, 2021):
            add(seed_plan, number, year, "drift", "udgift", 1)
    with CaptureQueriesContext(connection) as many:
        reader_client.get(seed_plan.get_absolute_url())
    assert len(many) == len(few)
