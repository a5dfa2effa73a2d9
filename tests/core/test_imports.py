"""One error shape for a file that does not have the expected layout (where, and what), and
one toolkit every importer writes with: upsert, remove, one report and one dry run."""

import pytest
from django.utils import translation

from milepael.core.imports import (
    IMPORT_ERRORS,
    DocumentFormatError,
    FormatError,
    FormatErrors,
    ImportReport,
    LineFormatError,
    RecordError,
    WorkbookFormatError,
    all_or_nothing,
    by_name,
    decode_text,
    remove,
    upsert,
)
from milepael.exchange.uploads import UploadRefused
from milepael.organisation.models import Department
from milepael.plans.models import Agreement
from tests.factories import MilestoneFactory, RoundFactory


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (LineFormatError(12, "der mangler en titel."), "Linje 12: der mangler en titel."),
        (
            WorkbookFormatError("feltet må ikke være tomt.", sheet="Indsatser", row=4, column="B (Titel)"),
            "Ark »Indsatser«, række 4, kolonne B (Titel): feltet må ikke være tomt.",
        ),
        (
            WorkbookFormatError("for mange rækker.", sheet="Milepæle", row=1),
            "Ark »Milepæle«, række 1: for mange rækker.",
        ),
        (WorkbookFormatError("arket mangler.", sheet="Milepæle"), "Ark »Milepæle«: arket mangler."),
        (WorkbookFormatError("kan ikke læses."), "Excel-arket: kan ikke læses."),
        (DocumentFormatError("Tabel 3, række 2", "ukendt type."), "Tabel 3, række 2: ukendt type."),
    ],
)
def test_every_format_error_says_where_and_what_in_danish(error, text):
    with translation.override("da"):
        assert isinstance(error, FormatError) and isinstance(error, ValueError)
        assert str(error) == text
        assert f"{error.location}: {error.message}" == text


def test_the_errors_keep_their_specific_places():
    line = LineFormatError(7, "x")
    assert (line.line, line.location, line.message) == (7, "Linje 7", "x")
    cell = WorkbookFormatError("x", sheet="Indsatser", row=4, column="B")
    assert (cell.sheet, cell.row, cell.column) == ("Indsatser", 4, "B")


# --- the toolkit every importer writes with ------------------------------------------------


@pytest.mark.django_db
def test_a_dry_run_inside_a_transaction_rolls_back_only_its_own_writes():
    # The test itself runs in a transaction, as a request may: only the dry run is undone.
    before = Department.objects.create(name="Skrevet før")
    report = ImportReport(dry_run=True)
    with all_or_nothing(dry_run=True):
        upsert(report, Department, {"name": "Prøvekørsel"}, {})
        assert Department.objects.filter(name="Prøvekørsel").exists()
    assert report.created == 1
    assert list(Department.objects.values_list("name", flat=True)) == [before.name]
    Department.objects.create(name="Skrevet efter")  # the outer transaction carries on
    assert Department.objects.count() == 2


@pytest.mark.django_db
def test_an_error_inside_leaves_nothing_written_and_a_real_run_keeps_everything():
    with pytest.raises(RuntimeError), all_or_nothing():
        Department.objects.create(name="Halvt skrevet")
        raise RuntimeError("the file turned out to be wrong")
    assert not Department.objects.exists()
    with all_or_nothing(dry_run=False):
        Department.objects.create(name="Gemt")
    assert Department.objects.get().name == "Gemt"


@pytest.mark.django_db
def test_upsert_reports_created_changed_and_unchanged_rows():
    report = ImportReport()
    agreement = upsert(report, Agreement, {"title": "Aftale om budget 2018"}, {"budget_year": 2018})
    upsert(report, Agreement, {"title": "Aftale om budget 2018"}, {"budget_year": 2018})
    upsert(report, Agreement, {"title": "Aftale om budget 2018"}, {"budget_year": 2019, "case_id": ""})
    assert [(c.action, c.kind, c.label, c.fields) for c in report.changes] == [
        ("created", "budgetaftale", "Aftale om budget 2018", []),
        ("changed", "budgetaftale", "Aftale om budget 2018", ["budgetår"]),
    ]
    assert [c.action_display for c in report.changes] == ["opret", "ændr"]
    assert report.unchanged == 1
    agreement.refresh_from_db()
    assert agreement.budget_year == 2019
    assert report.summary() == "1 oprettet, 1 ændret, 1 uændrede."


