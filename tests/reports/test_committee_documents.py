"""The reports as a clerk attaches them to the committee's agenda, read back the way the
clerk's tools see them: the Word file as LibreOffice lays it out (`pdftotext -layout` of its
PDF), the PDF as pages and as PDF/UA, the workbook with openpyxl. Seed plan, rounds 1 and 2."""

import datetime
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from milepael.reports.builders import build_plan_report
from milepael.reports.document import ReportMeta
from milepael.reports.renderers import PLAN, TERM, renderer_for
from milepael.reports.term_builders import build_term_report

from .documents import (
    body_lines,
    broken_words,
    converted_by_libreoffice,
    footers,
    layout_pages,
    pdfua_problems,
    texts_of,
)

META = ReportMeta(
    date=datetime.date(2018, 6, 1),
    committee="Økonomiudvalget",
    meeting_date=datetime.date(2018, 6, 12),
    case_id="00.01.00-A00-1-18",
)
PLAN_CASE_ID = "00.30.00-S00-9-16"
# A page with fewer lines than this is a page with »a few rows of a split table«.
FEWEST_LINES = 10


def headings_of(report) -> set[str]:
    labels = report.labels
    sections = ("summary_heading", "changes_heading", "revisions_heading", "counts_heading", "charts_heading")
    return {theme.heading for theme in report.themes} | {labels[key] for key in (*sections, "attention_heading")}


def layout_problems(report, pages: list[str], *, fewest_lines: int = FEWEST_LINES) -> list[str]:
    """What a clerk would have to repair: page numbers that are not »Side X af Y«, words
    broken inside, pages ending with a heading, pages with fewer than `fewest_lines` lines."""
    problems = []
    count = len(pages)
    if footers(pages) != [(number, count) for number in range(1, count + 1)]:
        problems.append(f"footers {footers(pages)}")
    problems += [f"broken word {word}" for word in broken_words(pages, texts_of(report.as_dict()))]
    headings = headings_of(report)
    for number, page in enumerate(pages, start=1):
        lines = body_lines(page)
        if len(lines) < fewest_lines:
            problems.append(f"page {number} has only {len(lines)} lines")
        elif any(heading.startswith(lines[-1]) for heading in headings):
            problems.append(f"page {number} ends with the heading {lines[-1]!r}")
    return problems


def header_problems(pages: list[str]) -> list[str]:
    """The header is the report's own (date, committee meeting, case id), not the plan's."""
    first, everything = pages[0], "\n".join(pages)
    problems = [text for text in ("1. juni 2018", "12. juni 2018", "00.01.00-A00-1-18") if text not in first]
    if PLAN_CASE_ID in everything:
        problems.append("the plan's case id")
    return problems


@pytest.mark.parametrize("ordinal", [1, 2])
def test_the_word_report_needs_no_repair_in_libreoffice(committee_plan, tmp_path, ordinal):
    report = build_plan_report(committee_plan, ordinal, meta=META)
    docx = renderer_for(PLAN, "docx").render(report)
    pages = layout_pages(converted_by_libreoffice(docx, tmp_path), tmp_path)
    assert layout_problems(report, pages) == []
    assert header_problems(pages) == []
    text = "\n".join(pages)
    assert "Af de 35 indsatser har" in text and "Ændringer siden forrige opfølgning" in text


def test_the_word_plan_itself_needs_no_repair_in_libreoffice(seed_plan, tmp_path):
    report = build_plan_report(seed_plan, meta=META)
    pages = layout_pages(converted_by_libreoffice(renderer_for(PLAN, "docx").render(report), tmp_path), tmp_path)
    assert layout_problems(report, pages) == []


