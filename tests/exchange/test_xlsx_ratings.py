"""A round's ratings as an Excel sheet and back: the same rules and rights as the web form."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from milepael.core.richtext import html_to_text
from milepael.exchange.xlsx_ratings import (
    FieldChange,
    RatingsImportError,
    export_ratings_xlsx,
    import_ratings_xlsx,
)
from milepael.followup import services
from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db
COLUMN = {"number": 1, "effort": 5, "effort_comment": 6, "economy": 7, "economy_comment": 8, "alt": 9, "version": 11}


def sheet_of(plan, round_, user):
    workbook = load_workbook(io.BytesIO(export_ratings_xlsx(plan, round_, user)))
    return workbook, workbook["Vurderinger"]


def row_of(sheet, number: str) -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == number)


def edit(workbook, sheet, number: str, **values) -> bytes:
    row = row_of(sheet, number)
    for key, value in values.items():
        sheet.cell(row, COLUMN[key]).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ratings_snapshot():
    return sorted(Rating.objects.values_list("initiative_id", "effort", "economy", "status", "version"))


@pytest.fixture
def plan(round_plan):
    """round_plan (tests/conftest.py): 3.04 is Ejendomme's, 7.11 (By, Erhverv og Miljø) has no round-1 milestone."""
    return round_plan


def test_sheet_layout_locked_hidden_version_and_only_own_rows_for_a_reporter(
    plan, open_round, administrator, ejendomme_reporter
):
    workbook, sheet = sheet_of(plan, open_round, administrator)
    assert [c.value for c in sheet[1]] == [
        "Nr.",
        "Titel",
        "Ansvarligt center",
        "Milepæl",
        "Indsats",
        "Kommentar til indsats",
        "Økonomi",
        "Kommentar til økonomi",
        "Alternativ finansiering",
        "Status",
        "Version",
    ]
    assert sheet.max_row == 1 + plan.initiatives.count()  # a heading, then one row per initiative
    assert sheet.column_dimensions["K"].hidden and sheet.protection.sheet
    row = row_of(sheet, "3.04")
    assert sheet.cell(row, 11).protection.locked and sheet.cell(row, 4).protection.locked
    assert not sheet.cell(row, 5).protection.locked and not sheet.cell(row, 9).protection.locked
    assert sheet.cell(row_of(sheet, "7.11"), 4).value == "Ingen milepæl i denne opfølgning"
    assert sheet.cell(row, 10).value == "Ikke påbegyndt" and sheet.cell(row, 11).value == 0
    info = {r[0]: r[1] for r in workbook["Oplysninger"].iter_rows(min_row=2, values_only=True)}
    assert info["Opfølgning-id"] == open_round.pk and info["Udmøntning-id"] == plan.pk

    _workbook, own = sheet_of(plan, open_round, ejendomme_reporter)
    departments = {own.cell(r, 3).value for r in range(2, own.max_row + 1)}
    assert departments == {"Ejendomme"}


def test_round_trip_without_edits_changes_nothing(plan, open_round, administrator, ejendomme_reporter, own_initiative):
    services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=ejendomme_reporter,
        data=services.RatingInput(
            effort="red", effort_comment="Linje 1\r\nLinje 2", economy="red", alternative_financing="Puljen"
        ),
        expected_version=0,
    )
    data = export_ratings_xlsx(plan, open_round, administrator)
    for _attempt in range(2):  # and again: still nothing
        before = ratings_snapshot()
        report = import_ratings_xlsx(data, round_=open_round, user=administrator, submit=False, dry_run=False)
        assert report.changes == [] and report.unchanged == plan.initiatives.count()
        assert ratings_snapshot() == before
    # Submitting turns the unchanged draft into a submitted rating: that is the one change.
    report = import_ratings_xlsx(data, round_=open_round, user=administrator, submit=True, dry_run=True)
    assert [(c.number, c.fields) for c in report.changes] == [("3.04", [FieldChange("Status", "Kladde", "Indsendt")])]


def test_preview_shows_exactly_the_edited_fields_then_saves(
    plan, open_round, administrator, ejendomme_reporter, own_initiative
):
    rating = services.save_rating(
        initiative=own_initiative, round_=open_round, user=ejendomme_reporter, data=GREEN, expected_version=0
    )
    workbook, sheet = sheet_of(plan, open_round, ejendomme_reporter)
    data = edit(workbook, sheet, "3.04", economy_comment="Holder budgettet.")
    report = import_ratings_xlsx(data, round_=open_round, user=ejendomme_reporter, submit=False, dry_run=True)
    assert [(c.number, c.fields) for c in report.changes] == [
        ("3.04", [FieldChange("Kommentar til økonomi", "", "Holder budgettet.")])
    ]
    assert Rating.objects.get(pk=rating.pk).version == 1  # the preview saved nothing

    data = edit(workbook, sheet, "3.04", effort="Neutral", effort_comment="Udbud forsinket.")
    report = import_ratings_xlsx(data, round_=open_round, user=ejendomme_reporter, submit=True, dry_run=False)
    assert report.changes[0].fields == [
        FieldChange("Indsats", "Glad", "Neutral"),
        FieldChange("Kommentar til indsats", "Nået.", "Udbud forsinket."),
        FieldChange("Kommentar til økonomi", "", "Holder budgettet."),
        FieldChange("Status", "Kladde", "Indsendt"),
    ]
    saved = Rating.objects.get(pk=rating.pk)
    assert (saved.effort, saved.effort_comment, saved.economy_comment) == (
        "yellow",
        "Udbud forsinket.",
        "Holder budgettet.",
    )
    assert saved.status == Rating.Status.SUBMITTED and saved.version == 2 and saved.updated_by == ejendomme_reporter
    assert saved.history.first().history_user == ejendomme_reporter


