"""The plan workbook's economy sheets (issue 17): every amount in force and the totals per
theme and for the plan, in whole kroner; the import still reads the workbook."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from milepael.exchange.plan_import import import_plan
from milepael.exchange.xlsx_plan import export_plan_xlsx, read_plan_xlsx
from milepael.followup import services
from milepael.plans.models import EconomyAmount

pytestmark = pytest.mark.django_db


def add(plan, number, year, kind, sign, kroner):
    initiative = plan.initiatives.get(number=number)
    EconomyAmount.objects.create(initiative=initiative, year=year, kind=kind, sign=sign, amount_kr=kroner)
    return initiative


def rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_economy_sheets_list_the_amounts_in_force_and_total_them_per_theme_and_plan(seed_plan, administrator):
    add(seed_plan, "3.04", 2018, "anlaeg", "udgift", 6_500_000)
    initiative = add(seed_plan, "3.04", 2019, "drift", "udgift", 500_000)
    add(seed_plan, "3.24", 2018, "drift", "udgift", 500_000)
    add(seed_plan, "8.08", 2019, "drift", "besparelse", 6_000_000)
    services.revise_economy(
        initiative,
        user=administrator,
        text="Nedjusteret.",
        approved_on=datetime.date(2019, 3, 1),
        approval_reference="KB 28.02.2019",
        amounts=[EconomyAmount(year=2019, kind="drift", sign="udgift", amount_kr=300_000)],
    )
    workbook = load_workbook(io.BytesIO(export_plan_xlsx(seed_plan)))
    amounts = rows(workbook["Økonomi"])
    # 2018 before the revision's year is kept; 2019 is the revision's.
    assert [row[4:8] for row in amounts if row[2] == "3.04"] == [
        [2018, "Anlæg", "Udgift", 6_500_000],
        [2019, "Drift", "Udgift", 300_000],
    ]
    assert {row[8] for row in amounts if row[2] == "3.04"} == {"Revideret: KB 28.02.2019"}
    assert [row[8] for row in amounts if row[2] == "3.24"] == ["Vedtaget"]
    assert workbook["Økonomi"]["H2"].number_format == "#,##0"
    totals = rows(workbook["Økonomi i alt"])
    assert [row[2:] for row in totals if row[0] == 3] == [["Anlæg", "Udgift", 6_500_000], ["Drift", "Udgift", 800_000]]
    assert [row for row in totals if row[0] == 8] == [
        [8, seed_plan.initiatives.get(number="8.08").theme.title, "Drift", "Besparelse", 6_000_000]
    ]
    assert [None, "Udmøntningen i alt", "Drift", "Udgift", 800_000] in totals
    assert [None, "Udmøntningen i alt", "Drift", "Besparelse", 6_000_000] in totals
    assert totals[-1][0] is None  # the plan's total last


def test_the_workbook_with_economy_sheets_still_imports_and_keeps_the_amounts(seed_plan):
    add(seed_plan, "3.24", 2018, "drift", "udgift", 500_000)
    import_plan(read_plan_xlsx(export_plan_xlsx(seed_plan)), plain_rich_text=True)
    assert EconomyAmount.objects.filter(initiative__number="3.24").count() == 1


def test_export_queries_do_not_grow_with_amounts(seed_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add(seed_plan, "3.24", 2018, "drift", "udgift", 500_000)
    with CaptureQueriesContext(connection) as few:
        export_plan_xlsx(seed_plan)
    for number in ("3.04", "8.08", "7.04"):
        for year in (2018, 2019, 2020, 2021):
            add(seed_plan, number, year, "drift", "udgift", 1)
    with CaptureQueriesContext(connection) as many:
        export_plan_xlsx(seed_plan)
    assert len(many) == len(few)
