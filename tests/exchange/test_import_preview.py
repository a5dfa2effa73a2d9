"""The import preview as a clerk uses it: a clear summary, new departments to decide on,
warnings to accept, changes grouped by what happens to them, an all-or-nothing confirm
that keeps the choices made — and a preview gone stale is never saved over."""

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.generate import scaled_plan
from milepael.core.richtext import html_to_text
from milepael.exchange.plan_import import import_plan
from milepael.exchange.seed_plan import parse_plan_text
from milepael.exchange.xlsx_plan import export_plan_xlsx
from milepael.followup.models import Rating
from milepael.organisation.models import Department, DepartmentAlias
from milepael.plans.models import ImplementationPlan, Initiative
from tests.conftest import PLAN_SEED
from tests.exchange.pages import confirm_data
from tests.exchange.test_seed_plan_import import snapshot
from tests.exchange.word_builder import plan_document

pytestmark = pytest.mark.django_db
URL = reverse("exchange:import_plan")
SEED_TEXT = PLAN_SEED.read_text(encoding="utf-8")


def upload(client, name: str, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")})


def text_of(response) -> str:
    return html_to_text(response.content.decode())


def test_a_first_import_asks_about_every_new_department_and_creates_them_on_confirm(staff_client):
    response = upload(staff_client, "udmoentning.txt", PLAN_SEED.read_bytes())
    text = text_of(response)
    assert "201 oprettes 0 ændres 0 slettes 0 uændrede 11 nye centre at tage stilling til 0 advarsler" in text
    assert "Tekstfilen er læst som UTF-8." in text
    form = response.context["confirm_form"]
    fields = form.department_fields()
    assert [f.label for f in fields][:2] == ["Politisk Sekretariat", "Økonomi og Styring"]
    assert fields[0].value() == "new"  # nothing like it exists: creating it is preselected, and shown
    assert "Nævnt i indsats 1.02, 3.26, 3.32, 6.17, 7.02, 7.03, 7.04, 7.09, 8.09." in text
    assert not Department.objects.exists()
    confirm = staff_client.post(URL, confirm_data(response))
    assert confirm.status_code == 302
    assert Department.objects.count() == 11
    assert Initiative.objects.count() == 35


def test_a_name_like_an_existing_department_must_be_decided_and_the_choice_is_kept(staff_client, seed_plan):
    revised = SEED_TEXT.replace(
        "Ansvarligt center: Ejendomme Ansvarligt udvalg", "Ansvarligt center: Ejendome Ansvarligt udvalg", 1
    )
    response = upload(staff_client, "revideret.txt", revised.encode())
    field = response.context["confirm_form"].department_fields()[0]
    assert (field.label, field.value()) == ("Ejendome", "")
    assert "Nævnt i indsats 3.04. Ligner centret »Ejendomme«." in text_of(response)
    before = snapshot()
    undecided = staff_client.post(URL, confirm_data(response))
    assert undecided.status_code == 422
    assert "Vælg, om centret skal oprettes, eller hvilket center det er." in text_of(undecided)
    assert snapshot() == before
    ejendomme = Department.objects.get(name="Ejendomme")
    decided = staff_client.post(URL, confirm_data(undecided, department_0=str(ejendomme.pk)))
    assert decided.status_code == 302
    assert snapshot() == before  # the plan was already as the file says, once the name is known
    assert DepartmentAlias.objects.get().name == "Ejendome"


def test_warnings_must_be_accepted_before_saving(staff_client):
    without = dataclasses.replace(parse_plan_text(SEED_TEXT), effort_definitions=[], economy_definitions=[])
    response = upload(staff_client, "udmoentning.docx", plan_document(without, "numbered"))
    text = text_of(response)
    assert "Advarsler Filen har ingen definitioner af smileys, hverken for indsats eller økonomi." in text
    refused = staff_client.post(URL, confirm_data(response))
    assert refused.status_code == 422
    assert "Sæt flueben, hvis udmøntningen skal importeres trods advarslerne." in text_of(refused)
    assert not ImplementationPlan.objects.exists()
    accepted = staff_client.post(URL, confirm_data(refused, accept_warnings="on"))
    assert accepted.status_code == 302
    assert ImplementationPlan.objects.get().effort_green_definition == ""


def test_a_preview_gone_stale_is_a_conflict_showing_both_and_saves_nothing(staff_client, seed_plan):
    revised = SEED_TEXT.replace("Projektomfang er aftalt.", "Projektomfanget er aftalt.")
    response = upload(staff_client, "revideret.txt", revised.encode())
    assert "0 oprettes, 1 ændres, 188 uændrede." in text_of(response)
    # Meanwhile a colleague imports another revision that changes a title.
    import_plan(parse_plan_text(SEED_TEXT.replace("1.02. Arbejdet med Vision 2029", "1.02. Vision 2029 i praksis")))
    before = snapshot()
    stale = staff_client.post(URL, confirm_data(response))
    assert stale.status_code == 409
    text = text_of(stale)
    assert "Udmøntningen er ændret, siden du så forhåndsvisningen" in text
    assert "Forhåndsvisningen sagde: 0 oprettes, 1 ændres, 188 uændrede. Nu: 0 oprettes, 2 ændres" in text
    assert snapshot() == before
    again = staff_client.post(URL, confirm_data(stale))
    assert again.status_code == 302
    assert Initiative.objects.get(number="1.02").title == "Arbejdet med Vision 2029"


def test_changes_are_grouped_removals_first_and_open(staff_client, seed_plan):
    lines = SEED_TEXT.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("7.09."))
    end = next(i for i, line in enumerate(lines) if line.startswith("7.10."))
    revised = "\n".join(lines[:start] + lines[end:]).replace("Projektomfang er aftalt.", "Aftalt.")
    response = upload(staff_client, "revideret.txt", revised.encode())
    html = response.content.decode()
    assert html.index("<h4>Slettes</h4>") < html.index("<h4>Ændres</h4>")
    assert '<details class="details mp-changes" open>' in html
    text = text_of(response)
    assert "slet indsats 7.09. Stærkere fokus på integrationsindsats Slettes sammen med: 4 milepæle" in text
    assert "ændr milepæl 8.03 · 1. budgetopfølgning 2018 milepæl" in text


def test_a_refused_removal_is_listed_with_the_initiative_it_concerns(staff_client, seed_plan):
    Rating.objects.create(
        initiative=Initiative.objects.get(number="7.09"), round=seed_plan.agreement.rounds.get(ordinal=1)
    )
    lines = SEED_TEXT.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("7.09."))
    end = next(i for i, line in enumerate(lines) if line.startswith("7.10."))
    response = upload(staff_client, "revideret.txt", "\n".join(lines[:start] + lines[end:]).encode())
    assert response.status_code == 422
    assert "Filen kan ikke importeres Indsats 7.09. Stærkere fokus på integrationsindsats: står ikke i filen" in (
        text_of(response)
    )


def test_the_preview_of_an_unchanged_plan_runs_a_fixed_number_of_queries(staff_client, settings):
    settings.MILEPAEL_MAX_IMPORT_BYTES = 20 * 1024 * 1024
    counts = []
    for factor in (1, 3):
        workbook = export_plan_xlsx(import_plan(scaled_plan(factor)).plan)
        upload(staff_client, "plan.xlsx", workbook)  # the session is warm
        with CaptureQueriesContext(connection) as queries:
            response = upload(staff_client, "plan.xlsx", workbook)
        assert "0 oprettes, 0 ændres" in text_of(response)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