def test_rule_errors_name_sheet_row_and_column_and_nothing_is_saved(
    plan, open_round, administrator, own_initiative, blank_milestone_initiative
):
    workbook, sheet = sheet_of(plan, open_round, administrator)
    edit(workbook, sheet, "1.02", effort="Glad", economy="Glad")  # valid on its own
    edit(workbook, sheet, "7.11", effort="Glad", economy="Glad")  # the milestone is blank
    data = edit(workbook, sheet, "3.04", effort="Glad", economy="Sur")  # red without financing
    before = ratings_snapshot()
    with pytest.raises(RatingsImportError) as raised:
        import_ratings_xlsx(data, round_=open_round, user=administrator, submit=True, dry_run=False)
    messages = [str(e) for e in raised.value.errors]
    row_304, row_711 = row_of(sheet, "3.04"), row_of(sheet, "7.11")
    assert (
        f"Ark »Vurderinger«, række {row_304}, kolonne I (Alternativ finansiering): "
        "Angiv den alternative finansiering, når smileyen for økonomi er sur."
    ) in messages
    assert any(
        m.startswith(f"Ark »Vurderinger«, række {row_711}, kolonne E (Indsats): Der er ingen milepæl") for m in messages
    )
    assert len(messages) == 2
    assert ratings_snapshot() == before == []


def test_unknown_words_and_numbers_are_errors(plan, open_round, administrator):
    workbook, sheet = sheet_of(plan, open_round, administrator)
    edit(workbook, sheet, "3.04", effort="Grøn")
    sheet.cell(row_of(sheet, "7.11"), 1).value = "9.99"
    data = edit(workbook, sheet, "1.02", version="x")
    with pytest.raises(RatingsImportError) as raised:
        import_ratings_xlsx(data, round_=open_round, user=administrator, submit=False, dry_run=True)
    messages = "\n".join(str(e) for e in raised.value.errors)
    assert "kolonne E (Indsats): ukendt smiley »Grøn« (skriv Glad, Neutral, Sur, Ingen milepæl)." in messages
    assert "kolonne A (Nr.): indsats 9.99 findes ikke i udmøntningen." in messages
    assert "kolonne K (Version): »x« er ikke et helt tal." in messages


def test_another_departments_row_is_refused_for_a_reporter(plan, open_round, administrator, ejendomme_reporter):
    workbook, sheet = sheet_of(plan, open_round, administrator)  # all rows, as an administrator sees it
    edit(workbook, sheet, "3.04", effort="Glad", economy="Glad")
    data = edit(workbook, sheet, "7.11", effort="Ingen milepæl", economy="Glad")
    with pytest.raises(RatingsImportError) as raised:
        import_ratings_xlsx(data, round_=open_round, user=ejendomme_reporter, submit=False, dry_run=False)
    assert [str(e) for e in raised.value.errors] == [
        f"Ark »Vurderinger«, række {row_of(sheet, '7.11')}, kolonne A (Nr.): du har ikke adgang til at vurdere "
        "indsats 7.11 (ansvarligt center: By, Erhverv og Miljø)."
    ]
    assert not Rating.objects.exists()


def test_stale_version_is_a_conflict(plan, open_round, administrator, ejendomme_reporter, own_initiative):
    services.save_rating(
        initiative=own_initiative, round_=open_round, user=ejendomme_reporter, data=GREEN, expected_version=0
    )
    workbook, sheet = sheet_of(plan, open_round, ejendomme_reporter)
    services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=administrator,
        data=GREEN.__class__(**{**GREEN.__dict__, "economy_comment": "Rettet af Økonomi"}),
        expected_version=1,
    )
    data = edit(workbook, sheet, "3.04", effort_comment="Helt nået.")
    with pytest.raises(RatingsImportError) as raised:
        import_ratings_xlsx(data, round_=open_round, user=ejendomme_reporter, submit=False, dry_run=False)
    (message,) = [str(e) for e in raised.value.errors]
    assert message.startswith(
        f"Ark »Vurderinger«, række {row_of(sheet, '3.04')}, kolonne K (Version): vurderingen er ændret"
    )
    assert "okonomi" in message and "version 1 i arket, 2 nu" in message
    assert Rating.objects.get().effort_comment == "Nået."