def test_the_word_file_has_fields_headings_and_rows_that_stay_whole(committee_plan):
    report = build_plan_report(committee_plan, 2, meta=META)
    document = Document(io.BytesIO(renderer_for(PLAN, "docx").render(report)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]
    instructions = [element.text.strip() for element in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"] and footer.text.split("\t")[-1].startswith("Side")
    # The themes are Word headings: the navigation pane lists them, in order.
    theme_headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2" and p.text[0].isdigit()]
    assert theme_headings == [theme.heading for theme in report.themes]
    rows = [row for table in document.tables for row in table.rows]
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    initiative_tables = [t for t in document.tables if t.rows[0].cells[-1].text == "Smiley"]
    assert len(initiative_tables) == 35
    for table in initiative_tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        # Number, title and kind across the label and text columns: no title squeezed into 16 %.
        assert table.rows[0].cells[0]._tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"
    counts = next(t for t in document.tables if t.rows[-1].cells[0].text == "I alt")
    assert [bool(r._tr.trPr.find(qn("w:tblHeader")) is not None) for r in counts.rows[:3]] == [True, True, False]
    assert document.paragraphs[-1].text.strip() or document.tables  # no empty page at the end


@pytest.mark.parametrize("ordinal", [None, 1, 2])
def test_the_pdf_is_pdf_ua_with_page_numbers_and_no_orphaned_table(committee_plan, tmp_path, ordinal):
    report = build_plan_report(committee_plan, ordinal, meta=META)
    pdf = renderer_for(PLAN, "pdf").render(report)
    assert pdfua_problems(pdf, tmp_path) == []
    pages = layout_pages(pdf, tmp_path)
    # Small tables are kept whole; a long initiative table may leave its last rows on the
    # next page (typst keeps rows whole but has no widow control for them).
    assert layout_problems(report, pages, fewest_lines=1) == []
    assert header_problems(pages) == []
    if ordinal is not None:
        # The summary table is kept whole: its header and »I alt« on one page.
        counts_page = next(page for page in pages if report.labels["counts_heading"] in page)
        assert "I alt" in counts_page and "vurderet" in counts_page


def test_the_same_report_generated_again_is_the_same_pdf(committee_plan):
    first = renderer_for(PLAN, "pdf").render(build_plan_report(committee_plan, 2, meta=META))
    again = renderer_for(PLAN, "pdf").render(build_plan_report(committee_plan, 2, meta=META))
    assert first == again


def test_the_term_report_pdf_is_pdf_ua_with_page_numbers(seed_term, tmp_path):
    pdf = renderer_for(TERM, "pdf").render(build_term_report(seed_term))
    assert pdfua_problems(pdf, tmp_path) == []
    pages = layout_pages(pdf, tmp_path)
    assert footers(pages) == [(number, len(pages)) for number in range(1, len(pages) + 1)]


def test_the_workbook_has_a_summary_only_rounds_1_to_n_and_prints_on_a4(committee_plan):
    report = build_plan_report(committee_plan, 2, meta=META)
    workbook = load_workbook(io.BytesIO(renderer_for(PLAN, "xlsx").render(report)))
    assert workbook.sheetnames == ["Resumé", "Pr. opfølgning", "Indsatser pr. opfølgning"]
    resume = workbook["Resumé"]
    rows = list(resume.iter_rows(values_only=True))
    assert rows[0] == tuple(report.labels["count_columns"])
    assert [row[0] for row in rows[1:]] == [theme.heading for theme in report.themes] + ["I alt"]
    total = rows[-1]
    assert all(isinstance(n, int) for n in total[1:]) and sum(total[1:6]) == sum(total[6:]) == 35
    assert total[1:] == tuple(report.summary.total.cells) and resume.cell(resume.max_row, 1).font.b
    per_round = list(workbook["Pr. opfølgning"].iter_rows(values_only=True))
    assert [row[0] for row in per_round[1:]] == ["1. budgetopfølgning 2018", "2. budgetopfølgning 2018"]
    sheet = workbook["Indsatser pr. opfølgning"]
    ordinals = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ordinals == {1, 2} and sheet.max_row - 1 == 35 * 2
    assert sheet.freeze_panes == "C2"  # number and title stay in view
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0 and sheet.print_title_rows == "$1:$1"
    unrated = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[2] == 2 and row[5] == "Ikke vurderet"]
    assert len(unrated) >= 5  # the last five are not rated in round 2: said so, never blank


def test_the_term_workbook_has_the_key_figures_as_numbers(db):
    from decimal import Decimal

    from tests.term.factories import KeyFigureFactory, KeyFigureValueFactory

    figure = KeyFigureFactory(name="Sygefravær", unit="pct.")
    for position, (period, value) in enumerate([("2013", "5.7"), ("2016", "5.1"), ("2017 (1-3. kv.)", "4.6")], 1):
        KeyFigureValueFactory(key_figure=figure, position=position, period=period, value=Decimal(value))
    term = figure.objective.area.term
    workbook = load_workbook(io.BytesIO(renderer_for(TERM, "xlsx").render(build_term_report(term.pk))))
    assert workbook.sheetnames == ["Strategiske målsætninger", "Nøgletal"]
    rows = list(workbook["Nøgletal"].iter_rows(values_only=True))
    assert rows[0] == ("Område", "Strategisk målsætning", "Nøgletal", "Enhed", "Periode", "Værdi")
    assert [(row[2], row[3], row[4], row[5]) for row in rows[1:]] == [
        ("Sygefravær", "pct.", "2013", pytest.approx(5.7)),
        ("Sygefravær", "pct.", "2016", pytest.approx(5.1)),
        ("Sygefravær", "pct.", "2017 (1-3. kv.)", pytest.approx(4.6)),
    ]
    assert all(isinstance(row[5], int | float) for row in rows[1:])
    assert workbook["Nøgletal"].cell(2, 6).number_format == "0.0"  # shown as 5,7 in a Danish Excel
