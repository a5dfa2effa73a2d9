"""The upload page: preview first, nothing saved before confirm, clear errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.plans.models import EconomyAmount, Initiative
from tests.exchange.pages import confirm_data

pytestmark = pytest.mark.django_db
URL = reverse("exchange:import_plan")


def upload(client, content: bytes, name: str = "udmoentning.txt"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type="text/plain")})


def test_anonymous_and_non_staff_cannot_import(client, django_user_model, plan_seed_bytes):
    assert client.get(URL).status_code == 302
    assert upload(client, plan_seed_bytes).status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-123"))
    assert upload(client, plan_seed_bytes).status_code == 403
    assert Initiative.objects.count() == 0


def test_upload_shows_preview_and_saves_nothing_until_confirmed(staff_client, plan_seed_bytes):
    response = upload(staff_client, plan_seed_bytes)
    assert response.status_code == 200
    text = html_to_text(response.content.decode())
    assert "201 oprettes, 0 ændres, 0 uændrede." in text
    assert "Intet er gemt endnu." in text
    assert Initiative.objects.count() == 0

    assert response.context["confirm_form"]["text"].value()  # a text file comes back as its text
    confirm = staff_client.post(URL, confirm_data(response))
    assert confirm.status_code == 302
    assert Initiative.objects.count() == 35
    follow = staff_client.get(confirm["Location"])
    assert "Udmøntningen er importeret: 201 oprettet" in html_to_text(follow.content.decode())


def test_upload_of_the_same_file_again_says_there_is_nothing_to_do(staff_client, seed_plan, plan_seed_bytes):
    text = html_to_text(upload(staff_client, plan_seed_bytes).content.decode())
    assert "Der er intet at importere." in text


def test_garbled_upload_gives_line_numbered_error_and_keeps_the_form(staff_client, plan_seed_bytes):
    garbled = plan_seed_bytes.replace("\tAnlæg og drift\t".encode(), "\tAnlægsdrift\t".encode(), 1)
    response = upload(staff_client, garbled)
    assert response.status_code == 422
    text = html_to_text(response.content.decode())
    assert "Filen kan ikke importeres" in text
    assert "Linje 75: ukendt type »Anlægsdrift«" in text
    assert Initiative.objects.count() == 0


def test_upload_that_is_not_text_is_refused(staff_client):
    # .docx is accepted now (docx_plan); a broken one is refused by the upload checks.
    response = upload(staff_client, b"PK\x03\x04 zip", name="plan.docx")
    assert "Filen er ikke et Word-dokument (.docx)" in html_to_text(response.content.decode())
    # The content decides, not the name: a PDF is refused whatever it is called.
    response = upload(staff_client, b"%PDF-1.7", name="plan.pdf")
    assert "Filen er en PDF-fil. Gem dokumentet som Word-dokument (.docx) og importér det." in html_to_text(
        response.content.decode()
    )
    assert Initiative.objects.count() == 0


def test_oversized_upload_is_refused_before_parsing(staff_client, settings):
    settings.MILEPAEL_MAX_IMPORT_BYTES = 1000
    response = upload(staff_client, b"x" * 1001)
    assert "Filen er for stor" in html_to_text(response.content.decode())


def test_tampered_confirmation_is_checked_again(staff_client):
    response = staff_client.post(URL, {"text": "Udmøntning af noget andet", "confirm": "1"})
    assert response.status_code == 422
    assert "Linje 1:" in html_to_text(response.content.decode())
    assert Initiative.objects.count() == 0


def test_the_preview_offers_the_amounts_of_the_economy_texts_and_stores_the_ticked_ones(staff_client, plan_seed_bytes):
    response = upload(staff_client, plan_seed_bytes)
    form = response.context["confirm_form"]
    offered = {suggestion.number: field for suggestion, field in form.amount_rows()}
    assert "3.04" in offered and "1.01" not in offered  # 3.04: 6,5 mio. kr. anlæg and 0,5 mio. kr. drift a year
    text = html_to_text(response.content.decode())
    assert "Beløb fra økonomiteksterne" in text and "Brug beløbene for 3.04" in text and "6,5 mio. kr." in text
    assert all(field.value() for field in offered.values())  # new initiatives: ticked, shown beside their amounts
    assert EconomyAmount.objects.count() == 0  # nothing before confirm

    # The administrator unticks all but 3.04: only 3.04's amounts are stored, with the import.
    unticked = {field.html_name: "" for number, field in offered.items() if number != "3.04"}
    confirm = staff_client.post(URL, confirm_data(response, **unticked))
    assert confirm.status_code == 302
    stored = EconomyAmount.objects.select_related("initiative")
    assert {amount.initiative.number for amount in stored} == {"3.04"}
    assert stored.count() == 5  # anlæg 2018, drift 2018-2021


def test_amounts_already_confirmed_differently_are_offered_unticked(staff_client, seed_plan, plan_seed_bytes):
    initiative = Initiative.objects.get(number="3.04")
    EconomyAmount.objects.create(initiative=initiative, year=2018, kind="drift", sign="udgift", amount_kr=1)
    response = upload(staff_client, plan_seed_bytes)
    offered = {suggestion.number: field for suggestion, field in response.context["confirm_form"].amount_rows()}
    assert offered["3.04"].value() is False
    assert "Indsatsen har allerede andre beløb" in html_to_text(response.content.decode())
    # The file is unchanged: confirming stores the ticked amounts only, and 3.04's stay.
    staff_client.post(URL, confirm_data(response))
    assert list(EconomyAmount.objects.filter(initiative=initiative).values_list("amount_kr", flat=True)) == [1]


def test_amounts_are_stored_all_or_nothing_with_the_import(staff_client, plan_seed_bytes, monkeypatch):
    from milepael.exchange import import_amounts

    response = upload(staff_client, plan_seed_bytes)

    def failing(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(import_amounts, "set_economy_amounts", failing)
    with pytest.raises(RuntimeError):
        staff_client.post(URL, confirm_data(response))
    assert Initiative.objects.count() == 0 and EconomyAmount.objects.count() == 0
