"""Rendering the plan report: the seed plan's every initiative and milestone reach the PDF and
the Word file (seed content), and the layout rules hold for a factory-built rated plan."""

import pytest

from milepael.core.richtext import html_to_text
from milepael.reports.builders import build_plan_report
from milepael.reports.renderers import PLAN, renderer_for
from tests.conftest import OWN_MILESTONE

from .textcheck import normalise, pdf_text, seed_expectations


@pytest.fixture
def plan_pdf(seed_plan):
    return renderer_for(PLAN, "pdf").render(build_plan_report(seed_plan))


def test_the_plan_pdf_contains_every_initiative_and_milestone_of_the_seed(plan_pdf, plan_seed_lines, tmp_path):
    text = normalise(pdf_text(plan_pdf, tmp_path))
    expected = seed_expectations(plan_seed_lines)
    assert len(expected) > 35 + 35  # headings plus the non-blank milestones
    missing = [item for item in expected if normalise(item) not in text]
    assert missing == []


def test_the_pdf_is_tagged_danish_and_titled(plan_pdf):
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(plan_pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("da")
    assert reader.metadata.title == "Udmøntning af Aftale om budget 2018 for Økonomiudvalgets ansvarsområde"


def test_the_plan_docx_contains_every_initiative_and_milestone_of_the_seed(seed_plan, plan_seed_lines):
    from .textcheck import docx_text

    text = normalise(docx_text(renderer_for(PLAN, "docx").render(build_plan_report(seed_plan))))
    missing = [item for item in seed_expectations(plan_seed_lines) if normalise(item) not in text]
    assert missing == []


def test_the_docx_is_a4_with_headings_repeated_header_rows_and_smiley_alt_text(rated_plan):
    import io

    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document(io.BytesIO(renderer_for(PLAN, "docx").render(build_plan_report(rated_plan, 1))))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    # An initiative's table: four columns, the last headed »Smiley« (a chart's data table may have four too).
    initiative_tables = [t for t in document.tables if len(t.columns) == 4 and t.rows[0].cells[-1].text == "Smiley"]
    assert len(initiative_tables) == rated_plan.initiatives.count()
    for table in initiative_tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert table.columns[0].width and table.rows[1].cells[0].width
    descriptions = [el.get("descr") for el in document.element.body.iter(qn("wp:docPr"))]
    assert descriptions and all(descriptions)
    assert any("smiley glad" in d for d in descriptions)
    assert "Glad" in [c.text for c in initiative_tables[0].rows[3].cells][3]


def test_libreoffice_converts_the_docx_to_pdf(rated_plan, tmp_path):
    from .documents import converted_by_libreoffice

    converted = converted_by_libreoffice(renderer_for(PLAN, "docx").render(build_plan_report(rated_plan, 1)), tmp_path)
    assert converted.exists() and converted.read_bytes().startswith(b"%PDF")


def test_the_xlsx_has_one_row_per_initiative_and_round(rated_plan):
    import io

    from openpyxl import load_workbook

    from milepael.reports.renderers.xlsx import plan_columns

    workbook = load_workbook(io.BytesIO(renderer_for(PLAN, "xlsx").render(build_plan_report(rated_plan, 1))))
    sheet = workbook["Indsatser pr. opfølgning"]
    header = [c.value for c in sheet[1]]
    assert header == [name for name, _width in plan_columns()]
    # The number and title first, frozen with the header row: they stay in view when scrolling.
    assert header[:4] == ["Indsats nr.", "Indsats", "Opfølgning nr.", "Opfølgning"]
    assert {"Aftale", "Udmøntning", "Tema nr.", "Tema"} <= set(header)
    # A follow-up at round 1 has the rows of round 1 only (rounds 1..N).
    assert sheet.max_row - 1 == rated_plan.initiatives.count() * 1
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:U{sheet.max_row}"
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    first = next(r for r in rows if r["Indsats nr."] == "3.04" and r["Opfølgning nr."] == 1)
    assert first["Milepæl"] == html_to_text(OWN_MILESTONE)
    assert first["Status"] == "Godkendt"
    assert all(r["Opfølgning nr."] == 1 for r in rows)
