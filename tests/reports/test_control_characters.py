"""A control character in a comment (U+000B is Word's line break, pasted along) used to make
the round's PDF, Word and Excel reports answer 500 for everyone. Every one of U+0000–U+001F
(but tab and newline), U+FFFE and U+FFFF now goes in through every input — the rating form,
the API, the plan import as text, Excel and Word, the term import — and every format of the
reports comes out: 200 and a file its reader opens."""

import io
import re
import zipfile

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from milepael.exchange.term_import import import_term_file
from milepael.exchange.xlsx_plan import export_plan_xlsx
from milepael.followup.models import Rating
from milepael.plans.models import ImplementationPlan, Initiative, Milestone
from milepael.term.models import Objective
from tests.api.conftest import token_client
from tests.conftest import PLAN_SEED, TERM_SEED
from tests.core.test_text import CONTROL_CHARACTERS
from tests.exchange.seed_docx import seed_as_docx

pytestmark = pytest.mark.django_db
FORMATS = ("html", "pdf", "docx", "xlsx")
ALL_CONTROL = "".join(CONTROL_CHARACTERS)
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def assert_valid(response, format: str) -> None:
    """200, and a file its reader opens, holding no control character."""
    assert response.status_code == 200, format
    content = response.content
    if format == "html":
        assert not FORBIDDEN.search(content.decode("utf-8"))
    elif format == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(content))
        assert len(reader.pages) > 0
        assert not FORBIDDEN.search("".join(page.extract_text() for page in reader.pages))
    elif format == "docx":
        document = Document(io.BytesIO(content))
        assert document.paragraphs
    else:
        workbook = load_workbook(io.BytesIO(content))
        values = [c.value for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
        assert not any(isinstance(v, str) and FORBIDDEN.search(v) for v in values)


def assert_every_report_renders(client, plan: ImplementationPlan, ordinal: int | None) -> None:
    for format in FORMATS:
        if ordinal is None:
            url = reverse("reports:plan_report", args=[plan.pk, format])
        else:
            url = reverse("reports:followup_report", args=[plan.pk, ordinal, format])
        assert_valid(client.get(url), format)


def test_the_list_covers_every_character_the_rule_names():
    assert len(CONTROL_CHARACTERS) == 32 - 2 + 2 and all(c in ALL_CONTROL for c in CONTROL_CHARACTERS)


def test_the_rating_form_stores_comments_without_control_characters(
    client, ejendomme_reporter, open_round, own_initiative
):
    client.force_login(ejendomme_reporter)
    url = reverse("followup:rate", args=[open_round.pk, own_initiative.pk])
    # Every character but U+0000: a form field refuses that one with a clear message (Django's
    # own rule for text typed into a web form); nothing is saved, and the typed text is kept.
    typed = ALL_CONTROL.replace("\x00", "")
    response = client.post(
        url,
        {
            "effort": "yellow",
            "effort_comment": f"Forsinket{typed}en måned",
            "economy": "red",
            "economy_comment": f"Merudgift{typed}",
            "alternative_financing": f"Puljen{typed}",
            "version": 0,
            "submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rating = Rating.objects.get(initiative=own_initiative, round=open_round)
    assert not FORBIDDEN.search(rating.effort_comment + rating.economy_comment + rating.alternative_financing)
    assert rating.effort_comment.startswith("Forsinket\n")  # U+000B, U+000C and U+000D: line breaks
    refused = client.post(url, {"effort": "yellow", "effort_comment": "a\x00b", "version": rating.version})
    assert refused.status_code == 422 and "Null-tegn er ikke tilladt" in refused.content.decode()
    Rating.objects.filter(pk=rating.pk).update(status=Rating.Status.APPROVED)
    client.force_login(ejendomme_reporter)
    assert_every_report_renders(client, own_initiative.plan, open_round.ordinal)


def test_the_api_stores_comments_without_control_characters(ejendomme_reporter, open_round, own_initiative, client):
    api = token_client(ejendomme_reporter)
    body = {
        "initiative": own_initiative.pk,
        "round": open_round.pk,
        "version": 0,
        "effort": "red",
        "effort_comment": f"Nås{ALL_CONTROL}ikke",
        "economy": "red",
        "economy_comment": f"Merudgift{ALL_CONTROL}",
        "alternative_financing": f"Puljen{ALL_CONTROL}",
        "submit": True,
    }
    response = api.post("/api/ratings/", body, format="json")
    assert response.status_code == 201, response.content
    assert not FORBIDDEN.search(response.json()["effort_comment"])
    rating = Rating.objects.get(pk=response.json()["id"])
    assert rating.effort_comment == "Nås\n\n\nikke"  # U+000B, U+000C and U+000D: line breaks
    Rating.objects.filter(pk=rating.pk).update(status=Rating.Status.APPROVED)
    client.force_login(ejendomme_reporter)
    assert_every_report_renders(client, own_initiative.plan, open_round.ordinal)


def _seed_with(characters: str) -> bytes:
    """Seed 000 with `characters` in the first milestone and description, inside the cells
    (a line end stays the row's end it is)."""
    characters = characters.replace("\n", "").replace("\r", "")
    text = PLAN_SEED.read_text(encoding="utf-8")
    text = text.replace("Milepæl\t", f"Milepæl\t{characters}", 1)
    text = text.replace("Beskrivelse\t", f"Beskrivelse\tFør{characters}", 1)
    return text.encode("utf-8")


def _upload(client, name: str, content: bytes):
    url = reverse("exchange:import_plan")
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")})


def _upload_and_confirm(client, name: str, content: bytes) -> None:
    preview = _upload(client, name, content)
    assert preview.status_code == 200
    form = preview.context["confirm_form"]
    data = {name: value for name in form.fields if (value := form[name].value()) is not None}
    confirm = client.post(reverse("exchange:import_plan"), {**data, "confirm": "1"})
    assert confirm.status_code == 302, confirm.content.decode()[:3000]


def _assert_plan_is_clean() -> ImplementationPlan:
    texts = [
        value
        for model, fields in ((Initiative, ("title", "description")), (Milestone, ("text",)))
        for row in model.objects.values_list(*fields)
        for value in row
    ]
    assert texts and not any(FORBIDDEN.search(text) for text in texts)
    return ImplementationPlan.objects.get()


def test_the_plan_text_import_stores_no_control_characters(staff_client):
    # A U+0000 byte marks a binary file: the upload check refuses it, clearly, before reading.
    refused = _upload(staff_client, "udmoentning.txt", _seed_with("\x00"))
    assert "Filen er ikke en tekstfil" in refused.content.decode()
    assert not ImplementationPlan.objects.exists()
    _upload_and_confirm(staff_client, "udmoentning.txt", _seed_with(ALL_CONTROL.replace("\x00", "")))
    plan = _assert_plan_is_clean()
    assert_every_report_renders(staff_client, plan, None)


def test_the_plan_excel_import_stores_no_control_characters(staff_client, seed_plan):
    # Excel keeps a control character as an _xHHHH_ escape: write every one into a milestone.
    workbook = load_workbook(io.BytesIO(export_plan_xlsx(seed_plan)))
    sheet = workbook["Milepæle"]  # number, round, text
    number, round_name = sheet.cell(2, 1).value, sheet.cell(2, 2).value
    sheet.cell(2, 3).value = "MILEPAEL-MED-TEGN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    escapes = "".join(f"_x{ord(c):04X}_" for c in CONTROL_CHARACTERS if ord(c) < 0x20)
    content = _with_replaced_text(buffer.getvalue(), "MILEPAEL-MED-TEGN", f"Før{escapes}efter")
    _upload_and_confirm(staff_client, "plan.xlsx", content)
    plan = _assert_plan_is_clean()
    milestone = Milestone.objects.get(initiative__number=number, round__name=round_name)
    # U+000B, U+000C and U+000D are line breaks (here: a new paragraph); the rest are gone.
    assert milestone.text == "<p>Før</p><p>efter</p>", milestone.text
    assert_every_report_renders(staff_client, plan, None)


def _with_replaced_text(xlsx: bytes, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                data = data.replace(old.encode("utf-8"), new.encode("utf-8"))
            target.writestr(item, data)
    return buffer.getvalue()


def test_a_word_file_with_control_characters_is_refused_clearly(staff_client, seed_plan):
    # XML 1.0, and so a Word file, has no room for them (Word writes its line break as
    # <w:br/>): a file that has them anyway is refused with a message, and nothing changes.
    docx = seed_as_docx(PLAN_SEED.read_text(encoding="utf-8"))
    broken = _with_replaced_text(docx, "Vision 2029", "Vision" + ALL_CONTROL.replace("\x00", "") + " 2029")
    before = list(Milestone.objects.values_list("text", flat=True))
    response = _upload(staff_client, "plan.docx", broken)
    assert response.status_code in (200, 422) and not response.context.get("confirm_form")
    assert "Word-dokument" in response.content.decode(), response.content.decode()[-3000:]
    assert list(Milestone.objects.values_list("text", flat=True)) == before


def test_the_term_import_stores_no_control_characters(reader_client):
    text = TERM_SEED.read_text(encoding="utf-8")
    cleaned = ALL_CONTROL.replace("\n", "").replace("\r", "")
    text = re.sub(r"\t", f"\t{cleaned}", text, count=3)
    import_term_file(text.encode("utf-8"))
    objective = Objective.objects.select_related("area__term").first()
    assert not any(
        FORBIDDEN.search(value) for row in Objective.objects.values_list("title", "actions", "results") for value in row
    )
    for format in FORMATS:
        assert_valid(reader_client.get(reverse("reports:term_report", args=[objective.area.term.pk, format])), format)
