"""The finance department starts a new year's agreement from its skeleton in the browser:
the agreement page states the next step, the skeleton workbook is previewed (a bad row
first: named by sheet, row and cell), then the plans are created, one per committee;
axe-clean at desktop and phone width."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from milepael.plans.models import Agreement

pytestmark = pytest.mark.django_db(transaction=True)
SIZES = [(1366, 900), (390, 844)]
ROWS = [
    ["1. Vision 2029", "1.01", "Visionen i praksis", "Drift", "Økonomiudvalget"],
    [
        "3. Sammenhængende udviklingsforløb 0-25 år",
        "3.01",
        "Flere pædagoger",
        "Drift",
        "[DEMO] Børne- og Skoleudvalget",
    ],
    ["3. Sammenhængende udviklingsforløb 0-25 år", "3.02", "Ny skole", "Anlæg", "[DEMO] Børne- og Skoleudvalget"],
]


def skeleton(path, rows) -> str:
    book = Workbook()
    book.active.title = "Skelet"
    book.active.append(["Tema", "Nr.", "Titel", "Art", "Udvalg"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_finance_creates_the_plans_from_the_agreements_skeleton(demo, browse, axe, tmp_path):
    agreement = Agreement.objects.create(title="Aftale om budget 2019", budget_year=2019)
    page = browse("okonomi")
    page.goto(reverse("followup:agreement", args=[agreement.pk]))
    expect(page.get_by_text("Næste skridt: importér aftalens skelet")).to_be_visible()
    page.get_by_role("link", name="Importér aftalens skelet").click()
    label = "Aftalens skelet som Excel-ark (.xlsx)"

    bad = [*ROWS, ["1. Vision 2029", "1.02", "Ukendt udvalg", "Drift", "Økonomiudvalg"]]
    page.get_by_label(label).set_input_files(skeleton(tmp_path / "skelet-fejl.xlsx", bad))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    expect(
        page.get_by_text("Ark »Skelet«, række 5, kolonne E (Udvalg): udvalget »Økonomiudvalg« findes ikke")
    ).to_be_visible()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        axe.check(page, f"skelet med fejl {width}")
        page.screenshot(path=str(tmp_path / f"skeleton-error-{width}.png"), full_page=True)

    page.get_by_label(label).set_input_files(skeleton(tmp_path / "skelet.xlsx", ROWS))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    expect(page.get_by_role("heading", name="Forhåndsvisning")).to_be_visible()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        axe.check(page, f"skelet forhåndsvisning {width}")
        page.screenshot(path=str(tmp_path / f"skeleton-preview-{width}.png"), full_page=True)
    assert not agreement.plans.exists()

    page.get_by_role("button", name="Opret udmøntningerne").click()
    expect(page.get_by_text("Aftalens skelet er importeret")).to_be_visible()
    expect(page.get_by_text("Næste skridt: hvert udvalgs administration importerer")).to_be_visible()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        axe.check(page, f"aftale med udmøntninger fra skelet {width}")
        page.screenshot(path=str(tmp_path / f"agreement-{width}.png"), full_page=True)
    axe.assert_clean()
    plans = {
        plan.committee.name: sorted(plan.initiatives.values_list("number", flat=True)) for plan in agreement.plans.all()
    }
    assert plans == {"Økonomiudvalget": ["1.01"], "[DEMO] Børne- og Skoleudvalget": ["3.01", "3.02"]}
    print(tmp_path)
