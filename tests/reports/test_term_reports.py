"""The election-term status report (seed 002) for the committee: one report model, laid out
as a tagged PDF, a Word document and an Excel workbook, downloaded by internal users."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.demo.term import load_term_demo
from milepael.reports.renderers import TERM, renderer_for
from milepael.reports.renderers.xlsx import term_columns
from milepael.reports.term_builders import build_term_report
from milepael.term.models import Area, Objective
from tests.factories import InitiativeFactory
from tests.term.factories import (
    AreaFactory,
    ElectionTermFactory,
    KeyFigureFactory,
    KeyFigureValueFactory,
    ObjectiveFactory,
)

from .documents import converted_by_libreoffice
from .textcheck import docx_text, normalise, pdf_text

pytestmark = pytest.mark.django_db

FILE_STEM = "status-valgperioden-2014-2017-oekonomiudvalget"
SICKNESS_ALT = "Sygefravær faldt fra 5,7 pct. i 2013 til 4,6 pct. i 2017 (1-3. kv.)."


@pytest.fixture
def demo_term():
    """Seed 002 with the sickness-absence key figure, and one objective linked to an initiative."""
    report, _key_figure = load_term_demo()
    initiative = InitiativeFactory(number="7.04", title="Borgerrådgiver")
    Objective.objects.get(area__term=report.term, title="Bemanding af direktion").initiatives.add(initiative)
    return report.term


@pytest.fixture
def term_report(demo_term):
    return build_term_report(demo_term.pk)


@pytest.fixture
def term_pdf(term_report):
    return renderer_for(TERM, "pdf").render(term_report)


@pytest.fixture
def term_docx(term_report):
    return renderer_for(TERM, "docx").render(term_report)


def objective_count(report) -> int:
    return sum(len(area.objectives) for area in report.areas)


def key_figures(report) -> list:
    return [figure for area in report.areas for objective in area.objectives for figure in objective.key_figures]


def expected_texts(term) -> list[str]:
    """Every area (as it reads) and every objective title of the seed, in order."""
    areas = list(Area.objects.filter(term=term).order_by("position"))
    objectives = list(Objective.objects.filter(area__term=term).order_by("area__position", "position"))
    assert (len(areas), len(objectives)) == (13, 40)  # as in seed 002
    return [str(area) for area in areas] + [objective.title for objective in objectives]


def _term_with(n_objectives: int):
    term = ElectionTermFactory()
    areas = [AreaFactory(term=term, position=i) for i in (1, 2, 3)]
    for index in range(n_objectives):
        objective = ObjectiveFactory(area=areas[index % 3], position=index // 3 + 1)
        objective.initiatives.add(InitiativeFactory())
        key_figure = KeyFigureFactory(objective=objective)
        for position in (1, 2, 3):
            KeyFigureValueFactory(key_figure=key_figure, position=position)
    return term


# The report model


def test_the_report_model_has_the_seeds_areas_objectives_and_key_figure(term_report, demo_term):
    assert (
        term_report.title == "Status på Økonomiudvalgets strategiske indsatser og resultater i valgperioden 2014-2017"
    )
    assert term_report.intro[0].text.startswith("I nedenstående skema ses en liste")
    assert [area.name for area in term_report.areas][:3] == [
        "Vision 2029",
        "Politisk organisering",
        "Fremtidens borgerservice",
    ]
    assert objective_count(term_report) == 40
    assert term_report.column_labels == {
        "objective": "Strategisk målsætning",
        "actions": "Iværksatte tiltag / konkrete indsatser",
        "results": "Resultater",
    }
    (figure,) = key_figures(term_report)
    assert figure.values[0] == ("2013", "5,7") and figure.values[-1] == ("2017 (1-3. kv.)", "4,6")
    assert figure.values_text.startswith("2013: 5,7 pct.; 2014: 5,9 pct.;")
    assert figure.alt_text.startswith(SICKNESS_ALT)
    linked = next(o for a in term_report.areas for o in a.objectives if o.title == "Bemanding af direktion")
    assert linked.initiatives == ["7.04. Borgerrådgiver"]
    assert term_report.filename("pdf") == f"{FILE_STEM}.pdf"


def test_building_runs_a_fixed_number_of_queries_whatever_the_number_of_objectives():
    counts = []
    for n in (3, 30):
        term = _term_with(n)
        with CaptureQueriesContext(connection) as queries:
            report = build_term_report(term.pk)
        assert objective_count(report) == n and len(key_figures(report)) == n
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts


# PDF


def test_the_pdf_contains_every_area_objective_and_the_sickness_values(term_pdf, demo_term, tmp_path):
    text = normalise(pdf_text(term_pdf, tmp_path))
    missing = [item for item in expected_texts(demo_term) if normalise(item) not in text]
    assert missing == []
    assert "5,7" in text and "4,6" in text
    assert "Tilknyttede indsatser: 7.04. Borgerrådgiver" in text
    assert normalise("Strategisk målsætning Iværksatte tiltag / konkrete indsatser Resultater") in text


def _structure(node, seen=None):
    """Every dictionary of the PDF's structure tree, depth first."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen = set() if seen is None else seen
    if isinstance(node, IndirectObject):
        if (node.idnum, node.generation) in seen:
            return
        seen.add((node.idnum, node.generation))
        node = node.get_object()
    if isinstance(node, ArrayObject):
        for item in node:
            yield from _structure(item, seen)
    elif isinstance(node, DictionaryObject):
        yield node
        if "/K" in node:
            yield from _structure(node["/K"], seen)