@pytest.mark.django_db
def test_upsert_counts_what_the_format_cannot_express_as_unchanged():
    report = ImportReport()
    upsert(report, Department, {"name": "Ejendomme"}, {})

    def same_when_folded(field, stored, new) -> bool:
        return stored.casefold() == new.casefold()

    upsert(report, Department, {"name": "Ejendomme"}, {"name": "EJENDOMME"}, same=same_when_folded)
    assert (report.created, report.changed, report.unchanged) == (1, 0, 1)
    assert Department.objects.get().name == "Ejendomme"


@pytest.mark.django_db
def test_a_value_the_model_refuses_is_an_error_at_the_row_and_nothing_is_written():
    report = ImportReport()
    with pytest.raises(RecordError) as raised, all_or_nothing():
        upsert(report, Agreement, {"title": "Aftale om budget 2018"}, {"budget_year": 2018, "case_id": "sag #12!"})
    assert isinstance(raised.value, FormatError)
    assert raised.value.location == "Budgetaftale Aftale om budget 2018"
    assert str(raised.value).startswith("Budgetaftale Aftale om budget 2018: sagsid: ")
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_by_name_finds_a_row_in_any_case_or_creates_it():
    report = ImportReport()
    existing = Department.objects.create(name="Ejendomme")
    assert by_name(report, Department, "EJENDOMME") == existing
    created = by_name(report, Department, "Politisk Sekretariat")
    assert [(c.action, c.label) for c in report.changes] == [("created", "Politisk Sekretariat")]
    assert created.name == "Politisk Sekretariat"


@pytest.mark.django_db
def test_remove_reports_what_goes_with_the_row_and_refuses_a_row_still_referred_to():
    milestone = MilestoneFactory()
    MilestoneFactory(initiative=milestone.initiative, round=RoundFactory(agreement=milestone.round.agreement))
    initiative = milestone.initiative
    report = ImportReport(dry_run=True)
    remove(report, initiative)
    assert [(c.action, c.kind, c.label, c.fields) for c in report.changes] == [
        ("removed", "indsats", str(initiative), ["2 milepæle"])
    ]
    assert report.summary() == "0 oprettes, 0 ændres, 1 slettes, 0 uændrede."
    with pytest.raises(RecordError, match=r"^Udvalg .*: kan ikke slettes, fordi andre data henviser til den\."):
        remove(report, milestone.round.agreement.plans.get().committee)


def test_several_problems_travel_together():
    errors = [LineFormatError(3, "a."), WorkbookFormatError("b.", sheet="Indsatser")]
    collected = FormatErrors(errors)
    assert collected.errors == errors
    assert str(collected) == "Linje 3: a.\nArk »Indsatser«: b."
    assert isinstance(collected, IMPORT_ERRORS) and isinstance(errors[0], IMPORT_ERRORS)


def test_an_upload_refusal_is_a_format_error_about_the_whole_file():
    refused = UploadRefused("Filen er for stor.")
    assert isinstance(refused, FormatError)
    assert (refused.location, refused.message) == ("Filen", "Filen er for stor.")


def test_text_that_is_not_utf8_is_refused_at_its_line_by_the_readers_own_error():
    class ReadersError(LineFormatError):
        pass

    assert decode_text("\ufeffLinje 1\nLinje 2".encode()) == "Linje 1\nLinje 2"
    with pytest.raises(ReadersError) as raised:
        decode_text(b"Linje 1\nLinje 2\nLinje \xe5\n", ReadersError)
    assert str(raised.value) == "Linje 3: filen er ikke gyldig UTF-8-tekst."
