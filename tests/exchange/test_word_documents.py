"""Word documents as clerks make them: bullets, numbers and headings made with Word's own
features (numbering definitions, heading styles), in several layouts — and the same plan
as the text import stores, exactly."""

import dataclasses
import io

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from milepael.core.imports import DocumentFormatError
from milepael.exchange.docx_plan import read_plan_docx
from milepael.exchange.formats import import_upload
from milepael.exchange.plan_import import import_plan_file
from milepael.exchange.seed_plan import parse_plan_text
from milepael.exchange.uploads import check_upload
from milepael.organisation.models import Committee, Department
from milepael.plans.models import Agreement, ImplementationPlan, Initiative, Milestone
from tests.conftest import PLAN_SEED
from tests.exchange.test_seed_plan_import import snapshot
from tests.exchange.word_builder import WordDocument, plan_document

SEED_TEXT = PLAN_SEED.read_text(encoding="utf-8")
LAYOUTS = ["seed", "numbered", "danish"]
RICH = ("description", "implementation_note", "economy_text")


@pytest.fixture(scope="module")
def seed_parsed():
    return parse_plan_text(SEED_TEXT)


def parsed_state(plan) -> dict:
    """Everything a ParsedPlan says, but the reader's own notes (warnings, raw cells, lines)."""
    skip = {"line", "raw_description", "raw_meta", "meta_line", "economy_line", "end_line", "contributor_field"}
    initiatives = [
        {k: v for k, v in dataclasses.asdict(i).items() if k not in skip and k != "milestones"}
        | {"milestones": [(m.round_name, m.text) for m in i.milestones]}
        for i in plan.initiatives
    ]
    header = {k: v for k, v in dataclasses.asdict(plan).items() if k not in {"themes", "warnings"}}
    return {"header": header, "themes": [(t.number, t.title) for t in plan.themes], "initiatives": initiatives}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_document_made_with_words_own_lists_reads_exactly_as_the_seed_text(seed_parsed, layout):
    parsed = read_plan_docx(plan_document(seed_parsed, layout))
    got, want = parsed_state(parsed), parsed_state(seed_parsed)
    assert got["header"] == want["header"]
    assert got["themes"] == want["themes"]
    for got_initiative, want_initiative in zip(got["initiatives"], want["initiatives"], strict=True):
        assert got_initiative == want_initiative, want_initiative["number"]


def stored_state() -> dict:
    """The stored plan by natural keys (no ids): what the two imports must agree on exactly."""
    plan = ImplementationPlan.objects.select_related("agreement", "committee").get()
    fields = [f.name for f in ImplementationPlan._meta.fields if f.name not in {"id", "agreement", "committee"}]
    initiatives = {
        i.number: (
            i.title,
            i.kind,
            i.theme.number,
            i.responsible_department.name,
            i.responsible_committee.name,
            sorted(d.name for d in i.contributors.all()),
            i.contributors_text,
            *(getattr(i, name) for name in RICH),
        )
        for i in Initiative.objects.select_related("theme", "responsible_department", "responsible_committee")
        .prefetch_related("contributors")
        .all()
    }
    milestones = sorted(Milestone.objects.values_list("initiative__number", "round__name", "text"))
    return {
        "plan": {name: getattr(plan, name) for name in fields},
        "initiatives": initiatives,
        "milestones": milestones,
        "departments": sorted(Department.objects.values_list("name", flat=True)),
    }


def forget_everything():
    ImplementationPlan.objects.all().delete()
    Agreement.objects.all().delete()
    Committee.objects.all().delete()
    Department.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize("layout", LAYOUTS)
def test_text_and_word_import_of_the_same_plan_store_exactly_the_same(seed_parsed, layout):
    import_plan_file(PLAN_SEED.read_bytes())
    from_text = stored_state()
    forget_everything()
    import_upload(check_upload("udmoentning.docx", plan_document(seed_parsed, layout)))
    assert stored_state() == from_text
    # The rich text is the canonical shape: a real list, no bullet typed into its items.
    description = Initiative.objects.get(number="1.02").description
    assert "<ul><li>Intern kommunikation" in description and "•" not in description


def test_definitions_made_as_a_word_bullet_list_are_read(seed_parsed):
    """The issue's document: the definitions are an ordinary Word bullet list, nothing typed."""
    parsed = read_plan_docx(plan_document(seed_parsed, "seed"))
    assert parsed.effort_definitions == [
        "Milepæl er opfyldt",
        "Milepæl er ikke fuldt opfyldt, men det er fortsat realistisk, at det samlede mål for året opnås",
        "Milepæl er ikke opfyldt, og det er ikke realistisk at opfylde milepæl indenfor perioden.",
    ]
    assert parsed.economy_definitions == [
        "Budget er overholdt/Besparelse er opnået",
        "Budget ikke overholdt/Den forventede besparelse opnås ikke i indeværende periode",
    ]