def test_workbook_of_another_round_is_refused(plan, open_round, administrator):
    data = export_ratings_xlsx(plan, FollowUpRound.objects.get(ordinal=2), administrator)
    with pytest.raises(RatingsImportError) as raised:
        import_ratings_xlsx(data, round_=open_round, user=administrator, submit=False, dry_run=True)
    assert "arket er hentet til opfølgningen »2. budgetopfølgning 2018«" in str(raised.value)


# --- the pages ------------------------------------------------------------------------------


def upload(client, round_, name: str, content: bytes, mode="draft"):
    url = reverse("exchange:import_ratings", args=[round_.pk])
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(url, {"file": file, "mode": mode})


def test_worklist_links_download_and_upload(client, plan, open_round, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    html = client.get(reverse("followup:worklist", args=[open_round.pk])).content.decode()
    download = reverse("exchange:export_ratings_xlsx", args=[open_round.pk, plan.pk])
    assert download == f"/import/runder/{open_round.pk}/udmoentninger/{plan.pk}/vurderinger.xlsx"
    assert download in html and "Hent som Excel" in html
    assert reverse("exchange:import_ratings", args=[open_round.pk]) in html and "Indlæs fra Excel" in html
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="vurderinger-1-budgetopfoelgning-2018')
    assert (
        load_workbook(io.BytesIO(response.content))["Vurderinger"].max_row
        == 1 + plan.initiatives.filter(responsible_department__name="Ejendomme").count()
    )


def test_page_preview_then_confirm_submits(client, plan, open_round, ejendomme_reporter, own_initiative):
    client.force_login(ejendomme_reporter)
    workbook, sheet = sheet_of(plan, open_round, ejendomme_reporter)
    data = edit(workbook, sheet, "3.04", effort="Glad", effort_comment="Nået.", economy="Glad")
    preview = upload(client, open_round, "vurderinger.xlsx", data, mode="submit")
    assert preview.status_code == 200
    text = html_to_text(preview.content.decode())
    assert "1 vurdering ændres og indsendes" in text and "Intet er gemt endnu." in text
    assert not Rating.objects.exists()

    token = preview.context["confirm_form"]["upload"].value()
    url = reverse("exchange:import_ratings", args=[open_round.pk])
    forged = client.post(url, {"upload": token[:-3] + "abc", "mode": "submit", "confirm": "1"})
    assert forged.status_code == 422 and not Rating.objects.exists()

    confirm = client.post(url, {"upload": token, "mode": "submit", "confirm": "1"})
    assert confirm.status_code == 302 and confirm["Location"] == reverse("followup:worklist", args=[open_round.pk])
    rating = Rating.objects.get()
    assert (rating.initiative, rating.status, rating.updated_by) == (own_initiative, "submitted", ejendomme_reporter)
    follow = html_to_text(client.get(confirm["Location"]).content.decode())
    assert "Vurderingerne er indlæst fra Excel: 1 ændret." in follow


def test_page_shows_errors_and_saves_nothing(staff_client, plan, open_round, administrator):
    workbook, sheet = sheet_of(plan, open_round, administrator)
    data = edit(workbook, sheet, "3.04", effort="Glad", economy="Sur")
    response = upload(staff_client, open_round, "vurderinger.xlsx", data, mode="submit")
    assert response.status_code == 422
    text = html_to_text(response.content.decode())
    assert "Arket kan ikke indlæses. Intet er gemt." in text
    assert "kolonne I (Alternativ finansiering): Angiv den alternative finansiering" in text
    assert "confirm_form" not in response.context or not response.context.get("confirm_form")
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "vurderinger.xlsx",
            b"Nr.;Indsats\n3.04;Glad\n",
            "Filen er ikke et Excel-ark (.xlsx), selv om den hedder sådan.",
        ),
        ("vurderinger.xlsm", b"PK\x03\x04", "Filer med makroer (.xlsm) kan ikke importeres."),
        ("vurderinger.txt", b"3.04 Glad", "Vælg et Excel-ark (.xlsx)."),
    ],
)
def test_unsafe_upload_is_refused(staff_client, plan, open_round, name, content, message):
    response = upload(staff_client, open_round, name, content)
    assert message in html_to_text(response.content.decode())
    assert "report" not in response.context
    assert not Rating.objects.exists()


def test_doctype_in_a_workbook_is_refused(staff_client, plan, open_round, administrator):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(export_ratings_xlsx(plan, open_round, administrator)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = b'<!DOCTYPE x [<!ENTITY a "b">]>' + content
            target.writestr(item, content)
    response = upload(staff_client, open_round, "vurderinger.xlsx", buffer.getvalue())
    assert "DOCTYPE- eller ENTITY-erklæringer" in html_to_text(response.content.decode())
    assert not Rating.objects.exists()


def test_reader_may_download_but_not_upload(reader_client, plan, open_round):
    url = reverse("exchange:export_ratings_xlsx", args=[open_round.pk, plan.pk])
    assert reader_client.get(url).status_code == 200
    assert reader_client.get(reverse("exchange:import_ratings", args=[open_round.pk])).status_code == 403
