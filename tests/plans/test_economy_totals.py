"""Totals of the amounts in force per theme and for the plan on the plan page (issue 17): net
per year and kind (expenses plus, savings and incomes minus); one rule with the workbook and
the API."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from milepael.core.richtext import html_to_text
from milepael.exchange.xlsx_plan import export_plan_xlsx
from milepael.followup import services
from milepael.plans.models import EconomyAmount

pytestmark = pytest.mark.django_db


def add(plan, number, year, kind, sign, kroner):
    initiative = plan.initiatives.get(number=number)
    EconomyAmount.objects.create(initiative=initiative, year=year, kind=kind, sign=sign, amount_kr=kroner)
    return initiative


def page_text(client, plan) -> str:
    return " ".join(html_to_text(client.get(plan.get_absolute_url()).content.decode()).split())


def test_plan_page_totals_the_amounts_per_theme_year_and_kind(reader_client, seed_plan):
    add(seed_plan, "3.04", 2018, "anlaeg", "udgift", 6_500_000)
    for year in (2018, 2019, 2020, 2021):
        add(seed_plan, "3.04", year, "drift", "udgift", 500_000)
        add(seed_plan, "3.24", year, "drift", "udgift", 500_000)
    add(seed_plan, "8.08", 2019, "drift", "besparelse", 6_000_000)
    text = page_text(reader_client, seed_plan)
    theme3 = seed_plan.initiatives.get(number="3.04").theme
    theme8 = seed_plan.initiatives.get(number="8.08").theme
    assert "2018 2019 2020 2021 Tema Drift Anlæg Drift Drift Drift I alt" in text
    assert f"{theme3} 1 mio. kr. 6,5 mio. kr. 1 mio. kr. 1 mio. kr. 1 mio. kr. 10,5 mio. kr." in text
    # A saving counts minus.
    assert f"{theme8} – – -6 mio. kr. – – -6 mio. kr." in text
    assert "Udmøntningen i alt 1 mio. kr. 6,5 mio. kr. -5 mio. kr. 1 mio. kr. 1 mio. kr. 4,5 mio. kr." in text


def test_plan_page_without_amounts_has_no_totals(reader_client, seed_plan):
    assert "Økonomi i budgetperioden" not in page_text(reader_client, seed_plan)


def test_after_an_approved_revision_plan_page_workbook_and_api_agree(reader_client, reader, seed_plan, administrator):
    initiative = add(seed_plan, "3.04", 2018, "drift", "udgift", 500_000)
    add(seed_plan, "3.04", 2019, "drift", "udgift", 500_000)
    services.revise_economy(
        initiative,
        user=administrator,
        text="Nedjusteret.",
        approved_on=datetime.date(2019, 3, 1),
        approval_reference="KB 28.02.2019",
        amounts=[EconomyAmount(year=2019, kind="drift", sign="udgift", amount_kr=300_000)],
    )
    # The plan page: 2019 is the revision's 300.000, not the adopted 500.000.
    assert f"{initiative.theme} 500.000 kr. 300.000 kr. 800.000 kr." in page_text(reader_client, seed_plan)
    # The workbook.
    workbook = load_workbook(io.BytesIO(export_plan_xlsx(seed_plan)))
    amounts = [[c.value for c in row] for row in workbook["Økonomi"].iter_rows(min_row=2)]
    assert [(row[4], row[7]) for row in amounts if row[2] == "3.04"] == [(2018, 500_000), (2019, 300_000)]
    # The API.
    api = APIClient()
    api.force_authenticate(reader)
    body = api.get(f"/api/initiatives/{initiative.pk}/").json()
    assert [(a["year"], a["amount_kr"]) for a in body["economy_amounts_in_force"]] == [(2018, 500_000), (2019, 300_000)]
    assert [(a["year"], a["amount_kr"]) for a in body["economy_amounts"]] == [(2018, 500_000), (2019, 500_000)]


def revise(initiative, user):
    services.revise_economy(
        initiative,
        user=user,
        text="Ny.",
        approved_on=datetime.date(2019, 3, 1),
        approval_reference="KB",
        amounts=[EconomyAmount(year=2019, kind="drift", sign="udgift", amount_kr=2)],
    )


def test_plan_page_queries_do_not_grow_with_amounts_or_revisions(reader_client, seed_plan, administrator):
    revise(add(seed_plan, "3.04", 2018, "anlaeg", "udgift", 1), administrator)
    with CaptureQueriesContext(connection) as few:
        reader_client.get(seed_plan.get_absolute_url())
    for number in ("3.24", "8.08", "7.04", "6.02"):
        for year in (2018, 2019, 2020, 2021):
            initiative = add(seed_plan, number, year, "drift", "udgift", 1)
        revise(initiative, administrator)
    with CaptureQueriesContext(connection) as many:
        reader_client.get(seed_plan.get_absolute_url())
    assert len(many) == len(few)
