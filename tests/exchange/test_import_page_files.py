"""The import page with Excel and Word files: preview, signed confirm, removals shown first."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from milepael.core.richtext import html_to_text
from milepael.exchange.xlsx_plan import export_plan_xlsx
from milepael.plans.models import Initiative, Milestone
from tests.conftest import PLAN_SEED
from tests.exchange.pages import confirm_data
from tests.exchange.seed_docx import seed_as_docx
from tests.exchange.test_seed_plan_import import snapshot

pytestmark = pytest.mark.django_db
URL = reverse("exchange:import_plan")


def upload(client, name: str, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")})


def text_of(response) -> str:
    return html_to_text(response.content.decode())


def workbook_without(seed_plan, number: str) -> bytes:
    workbook = load_workbook(io.BytesIO(export_plan_xlsx(seed_plan)))
    for sheet in (workbook["Indsatser"], workbook["Milepæle"]):
        for index in reversed(range(2, sheet.max_row + 1)):
            if sheet.cell(index, 1).value == number:
                sheet.delete_rows(index)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_upload_shows_removals_and_saves_only_on_confirm(staff_client, seed_plan):
    response = upload(staff_client, "plan.xlsx", workbook_without(seed_plan, "7.09"))
    assert response.status_code == 200
    text = text_of(response)
    assert "0 oprettes, 0 ændres, 1 slettes" in text
    assert "Der slettes data" in text
    assert "slet indsats 7.09. Stærkere fokus på integrationsindsats Slettes sammen med: 4 milepæle" in text
    assert Initiative.objects.filter(number="7.09").exists()

    token = response.context["confirm_form"]["upload"].value()
    assert token and 'name="upload"' in response.content.decode()
    confirm = staff_client.post(URL, {"upload": token, "confirm": "1"})
    assert confirm.status_code == 302
    assert not Initiative.objects.filter(number="7.09").exists()
    assert Milestone.objects.count() == 136
    follow = staff_client.get(confirm["Location"])
    assert "Udmøntningen er importeret: 0 oprettet, 0 ændret, 1 slettet" in text_of(follow)


def test_tampered_signed_copy_is_refused_and_nothing_written(staff_client, seed_plan):
    response = upload(staff_client, "plan.xlsx", workbook_without(seed_plan, "7.09"))
    token = response.context["confirm_form"]["upload"].value()
    before = snapshot()
    forged = staff_client.post(URL, {"upload": token[:-3] + "abc", "confirm": "1"})
    assert forged.status_code == 422
    assert "ændret undervejs" in text_of(forged)
    assert snapshot() == before


def test_word_upload_previews_then_imports(staff_client):
    content = seed_as_docx(PLAN_SEED.read_text(encoding="utf-8"))
    response = upload(staff_client, "udmoentning.docx", content)
    assert "201 oprettes, 0 ændres, 0 uændrede." in text_of(response)
    assert Initiative.objects.count() == 0
    assert response.context["confirm_form"]["upload"].value()
    confirm = staff_client.post(URL, confirm_data(response))
    assert confirm.status_code == 302
    assert Initiative.objects.count() == 35


def test_excel_error_is_shown_by_sheet_row_and_column(staff_client, seed_plan):
    workbook = load_workbook(io.BytesIO(export_plan_xlsx(seed_plan)))
    workbook["Indsatser"]["C7"] = "Anlæg+drift"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(staff_client, "plan.xlsx", buffer.getvalue())
    assert response.status_code == 422
    assert "Ark »Indsatser«, række 7, kolonne C (Type): ukendt type »Anlæg+drift«" in text_of(response)


def test_text_upload_still_confirms_with_its_text(staff_client, plan_seed_bytes):
    response = upload(staff_client, "plan.txt", plan_seed_bytes)
    assert response.context["confirm_form"]["upload"].value() in (None, "")
    assert response.context["confirm_form"]["text"].value()


def test_confirm_without_a_file_is_an_error(staff_client):
    response = staff_client.post(URL, {"confirm": "1"})
    assert response.status_code == 422
    assert "Der er ingen fil at gemme." in text_of(response)