def test_the_pdf_is_tagged_danish_titled_with_headings_and_alt_text_on_the_chart(term_pdf, term_report):
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(term_pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).lower().startswith("da")
    assert reader.metadata.title == term_report.title
    elements = list(_structure(root["/StructTreeRoot"]))
    kinds = [str(element.get("/S")) for element in elements]
    assert {"/H1", "/H2", "/Table", "/TH"} <= set(kinds)
    assert kinds.count("/H2") == 13
    figures = [str(element.get("/Alt", "")) for element in elements if element.get("/S") == "/Figure"]
    assert figures and all(figures)
    assert any(alt.startswith(SICKNESS_ALT) for alt in figures)


# Word


def test_the_docx_contains_every_area_objective_and_the_sickness_values(term_docx, demo_term):
    text = normalise(docx_text(term_docx))
    missing = [item for item in expected_texts(demo_term) if normalise(item) not in text]
    assert missing == []
    assert "5,7" in text and "4,6" in text
    assert "7.04. Borgerrådgiver" in text


def test_the_docx_is_a4_danish_with_headings_repeated_header_rows_and_chart_alt_text(term_docx, term_report):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document(io.BytesIO(term_docx))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert document.core_properties.title == term_report.title
    assert document.core_properties.language == "da-DK"
    lang = (
        document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    )
    assert lang.get(qn("w:val")) == "da-DK"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 13 and headings[0] == "Vision 2029"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [term_report.title]
    area_tables = document.tables
    assert len(area_tables) == 13
    for table in area_tables:
        assert [c.text for c in table.rows[0].cells] == list(term_report.column_labels.values())
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert table.columns[0].width
    descriptions = [el.get("descr") for el in document.element.body.iter(qn("wp:docPr"))]
    assert len(descriptions) == 1 and descriptions[0].startswith(SICKNESS_ALT)


def test_libreoffice_converts_the_docx_to_pdf(term_docx, tmp_path):
    converted = converted_by_libreoffice(term_docx, tmp_path)
    assert converted.exists() and converted.read_bytes().startswith(b"%PDF")
    assert "Sygefravær" in pdf_text(converted.read_bytes(), tmp_path)


# Excel


