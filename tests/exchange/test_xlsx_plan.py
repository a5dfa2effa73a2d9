"""The plan in and out of Excel: export, an edited workbook back, clear errors, nothing half-written."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from milepael.core.imports import WorkbookFormatError
from milepael.core.richtext import html_to_text
from milepael.exchange.formats import import_upload
from milepael.exchange.plan_import import import_plan
from milepael.exchange.uploads import check_upload
from milepael.exchange.xlsx_plan import export_plan_xlsx, read_plan_xlsx
from milepael.plans.models import ImplementationPlan, Initiative, Milestone
from tests.exchange.test_seed_plan_import import snapshot

pytestmark = pytest.mark.django_db


def workbook_of(seed_plan):
    return load_workbook(io.BytesIO(export_plan_xlsx(seed_plan)))


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_of(sheet, number: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == number)


def test_export_has_its_sheets_with_bold_frozen_headings_and_tables(seed_plan):
    workbook = workbook_of(seed_plan)
    assert workbook.sheetnames == ["Indsatser", "Milepæle", "Opfølgninger", "Udmøntning", "Økonomi", "Økonomi i alt"]
    initiatives = workbook["Indsatser"]
    assert [c.value for c in initiatives[1]] == [
        "Nummer",
        "Titel",
        "Type",
        "Tema nr.",
        "Tema titel",
        "Ansvarligt center",
        "Ansvarligt udvalg",
        "Væsentlig bidragsyder",
        "Beskrivelse",
        "Gennemførelse",
        "Økonomi",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
        assert len(sheet.tables) == 1
        assert sheet.column_dimensions["A"].width >= 6
    assert initiatives.max_row == 36
    assert workbook["Milepæle"].max_row == 141
    assert [[c.value for c in row] for row in workbook["Opfølgninger"].iter_rows(min_row=2)] == [
        [1, "1. budgetopfølgning 2018"],
        [2, "2. budgetopfølgning 2018"],
        [3, "3. budgetopfølgning 2018"],
        [4, "31.12.2018"],
    ]


def test_export_rows_read_like_the_plan(seed_plan):
    workbook = workbook_of(seed_plan)
    sheet = workbook["Indsatser"]
    row = [c.value for c in sheet[row_of(sheet, "3.04")]]
    assert row[:7] == [
        "3.04",
        "Bygning - Indeklima i daginstitutioner",
        "Anlæg og drift",
        3,
        "Sammenhængende udviklingsforløb 0-25 år",
        "Ejendomme",
        "Økonomiudvalget",
    ]
    assert row[7] == "Skoler, Institutioner og Kultur"
    # Rich text as plain paragraphs separated by a blank line.
    assert row[9].startswith("Anlægsinvesteringerne fordeler sig over budgetårene 2018 til 2022")
    assert "\n\nHerudover er der afsat 0,5 mio. kr." in row[9]
    assert row[10] == "Hele det afsatte budget faktureres i 2018."
    assert sheet.cell(row_of(sheet, "3.04"), 9).alignment.wrap_text
    header = {r[0].value: r[1].value for r in workbook["Udmøntning"].iter_rows(min_row=2)}
    assert header["Titel"] == "Udmøntning af Aftale om budget 2018 for Økonomiudvalgets ansvarsområde"
    assert header["Dato"] == datetime.datetime(2017, 12, 22)
    assert (header["Kontakt"], header["Telefon"], header["E-mail"], header["Sagsid"]) == (
        "Sascha Hjorth",
        "4024 1712",
        "okonomi@balk.dk",
        "00.30.00-S00-9-16",
    )
    milestones = workbook["Milepæle"]
    assert [c.value for c in milestones[2]] == [
        "1.02",
        "1. budgetopfølgning 2018",
        "Den ny kommunalbestyrelse er introduceret for Vision 2029.",
    ]


def test_text_that_looks_like_a_formula_stays_text(seed_plan):
    Initiative.objects.filter(number="1.02").update(title='=HYPERLINK("http://example.com","klik")')
    sheet = workbook_of(seed_plan)["Indsatser"]
    cell = sheet.cell(row_of(sheet, "1.02"), 2)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def test_download_needs_an_internal_user_and_names_the_file(client, seed_plan, django_user_model, reader):
    url = reverse("exchange:export_plan_xlsx", args=[seed_plan.pk])
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("uden-rolle", password="pw-ingen-123"))
    assert client.get(url).status_code == 403
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="udmoentning-aftale-om-budget-2018-oekonomiudvalget.xlsx"'
    )
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Indsatser"
    assert client.get(reverse("exchange:export_plan_xlsx", args=[seed_plan.pk + 99])).status_code == 404


def test_unedited_export_imports_with_no_changes(seed_plan):
    before = snapshot()
    data = export_plan_xlsx(seed_plan)
    check_upload("plan.xlsx", data)  # our own export passes the upload checks
    report = import_upload(check_upload("plan.xlsx", data), dry_run=False)
    assert report.changes == []
    assert snapshot() == before


def test_export_reads_back_to_the_same_plan_as_the_seed(seed_plan):
    parsed = read_plan_xlsx(export_plan_xlsx(seed_plan))
    assert len(parsed.initiatives) == 35
    assert sum(len(i.milestones) for i in parsed.initiatives) == 140
    by_number = {i.number: i for i in Initiative.objects.prefetch_related("contributors")}
    for initiative in parsed.initiatives:
        stored = by_number[initiative.number]
        assert sorted(initiative.contributors) == sorted(d.name for d in stored.contributors.all()), stored.number
        assert html_to_text(initiative.description) == html_to_text(stored.description)


def edited_workbook(seed_plan):
    """A workbook edited as a user would: one milestone reworded, one initiative added,
    one initiative deleted (with its milestone rows), one milestone row deleted."""
    workbook = workbook_of(seed_plan)
    initiatives, milestones = workbook["Indsatser"], workbook["Milepæle"]
    for row in milestones.iter_rows(min_row=2):
        if row[0].value == "8.03" and row[1].value == "1. budgetopfølgning 2018":
            row[2].value = "Projektomfanget er aftalt."
    initiatives.append(
        [
            "8.12",
            "Ny indsats",
            "Drift",
            8,
            initiatives.cell(row_of(initiatives, "8.11"), 5).value,
            "Økonomi og Styring",
            "Økonomiudvalget",
            "",
            "Første afsnit.\n\nAndet afsnit.",
            "",
            "Der er ikke afsat økonomi.",
        ]
    )
    milestones.append(["8.12", "1. budgetopfølgning 2018", "Igangsat."])
    initiatives.delete_rows(row_of(initiatives, "7.09"))
    for index in reversed(range(2, milestones.max_row + 1)):
        number, round_name = milestones.cell(index, 1).value, milestones.cell(index, 2).value
        if number == "7.09" or (number == "3.04" and round_name == "31.12.2018"):
            milestones.delete_rows(index)
    return save(workbook)


def test_edited_workbook_previews_added_changed_and_removed_then_saves_exactly_that(seed_plan):
    upload = check_upload("plan.xlsx", edited_workbook(seed_plan))
    before = snapshot()
    preview = import_upload(upload, dry_run=True)
    assert snapshot() == before
    assert sorted((c.action, c.kind, c.label, c.fields) for c in preview.changes) == [
        ("changed", "milepæl", "8.03 · 1. budgetopfølgning 2018", ["milepæl"]),
        ("created", "indsats", "8.12. Ny indsats", []),
        ("created", "milepæl", "8.12 · 1. budgetopfølgning 2018", []),
        # What goes with a removed initiative is named in the preview.
        ("removed", "indsats", "7.09. Stærkere fokus på integrationsindsats", ["4 milepæle"]),
        ("removed", "milepæl", "3.04 · 31.12.2018", []),
    ]
    assert preview.summary().startswith("2 oprettes, 1 ændres, 2 slettes")

    report = import_upload(upload)
    assert report.summary().startswith("2 oprettet, 1 ændret, 2 slettet")
    assert not Initiative.objects.filter(number="7.09").exists()
    assert not Milestone.objects.filter(initiative__number="3.04", round__ordinal=4).exists()
    new = Initiative.objects.get(number="8.12")
    assert new.description == "<p>Første afsnit.</p><p>Andet afsnit.</p>"
    assert new.milestones.get().text == "<p>Igangsat.</p>"
    assert Milestone.objects.get(initiative__number="8.03", round__ordinal=1).text == (
        "<p>Projektomfanget er aftalt.</p>"
    )
    assert Initiative.objects.count() == 35
    # Importing the same workbook again changes nothing.
    assert import_upload(upload).changes == []


def test_seed_text_import_of_a_revised_plan_removes_what_it_no_longer_has(seed_plan):
    # The text file is the whole plan, like the workbook: an initiative it does not have is
    # removed, and the preview says so first.
    Initiative.objects.create(
        plan=seed_plan,
        theme=seed_plan.agreement.themes.get(number=8),
        number="8.99",
        title="Kun i databasen",
        kind="drift",
        responsible_department=Initiative.objects.first().responsible_department,
        responsible_committee=seed_plan.committee,
    )
    from tests.conftest import PLAN_SEED

    preview = import_upload(check_upload("seed.txt", PLAN_SEED.read_bytes()), dry_run=True)
    assert [(c.action, c.label) for c in preview.changes] == [("removed", "8.99. Kun i databasen")]
    assert Initiative.objects.filter(number="8.99").exists()
    import_upload(check_upload("seed.txt", PLAN_SEED.read_bytes()))
    assert not Initiative.objects.filter(number="8.99").exists()


def test_formatting_of_untouched_text_survives_the_round_trip(seed_plan):
    Initiative.objects.filter(number="1.02").update(
        description="<p>Vision 2029:</p><ul><li><strong>Intern</strong></li></ul>"
    )
    report = import_upload(check_upload("plan.xlsx", export_plan_xlsx(seed_plan)))
    assert report.changes == []
    assert "<strong>Intern</strong>" in Initiative.objects.get(number="1.02").description


def edit(seed_plan, change) -> bytes:
    workbook = workbook_of(seed_plan)
    change(workbook)
    return save(workbook)


def set_cell(sheet_name, number, column, value):
    def change(workbook):
        sheet = workbook[sheet_name]
        sheet.cell(row_of(sheet, number) if number else 2, column).value = value

    return change


def set_header(label, value):
    def change(workbook):
        sheet = workbook["Udmøntning"]
        sheet.cell(next(c.row for c in sheet["A"] if c.value == label), 2).value = value

    return change


def remove_sheet(name):
    def change(workbook):
        del workbook[name]

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            set_cell("Indsatser", "3.08", 3, "Anlæg+drift"),
            "Ark »Indsatser«, række 7, kolonne C (Type): ukendt type »Anlæg+drift«",
        ),
        (
            set_cell("Indsatser", "3.04", 1, "3.08"),
            "Ark »Indsatser«, række 7, kolonne A (Nummer): indsats 3.08 står to gange.",
        ),
        (
            set_cell("Indsatser", "3.04", 1, "3,04"),
            "Ark »Indsatser«, række 6, kolonne A (Nummer): Nummeret skal være tal",
        ),
        (
            set_cell("Indsatser", "3.04", 4, 4),
            "Ark »Indsatser«, række 6, kolonne D (Tema nr.): indsats 3.04 hører ikke til tema 4.",
        ),
        (
            set_cell("Indsatser", "3.04", 4, "tre"),
            "Ark »Indsatser«, række 6, kolonne D (Tema nr.): »tre« er ikke et helt tal.",
        ),
        (
            set_cell("Indsatser", "3.04", 5, "Andet"),
            "række 7, kolonne E (Tema titel): tema 3 hedder »Andet« i række 6; samme tema skal have samme titel.",
        ),
        (
            set_cell("Indsatser", "3.04", 6, None),
            "Ark »Indsatser«, række 6, kolonne F (Ansvarligt center): feltet må ikke være tomt.",
        ),
        (set_cell("Indsatser", None, 3, None), "Ark »Indsatser«, række 2, kolonne C (Type): ukendt type »«"),
        (
            set_cell("Indsatser", "Nummer", 3, "Art"),
            "Ark »Indsatser«, række 1: mangler kolonnen »Type« i første række.",
        ),
        (
            set_cell("Milepæle", "3.04", 1, "3.99"),
            "Ark »Milepæle«, række 18, kolonne A (Nummer): indsats 3.99 findes ikke",
        ),
        (
            set_cell("Milepæle", "3.04", 2, "4. budgetopfølgning 2018"),
            "Ark »Milepæle«, række 18, kolonne B (Opfølgning): »4. budgetopfølgning 2018« er ikke en af opfølgningerne",
        ),
        (
            set_cell("Milepæle", "3.04", 2, "2. budgetopfølgning 2018"),
            "Ark »Milepæle«, række 19, kolonne B (Opfølgning): indsats 3.04 har to milepæle for 2. budgetopfølgning 2018.",
        ),
        (
            set_cell("Opfølgninger", None, 1, 7),
            "Ark »Opfølgninger«, række 2: opfølgningerne skal være nummereret 1, 2, 3",
        ),
        (
            set_header("Dato", "i morgen"),
            "Ark »Udmøntning«, række 6, kolonne B (Dato): datoen »i morgen« kan ikke læses",
        ),
        (set_header("E-mail", "okonomi@"), "Ark »Udmøntning«, række 9, kolonne B (E-mail): "),
        (
            set_header("Sagsid", "sag nr. 12!"),
            "Ark »Udmøntning«, række 10, kolonne B (Sagsid): Sagsid »sag nr. 12!« ligner ikke et journalnummer",
        ),
        (set_header("Budgetår", "18"), "Ark »Udmøntning«, række 4, kolonne B (Budgetår): budgetåret skal være mellem"),
        (set_header("Udvalg", None), "Ark »Udmøntning«, række 5, kolonne B (Udvalg): feltet må ikke være tomt."),
        (
            set_header("Titel", "x" * 301),
            "Ark »Udmøntning«, række 2, kolonne B (Titel): teksten er for lang (301 tegn; højst 300).",
        ),
        (remove_sheet("Milepæle"), "Excel-arket: arbejdsbogen mangler arket »Milepæle«."),
    ],
)
def test_malformed_workbook_names_sheet_row_and_column_and_writes_nothing(seed_plan, change, message):
    before = snapshot()
    data = edit(seed_plan, change)
    with pytest.raises(WorkbookFormatError) as error:
        import_upload(check_upload("plan.xlsx", data))
    assert message in str(error.value)
    assert snapshot() == before


def test_date_typed_as_text_and_numbers_typed_as_numbers_are_understood(seed_plan):
    def change(workbook):
        set_header("Dato", "23-12-2017")(workbook)
        set_header("Telefon", 40241712)(workbook)
        set_header("Budgetår", 2018.0)(workbook)

    import_plan(read_plan_xlsx(edit(seed_plan, change)), remove_missing=True, plain_rich_text=True)
    plan = ImplementationPlan.objects.get()
    assert plan.date == datetime.date(2017, 12, 23)
    assert plan.phone == "40241712"


def test_a_workbook_without_a_plan_layout_is_refused(db):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Hej"])
    with pytest.raises(WorkbookFormatError, match="mangler arket »Indsatser«"):
        read_plan_xlsx(save(workbook))
    with pytest.raises(WorkbookFormatError, match="kan ikke læses som et Excel-ark"):
        read_plan_xlsx(b"PK\x03\x04 not really")
