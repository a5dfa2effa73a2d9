"""The agreement's skeleton: the finance department fills in the template once (themes and
numbered initiatives with the responsible committee), previews it, and the plans are
created from it — one per committee, numbered as in the agreement. A plan a committee's
administration has already imported is never overwritten; bad rows are named by sheet,
row and cell with the value, and nothing is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from milepael.core.imports import FormatErrors
from milepael.core.richtext import html_to_text
from milepael.exchange.skeleton import import_skeleton
from milepael.plans.models import Agreement, ImplementationPlan, Initiative, Milestone, Theme
from milepael.plans.services import UNASSIGNED_DEPARTMENT
from tests.factories import AgreementFactory, CommitteeFactory, InitiativeFactory, plan_with_rounds

pytestmark = pytest.mark.django_db
HEADINGS = ["Tema", "Nr.", "Titel", "Art", "Udvalg"]
ROWS = [
    ["1. Vision 2029", "1.02", "Arbejdet med Vision 2029", "Drift", "Økonomiudvalget"],
    ["3. Sammenhængende udviklingsforløb 0-25 år", "3.01", "Dagtilbud", "Drift", "Børne- og Skoleudvalget"],
    ["3. Sammenhængende udviklingsforløb 0-25 år", "3.04", "Rokadespor", "Anlæg og drift", "Økonomiudvalget"],
    ["3. Sammenhængende udviklingsforløb 0-25 år", "3.10", "Skolebyggeri", "anlæg", "Børne- og Skoleudvalget"],
]


def workbook(rows=ROWS, headings=HEADINGS, sheet="Skelet") -> bytes:
    book = Workbook()
    book.active.title = sheet
    book.active.append(headings)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def agreement(db) -> Agreement:
    CommitteeFactory(name="Økonomiudvalget")
    CommitteeFactory(name="Børne- og Skoleudvalget")
    return AgreementFactory(title="Aftale om budget 2018", budget_year=2018)


def url(agreement) -> str:
    return reverse("exchange:import_skeleton", args=[agreement.pk])


def upload(client, agreement, content: bytes):
    file = SimpleUploadedFile("skelet.xlsx", content, content_type="application/octet-stream")
    return client.post(url(agreement), {"file": file})


def test_the_preview_then_confirm_creates_one_plan_per_committee_numbered_as_in_the_agreement(staff_client, agreement):
    response = upload(staff_client, agreement, workbook())
    assert response.status_code == 200
    text = html_to_text(response.content.decode())
    assert "Intet er gemt endnu." in text and "Børne- og Skoleudvalget oprettes 2" in text
    assert "Indsats: 4" in text and "3.04. Rokadespor" in text  # the changes, as in the plan import's preview
    assert not ImplementationPlan.objects.exists()

    confirm = staff_client.post(
        url(agreement), {"upload": response.context["confirm_form"]["upload"].value(), "confirm": "1"}
    )
    assert confirm.status_code == 302 and confirm["Location"] == reverse("followup:agreement", args=[agreement.pk])
    plans = {plan.committee.name: plan for plan in agreement.plans.all()}
    assert sorted(plans) == ["Børne- og Skoleudvalget", "Økonomiudvalget"]
    assert plans["Økonomiudvalget"].title == "Udmøntning af Aftale om budget 2018 for Økonomiudvalgets ansvarsområde"
    own = {i.number: i for i in plans["Økonomiudvalget"].initiatives.select_related("theme", "responsible_committee")}
    assert sorted(own) == ["1.02", "3.04"]
    assert own["3.04"].kind == Initiative.Kind.CAPITAL_AND_OPERATING and own["3.04"].theme.number == 3
    assert own["3.04"].responsible_committee.name == "Økonomiudvalget"
    assert own["3.04"].responsible_department.name == UNASSIGNED_DEPARTMENT
    assert plans["Børne- og Skoleudvalget"].initiatives.get(number="3.10").kind == Initiative.Kind.CAPITAL
    assert dict(Theme.objects.filter(agreement=agreement).values_list("number", "title")) == {
        1: "Vision 2029",
        3: "Sammenhængende udviklingsforløb 0-25 år",
    }
    # The year's four rounds, a blank milestone per initiative and round, ready for the udmøntning.
    assert agreement.rounds.count() == 4
    assert Milestone.objects.filter(initiative__plan__agreement=agreement).count() == 4 * 4
    # The agreement page says what comes next.
    page = html_to_text(staff_client.get(confirm["Location"]).content.decode())
    assert "Aftalens skelet er importeret" in page and "Næste skridt: hvert udvalgs administration importerer" in page


def test_the_same_skeleton_again_has_nothing_to_import(agreement):
    import_skeleton(workbook(), agreement)
    report = import_skeleton(workbook(), agreement, dry_run=True)
    assert report.changes == [] and report.differences == []


def test_an_imported_udmoentning_is_never_overwritten_and_the_differences_are_listed(agreement):
    plan = plan_with_rounds(committee="Økonomiudvalget", agreement=agreement)
    theme = Theme.objects.create(agreement=agreement, number=3, title="Sammenhængende udviklingsforløb 0-25 år")
    imported = InitiativeFactory(plan=plan, theme=theme, number="3.04", title="Nyt rokadespor", kind="anlaeg")
    report = import_skeleton(workbook(), agreement)
    imported.refresh_from_db()
    assert (imported.title, imported.kind) == ("Nyt rokadespor", "anlaeg")  # as the udmøntning says
    assert imported.responsible_department.name != UNASSIGNED_DEPARTMENT
    assert report.differences == [
        "Økonomiudvalget: 3.04 har titlen »Nyt rokadespor«, arten Anlæg i udmøntningen "
        "(skelettet: »Rokadespor«, Anlæg og drift, tema 3); beholdt."
    ]
    # Only what the plan lacked is added; the plan itself is the same one.
    assert sorted(plan.initiatives.values_list("number", flat=True)) == ["1.02", "3.04"]
    assert ("Økonomiudvalget", False, 2) in report.plans


@pytest.mark.parametrize(
    "row, message",
    [
        (
            ["1. Vision 2029", "1.03", "Ny", "Drift", "Økonomiudvalg"],
            "Ark »Skelet«, række 6, kolonne E (Udvalg): udvalget »Økonomiudvalg« findes ikke i Milepæl. "
            "Mente du »Økonomiudvalget«?",
        ),
        (
            ["1. Vision 2029", "1.03", "Ny", "Driftt", "Økonomiudvalget"],
            "Ark »Skelet«, række 6, kolonne D (Art): ukendt art »Driftt«; skriv Drift, Anlæg, Anlæg og drift. "
            "Mente du »Drift«?",
        ),
        (
            ["1. Vision 2029", "3.05", "Ny", "Drift", "Økonomiudvalget"],
            "Ark »Skelet«, række 6, kolonne B (Nr.): nummeret »3.05« hører ikke til tema 1",
        ),
        (
            ["3. Sammenhængende udviklingsforløb 0-25 år", "3.04", "Igen", "Drift", "Økonomiudvalget"],
            "Ark »Skelet«, række 6, kolonne B (Nr.): nummeret »3.04« står også i række 4.",
        ),
        (
            ["Vision", "1.03", "Ny", "Drift", "Økonomiudvalget"],
            "Ark »Skelet«, række 6, kolonne A (Tema): »Vision« er ikke et tema med nummer",
        ),
        (
            ["1. Vision", "1.03", "Ny", "Drift", "Økonomiudvalget"],
            "Ark »Skelet«, række 6, kolonne A (Tema): tema 1 hedder »Vision« her, men »Vision 2029« i række 2.",
        ),
    ],
)
def test_a_bad_row_is_named_by_sheet_row_and_cell_with_its_value_and_nothing_is_written(
    staff_client, agreement, row, message
):
    response = upload(staff_client, agreement, workbook([*ROWS, row]))
    assert response.status_code == 422
    text = html_to_text(response.content.decode())
    assert "Skelettet kan ikke importeres. Intet er gemt." in text
    assert message in text
    assert not ImplementationPlan.objects.exists() and not Theme.objects.exists()


def test_every_bad_row_is_listed_at_once(agreement):
    rows = [*ROWS, ["1. Vision 2029", "1.03", "", "Drift", "Ukendt"], ["1. Vision 2029", "1.04", "X", "?", "Ukendt"]]
    with pytest.raises(FormatErrors) as raised:
        import_skeleton(workbook(rows), agreement)
    assert len(raised.value.errors) == 2  # one per row (the first problem of each)


def test_the_template_reads_back_and_names_the_missing_column(staff_client, agreement):
    response = staff_client.get(reverse("exchange:skeleton_template"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    sheet = load_workbook(io.BytesIO(content))["Skelet"]
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert import_skeleton(content, agreement, dry_run=True).created > 0  # its example row reads
    text = html_to_text(upload(staff_client, agreement, workbook(headings=HEADINGS[:4])).content.decode())
    assert "Ark »Skelet«, række 1: mangler kolonnen »Udvalg« i første række." in text


def test_only_the_finance_department_imports_a_skeleton(reader_client, agreement):
    assert reader_client.get(url(agreement)).status_code == 403
    assert upload(reader_client, agreement, workbook()).status_code == 403
    page = reader_client.get(reverse("followup:agreement", args=[agreement.pk])).content.decode()
    assert url(agreement) not in page


def test_the_agreement_page_offers_the_skeleton_import_with_the_next_step(staff_client, agreement):
    page = html_to_text(staff_client.get(reverse("followup:agreement", args=[agreement.pk])).content.decode())
    assert "Næste skridt: importér aftalens skelet" in page and "Importér aftalens skelet" in page


def test_the_committees_udmoentning_then_fills_in_the_plan_made_from_the_skeleton(agreement, plan_seed_bytes):
    from milepael.exchange.plan_import import import_plan_file

    import_skeleton(workbook(), agreement)
    skeleton_plan = agreement.plans.get(committee__name="Økonomiudvalget")
    plan = import_plan_file(plan_seed_bytes).plan
    assert plan.pk == skeleton_plan.pk  # the same plan, matched on agreement and committee
    initiative = plan.initiatives.get(number="3.04")
    assert initiative.responsible_department.name == "Ejendomme"  # the udmøntning names the real one
    assert initiative.milestones.exclude(text="").exists()
    assert plan.initiatives.count() == 35


def test_previewing_a_skeleton_already_imported_runs_the_same_queries_at_any_size(agreement):
    counts = []
    for size in (4, 40):
        rows = [
            [f"{theme}. Tema {theme}", f"{theme}.{index:02d}", f"Indsats {index}", "Drift", committee]
            for index in range(1, size + 1)
            for theme, committee in [(1 + index % 2, ("Økonomiudvalget", "Børne- og Skoleudvalget")[index % 2])]
        ]
        data = workbook(rows)
        import_skeleton(data, agreement)
        with CaptureQueriesContext(connection) as queries:
            report = import_skeleton(data, agreement, dry_run=True)
        assert report.changes == []
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