def test_the_xlsx_has_one_row_per_objective(term_report):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(renderer_for(TERM, "xlsx").render(term_report))).active
    header = [c.value for c in sheet[1]]
    assert header == [name for name, _width in term_columns()]
    assert sheet.max_row == 1 + 40
    assert sheet.freeze_panes == "A2"
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [r["Område"] for r in rows][:2] == ["Vision 2029", "Politisk organisering"]
    sickness = next(r for r in rows if r["Strategisk målsætning"] == "Sygefravær")
    assert sickness["Område"] == "Ledelse og organisation"
    assert sickness["Nøgletal"] == (
        "Sygefravær: 2013: 5,7 pct.; 2014: 5,9 pct.; 2015: 5,3 pct.; 2016: 5,1 pct.; 2017 (1-3. kv.): 4,6 pct."
    )
    assert sickness["Iværksatte tiltag / konkrete indsatser"].startswith("Indsats for nedbringelse af sygefravær")
    assert "<" not in sickness["Resultater"]  # plain text, no markup
    linked = next(r for r in rows if r["Strategisk målsætning"] == "Bemanding af direktion")
    assert linked["Tilknyttede indsatser"] == "7.04. Borgerrådgiver"


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx():
    from openpyxl import load_workbook

    term = _term_with(1)
    Objective.objects.filter(area__term=term).update(title='=HYPERLINK("http://example.com")')
    sheet = load_workbook(io.BytesIO(renderer_for(TERM, "xlsx").render(build_term_report(term.pk)))).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == '=HYPERLINK("http://example.com")' and cell.data_type == "s"


# Downloads


def test_anonymous_users_are_sent_to_the_login_page(client, demo_term):
    for format in ("pdf", "docx", "xlsx"):
        response = client.get(reverse("reports:term_report", args=[demo_term.pk, format]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    # The term page itself does not offer what they cannot fetch.
    assert (
        reverse("reports:term_report", args=[demo_term.pk, "pdf"])
        not in client.get(demo_term.get_absolute_url()).content.decode()
    )


def test_a_reader_finds_the_links_on_the_term_page_and_downloads_every_format(reader_client, demo_term):
    page = reader_client.get(demo_term.get_absolute_url()).content.decode()
    expected = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK"}
    for format, magic in expected.items():
        url = reverse("reports:term_report", args=[demo_term.pk, format])
        assert f'href="{url}"' in page
        response = reader_client.get(url)
        assert response.status_code == 200
        assert response.content.startswith(magic)
        assert response["Content-Disposition"] == f'attachment; filename="{FILE_STEM}.{format}"'


def test_an_unknown_term_is_not_found(reader_client, db):
    assert reader_client.get(reverse("reports:term_report", args=[999, "pdf"])).status_code == 404


def test_the_download_runs_a_fixed_number_of_queries(reader_client):
    counts = []
    for n in (3, 30):
        url = reverse("reports:term_report", args=[_term_with(n).pk, "xlsx"])
        reader_client.get(url)  # warm caches (session, translations)
        with CaptureQueriesContext(connection) as queries:
            assert reader_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_an_empty_area_and_a_key_figure_without_values_still_render_in_every_format(tmp_path):
    term = ElectionTermFactory(intro="")
    AreaFactory(term=term, position=1, display_name="Tomt område")
    objective = ObjectiveFactory(area=AreaFactory(term=term, position=2), position=1, actions="", results="")
    KeyFigureFactory(objective=objective, name="Endnu ikke målt")
    report = build_term_report(term.pk)
    pdf = normalise(pdf_text(renderer_for(TERM, "pdf").render(report), tmp_path))
    assert "Tomt område Området har ingen målsætninger." in pdf
    assert "Nøgletal: Endnu ikke målt Nøgletallet har ingen værdier endnu." in pdf
    assert "Nøgletallet har ingen værdier endnu." in docx_text(renderer_for(TERM, "docx").render(report))
    assert renderer_for(TERM, "xlsx").render(report).startswith(b"PK")
    empty = build_term_report(ElectionTermFactory().pk)
    assert "Statusrapporten har ingen områder." in pdf_text(renderer_for(TERM, "pdf").render(empty), tmp_path)
