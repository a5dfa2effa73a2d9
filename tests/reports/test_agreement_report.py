"""The combined report of a whole agreement: a section per committee's plan, and a summary
whose totals are the sum of the plans' (as each committee's own report counts them)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from milepael.core.richtext import html_to_text
from milepael.reports.agreement import build_agreement_report
from milepael.reports.builders import build_plan_report
from tests.factories import DepartmentFactory, InitiativeFactory, RatingFactory, plan_with_rounds
from tests.reports.documents import body_lines, footers, heading_roles, layout_pages, pdfua_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_plans(round_plan):
    """round_plan (Økonomiudvalget, five initiatives) and Børne- og Skoleudvalget's plan of the
    same agreement (3.01 glad, 3.02 sur/sur economy); round 1 rated in both."""
    other = plan_with_rounds(committee="Børne- og Skoleudvalget", agreement=round_plan.agreement)
    first = round_plan.agreement.rounds.get(ordinal=1)
    theme = round_plan.agreement.themes.get(number=3)
    dagtilbud = DepartmentFactory(name="Dagtilbud")
    for number, effort, economy in (("3.01", "green", "green"), ("3.02", "red", "red")):
        initiative = InitiativeFactory(
            plan=other, theme=theme, number=number, responsible_department=dagtilbud, title=f"Dagtilbud {number}"
        )
        RatingFactory(initiative=initiative, round=first, effort=effort, economy=economy)
    own = {i.number: i for i in round_plan.initiatives.all()}
    RatingFactory(initiative=own["1.02"], round=first, effort="green")
    RatingFactory(initiative=own["3.04"], round=first, effort="yellow", economy="red")
    return round_plan, other


def test_the_summary_is_the_sum_of_the_plans_and_each_plan_has_its_section(two_plans):
    seed, other = two_plans
    report = build_agreement_report(seed.agreement_id, 1)
    assert [plan.committee for plan in report.plans] == ["Børne- og Skoleudvalget", "Økonomiudvalget"]
    assert [group.label for group in report.by_committee] == ["Børne- og Skoleudvalget", "Økonomiudvalget"]
    # Each committee's line is what its own report counts …
    for plan, group in zip((other, seed), report.by_committee, strict=True):
        own = build_plan_report(plan, 1).summary.total
        assert (group.effort, group.economy) == (own.effort, own.economy)
    # … and the total is their sum.
    assert report.total.effort == {"green": 2, "yellow": 1, "red": 1, "none": 0, "unrated": 3}
    assert report.total.economy == {"green": 2, "red": 2, "unrated": 3}
    assert report.total.initiatives == report.initiative_count == 7
    assert report.filename("xlsx") == "opfoelgning-1-aftale-om-budget-2018-alle-udvalg.xlsx"


def test_the_page_shows_the_summary_and_every_committees_report(reader_client, two_plans):
    seed, _other = two_plans
    url = reverse(
        "reports:agreement_report", kwargs={"agreement_pk": seed.agreement_id, "ordinal": 1, "format": "html"}
    )
    response = reader_client.get(url)
    assert response.status_code == 200
    text = html_to_text(response.content.decode())
    assert "Opfølgning på Aftale om budget 2018: alle udvalg" in text
    assert "Resumé for hele aftalen" in text
    assert "3.02. Dagtilbud 3.02" in text and "3.04." in text  # both plans' initiatives, in their sections
    html = response.content.decode()
    assert 'id="udvalg-1"' in html and 'id="udvalg-2"' in html and "style=" not in html
    # The agreement page links to it, and to the Word and Excel files.
    agreement_page = reader_client.get(reverse("followup:agreement", args=[seed.agreement_id])).content.decode()
    for format in ("html", "pdf", "docx", "xlsx"):
        assert f'href="{url.removesuffix(".html")}.{format}"' in agreement_page


def test_the_excel_workbook_has_the_committees_the_total_and_every_plans_rows(reader_client, two_plans):
    seed, _other = two_plans
    url = reverse(
        "reports:agreement_report", kwargs={"agreement_pk": seed.agreement_id, "ordinal": 1, "format": "xlsx"}
    )
    response = reader_client.get(url)
    assert response.status_code == 200
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    resume = [row for row in workbook["Resumé"].iter_rows(values_only=True)]
    assert [row[0] for row in resume] == ["Udvalg", "Børne- og Skoleudvalget", "Økonomiudvalget", "I alt"]
    assert resume[-1][1:] == tuple(a + b for a, b in zip(resume[1][1:], resume[2][1:], strict=True))
    rows = list(workbook["Indsatser pr. opfølgning"].iter_rows(values_only=True))[1:]
    assert len(rows) == 7 * 1  # seven initiatives, round 1
    assert {row[0] for row in rows} >= {"3.01", "3.02", "1.02", "3.04"}


def test_an_unknown_round_or_format_is_not_found(reader_client, two_plans):
    seed, _other = two_plans
    for ordinal, format in ((9, "html"), (1, "exe")):
        url = reverse(
            "reports:agreement_report", kwargs={"agreement_pk": seed.agreement_id, "ordinal": ordinal, "format": format}
        )
        assert reader_client.get(url).status_code == 404


def test_the_word_document_has_the_summary_and_every_committees_report(reader_client, two_plans):
    from docx import Document

    seed, other = two_plans
    url = reverse(
        "reports:agreement_report", kwargs={"agreement_pk": seed.agreement_id, "ordinal": 1, "format": "docx"}
    )
    response = reader_client.get(url)
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content])))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["Opfølgning på Aftale om budget 2018: alle udvalg", other.title, seed.title]
    summary = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in summary.rows]
    assert [row[0] for row in rows[2:]] == ["Børne- og Skoleudvalget", "Økonomiudvalget", "I alt"]
    committees = [[int(n) for n in row[1:]] for row in rows[2:]]
    assert committees[2] == [a + b for a, b in zip(committees[0], committees[1], strict=True)]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "3.02. Dagtilbud 3.02" in text or any("Dagtilbud 3.02" in t.rows[0].cells[0].text for t in document.tables)


def test_the_pdf_is_tagged_and_has_the_summary_then_a_section_per_committee(reader_client, two_plans, tmp_path):
    seed, other = two_plans
    url = reverse("reports:agreement_report", kwargs={"agreement_pk": seed.agreement_id, "ordinal": 1, "format": "pdf"})
    response = reader_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    assert pdfua_problems(content, tmp_path) == []
    # The agreement's title is the one H1; each committee's report is a section (H2) under it.
    roles = heading_roles(content)
    assert roles[0] == "/H1" and roles.count("/H1") == 1
    assert roles[1:3] == ["/H2", "/H2"]  # the summary, the list of sections
    pages = layout_pages(content, tmp_path)
    summary = body_lines(pages[0])
    assert summary[0] == "Opfølgning på Aftale om budget 2018: alle udvalg"
    totals = {
        line.split()[0]: [int(n) for n in line.split()[-8:]]
        for line in summary
        if line.startswith(("I alt", "Økonomi"))
    }
    assert totals["I"] == [2, 1, 1, 0, 3, 2, 2, 3]  # the sum of the committees, as in Word and Excel
    assert footers(pages)[0] == (1, len(pages))
    # Each committee's report starts a new page, in the order of the summary.
    starts = [index for index, page in enumerate(pages) if "Udvalg:" in page]
    assert [other.committee.name in pages[starts[0]], seed.committee.name in pages[starts[1]]] == [True, True]
    text = "\n".join(pages)
    assert "Dagtilbud 3.02" in text and "Sur" in text and "Glad" in text  # smileys as words beside the faces


def test_the_pdf_shows_the_budget_in_force_per_committee(two_plans, tmp_path):
    """The summary's economy table (the same as the page's, Word's and Excel's) is in the PDF."""
    from milepael.plans.models import EconomyAmount
    from milepael.reports.renderers import AGREEMENT, renderer_for

    seed, _other = two_plans
    initiative = seed.initiatives.order_by("pk").first()
    EconomyAmount.objects.create(initiative=initiative, year=2018, kind="drift", sign="besparelse", amount_kr=2_000_000)
    report = build_agreement_report(seed.agreement_id, 1)
    content = renderer_for(AGREEMENT, "pdf").render(report)
    assert pdfua_problems(content, tmp_path) == []
    first_pages = "\n".join("\n".join(body_lines(page)) for page in layout_pages(content, tmp_path)[:2])
    assert "Budget i kraft" in first_pages or "Økonomi i budgetperioden" in first_pages
    assert "-2 mio. kr." in first_pages or "−2 mio. kr." in first_pages, first_pages