def small_plan(body) -> bytes:
    """A plan with one initiative whose description cell `body(word, cell)` fills."""
    word = WordDocument()
    document = word.document
    document.add_paragraph("Udmøntning af Aftale om budget 2019 for Økonomiudvalgets ansvarsområde", style="Title")
    document.add_paragraph("Definition af smileys på indsats:")
    bullets = word.bullets()
    for text in ("Glad: opfyldt", "Neutral: delvis", "Sur: ikke opfyldt"):
        word.paragraph(document, text, num=bullets)
    document.add_paragraph("Definition af smileys på økonomi")
    bullets = word.bullets()
    for text in ("Glad: holdt", "Sur: ikke holdt"):
        word.paragraph(document, text, num=bullets)
    document.add_paragraph("1. Vision", style="Heading 1")
    table = document.add_table(rows=4, cols=4)
    for cell, text in zip(table.rows[0].cells, ["1.01. Indsats", "Drift", "Tid", "Smiley"], strict=True):
        cell.text = text
    description, meta = table.rows[1].cells[:2]
    body(word, description)
    meta.text = "Ansvarligt center: Ejendomme"
    word.cell_paragraph(meta, "Ansvarligt udvalg: Økonomiudvalget")
    word.cell_paragraph(meta, "Væsentlig bidragsyder: By, Erhverv og Miljø")
    for cell, text in zip(table.rows[2].cells, ["Milepæl", "Plan lagt.", "1. budgetopfølgning 2019", ""], strict=True):
        cell.text = text
    table.rows[3].cells[0].text, table.rows[3].cells[1].text = "Økonomi", "Ingen."
    return word.bytes()


def description_of(body) -> str:
    return read_plan_docx(small_plan(body)).initiatives[0].description


def test_a_word_numbered_list_keeps_its_numbers():
    def body(word, cell):
        word.cell_paragraph(cell, "Målsætninger:")
        numbers = word.numbers()
        for text in ("Servicerammen holdes.", "Anlæg på niveau."):
            word.cell_paragraph(cell, text, num=numbers)
        word.cell_paragraph(cell, "Og videre:")
        for text in ("Overskud på 170 mio. kr.", "Likviditet."):  # the same list, counting on
            word.cell_paragraph(cell, text, num=numbers)
        later = word.numbers(start=7)  # a list that starts at 7 (Word's »Angiv nummereringsværdi«)
        word.cell_paragraph(cell, "Gælden falder.", num=later)

    assert description_of(body) == (
        "<p>Målsætninger:</p><ol><li>Servicerammen holdes.</li><li>Anlæg på niveau.</li></ol>"
        '<p>Og videre:</p><ol start="3"><li>Overskud på 170 mio. kr.</li><li>Likviditet.</li></ol>'
        '<ol start="7"><li>Gælden falder.</li></ol>'
    )


def test_nested_bullets_and_lettered_sublists_stay_nested():
    def body(word, cell):
        bullets = word.bullets()
        word.cell_paragraph(cell, "Skoler", num=bullets)
        word.cell_paragraph(cell, "Toiletter", num=bullets, level=1)
        word.cell_paragraph(cell, "Ventilation", num=bullets, level=1)
        word.cell_paragraph(cell, "Daginstitutioner", num=bullets)
        numbers = word.numbers()
        word.cell_paragraph(cell, "Analyse", num=numbers)
        word.cell_paragraph(cell, "kortlægning", num=numbers, level=1)

    assert description_of(body) == (
        "<ul><li>Skoler<ul><li>Toiletter</li><li>Ventilation</li></ul></li><li>Daginstitutioner</li></ul>"
        "<ol><li>Analyse<ol><li>kortlægning</li></ol></li></ol>"
    )


def test_theme_headings_numbered_by_word_or_found_by_their_style(seed_parsed):
    for layout in ("numbered", "danish"):
        parsed = read_plan_docx(plan_document(seed_parsed, layout))
        assert [(t.number, t.title) for t in parsed.themes][:3] == [
            (1, "Vision 2029"),
            (2, "Budget 2018 - Budget i balance med plads til investeringer"),
            (3, "Sammenhængende udviklingsforløb 0-25 år"),
        ], layout


def reopened(data: bytes):
    return Document(io.BytesIO(data))


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_table_inside_a_content_control_is_read(seed_parsed):
    document = reopened(plan_document(seed_parsed, "seed"))
    body = document.element.body
    table = body.findall(qn("w:tbl"))[0]
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    table.addprevious(sdt)
    sdt.append(content)
    content.append(table)  # moves the first initiative's table into the control
    assert [i.number for i in read_plan_docx(saved(document)).initiatives][:2] == ["1.02", "2.02.1"]


@pytest.mark.django_db
def test_a_merged_heading_row_is_a_located_error_and_nothing_is_written(seed_parsed):
    document = reopened(plan_document(seed_parsed, "seed"))
    first = document.tables[2].rows[0].cells
    first[0].merge(first[1])  # the title spans the type column: there is no type
    before = snapshot()
    with pytest.raises(DocumentFormatError) as error:
        import_upload(check_upload("plan.docx", saved(document)))
    assert str(error.value).startswith("Tabel 3, række 1: ukendt type »«")
    assert snapshot() == before


@pytest.mark.django_db
def test_a_document_without_definitions_is_a_warning_to_accept_never_silent(seed_parsed):
    without = dataclasses.replace(seed_parsed, effort_definitions=[], economy_definitions=[])
    report = import_upload(check_upload("plan.docx", plan_document(without, "seed")), dry_run=True)
    assert [w.message for w in report.warnings_to_accept] == [
        "Filen har ingen definitioner af smileys, hverken for indsats eller økonomi. Udmøntningen gemmes "
        "uden dem; de kan skrives ind i filen og importeres igen."
    ]
    with_effort = dataclasses.replace(seed_parsed, economy_definitions=[])
    report = import_upload(check_upload("plan.docx", plan_document(with_effort, "seed")), dry_run=True)
    assert [w.message.split(".")[0] for w in report.warnings_to_accept] == [
        "Filen har ingen definitioner af smileys for økonomi (glad, sur)"
    ]
    report = import_upload(check_upload("plan.docx", plan_document(seed_parsed, "seed")), dry_run=True)
    assert report.warnings_to_accept == []
