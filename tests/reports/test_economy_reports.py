"""The economy in the plan and agreement reports (issue 17): the budget in force per theme or
committee by year and kind, the round's expected results and deviation summed, and each
initiative's expected result beside its economy smiley, in HTML, PDF, Word and Excel."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.plans.models import EconomyAmount
from milepael.reports.agreement import build_agreement_report
from milepael.reports.builders import build_plan_report
from milepael.reports.renderers import AGREEMENT, PLAN, renderer_for
from tests.factories import DepartmentFactory, InitiativeFactory, RatingFactory, plan_with_rounds

from .textcheck import docx_text, normalise, pdf_text

pytestmark = pytest.mark.django_db


def amount(initiative, year, kind, sign, kroner):
    EconomyAmount.objects.create(initiative=initiative, year=year, kind=kind, sign=sign, amount_kr=kroner)


@pytest.fixture
def economy(round_plan, administrator):
    """Økonomiudvalget: 3.04 drift 2 mio. kr. a year 2018-2019 (2019 revised to 1,5 mio. kr.),
    anlæg 6,5 mio. kr. in 2018; 1.02 a saving of 0,5 mio. kr. in 2018. Børne- og Skoleudvalget:
    3.01 drift 1 mio. kr. in 2018. Round 1: 3.04 expects 2,5 mio. kr. (budget 8,5 mio. kr.),
    3.01 expects 0,8 mio. kr. (budget 1 mio. kr.)."""
    other = plan_with_rounds(committee="Børne- og Skoleudvalget", agreement=round_plan.agreement)
    first = round_plan.agreement.rounds.get(ordinal=1)
    theme = round_plan.agreement.themes.get(number=3)
    dagtilbud = InitiativeFactory(plan=other, theme=theme, number="3.01", responsible_department=DepartmentFactory())
    amount(dagtilbud, 2018, "drift", "udgift", 1_000_000)
    own = {i.number: i for i in round_plan.initiatives.all()}
    for year in (2018, 2019):
        amount(own["3.04"], year, "drift", "udgift", 2_000_000)
    amount(own["3.04"], 2018, "anlaeg", "udgift", 6_500_000)
    amount(own["1.02"], 2018, "drift", "besparelse", 500_000)
    services.revise_economy(
        own["3.04"],
        user=administrator,
        text="Nedjusteret.",
        approved_on=datetime.date(2019, 2, 1),
        approval_reference="KB",
        amounts=[EconomyAmount(year=2019, kind="drift", sign="udgift", amount_kr=1_500_000)],
    )
    RatingFactory(initiative=own["3.04"], round=first, economy="red", expected_result_kr=9_000_000, budget_kr=8_500_000)
    RatingFactory(initiative=dagtilbud, round=first, expected_result_kr=800_000, budget_kr=1_000_000)
    return round_plan, other


def rows(table):
    return [(row.label, row.texts) for row in [*table.rows, table.total]]


def test_plan_report_totals_budget_in_force_per_theme_and_the_expected_results(economy):
    plan, _other = economy
    report = build_plan_report(plan, 1)
    budget, expected = report.economy_tables
    assert budget.header == ["Tema", "Drift 2018", "Anlæg 2018", "Drift 2019", "I alt"]
    # 2019 is the revision's 1,5 mio. kr., not the adopted 2 mio. kr.; the saving counts minus.
    assert rows(budget) == [
        ("1. Vision 2029", ["-500.000 kr.", "–", "–", "-500.000 kr."]),
        ("3. Sammenhængende udviklingsforløb 0-25 år", ["2 mio. kr.", "6,5 mio. kr.", "1,5 mio. kr.", "10 mio. kr."]),
        ("Udmøntningen i alt", ["1,5 mio. kr.", "6,5 mio. kr.", "1,5 mio. kr.", "9,5 mio. kr."]),
    ]
    assert expected.header == ["Tema", "Budget 2018", "Forventet resultat", "Afvigelse"]
    assert rows(expected)[-1] == ("I alt", ["8,5 mio. kr.", "9 mio. kr.", "500.000 kr."])
    economy_rows = [row for t in report.themes for i in t.initiatives for row in i.rows if row.kind == "economy"]
    remarks = [r.text for row in economy_rows for r in row.remarks if r.label == "Forventet resultat"]
    assert remarks == ["9 mio. kr. (budget 8,5 mio. kr.): 500.000 kr. (5,9 %) over budget, foreslået smiley sur"]
    # The plan itself has the budget, not the round's expected results.
    assert len(build_plan_report(plan).economy_tables) == 1


def test_agreement_report_totals_per_committee_and_for_the_agreement(economy):
    plan, _other = economy
    budget, expected = build_agreement_report(plan.agreement_id, 1).economy_tables
    assert [row[0] for row in rows(budget)] == ["Børne- og Skoleudvalget", "Økonomiudvalget", "Aftalen i alt"]
    assert rows(budget)[-1][1][-1] == "10,5 mio. kr."
    assert rows(expected) == [
        ("Børne- og Skoleudvalget", ["1 mio. kr.", "800.000 kr.", "-200.000 kr."]),
        ("Økonomiudvalget", ["8,5 mio. kr.", "9 mio. kr.", "500.000 kr."]),
        ("I alt", ["9,5 mio. kr.", "9,8 mio. kr.", "300.000 kr."]),
    ]


def test_every_format_shows_the_tables(economy, tmp_path):
    plan, _other = economy
    report = build_plan_report(plan, 1)
    html = normalise(html_to_text(renderer_for(PLAN, "html").render(report).decode()))
    pdf = normalise(pdf_text(renderer_for(PLAN, "pdf").render(report), tmp_path))
    word = normalise(docx_text(renderer_for(PLAN, "docx").render(report)))
    for text in (html, pdf, word):
        assert "Økonomi i budgetperioden" in text
        assert "Forventet resultat for 2018 i 1. budgetopfølgning 2018" in text
        assert "9,5 mio. kr." in text
        assert "500.000 kr. (5,9 %) over budget" in text
    workbook = load_workbook(io.BytesIO(renderer_for(PLAN, "xlsx").render(report)))
    sheet = [list(row) for row in workbook["Budget i kraft"].iter_rows(values_only=True)]
    assert sheet[-1] == ["Udmøntningen i alt", 1_500_000, 6_500_000, 1_500_000, 9_500_000]
    assert workbook["Budget i kraft"]["B2"].number_format == "#,##0"
    lines = list(workbook["Indsatser pr. opfølgning"].iter_rows(values_only=True))
    assert lines[0][-3:] == ("Forventet resultat (kr.)", "Budget for året (kr.)", "Afvigelse (kr.)")
    assert [line[-3:] for line in lines if line[0] == "3.04"] == [(9_000_000, 8_500_000, 500_000)]
    agreement = build_agreement_report(plan.agreement_id, 1)
    workbook = load_workbook(io.BytesIO(renderer_for(AGREEMENT, "xlsx").render(agreement)))
    assert [row[0] for row in workbook["Forventet resultat"].iter_rows(values_only=True)][-1] == "I alt"
    word = normalise(docx_text(renderer_for(AGREEMENT, "docx").render(agreement)))
    assert "Aftalen i alt" in word


def test_agreement_report_queries_do_not_grow_with_amounts(economy, administrator):
    plan, other = economy
    with CaptureQueriesContext(connection) as few:
        build_agreement_report(plan.agreement_id, 1)
    first = plan.agreement.rounds.get(ordinal=1)
    for index in range(6):
        initiative = InitiativeFactory(plan=other, theme=other.agreement.themes.get(number=3), number=f"3.{20 + index}")
        amount(initiative, 2018, "anlaeg", "indtaegt", 100_000)
        RatingFactory(initiative=initiative, round=first, expected_result_kr=0, budget_kr=-100_000)
    with CaptureQueriesContext(connection) as many:
        build_agreement_report(plan.agreement_id, 1)
    assert len(many) == len(few)
