"""Hostile text in descriptions and comments stays inert in HTML, PDF and Word."""

import io
import subprocess

import docx
import pytest
from django.urls import reverse

from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, Initiative

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss1')</script>",
    "<img src=x onerror=\"alert('xss2')\">",
    '"><svg onload=alert(3)>',
    "<a href=\"javascript:alert('xss4')\">klik</a>",
    '#panic("xss5") #include "/etc/passwd" ]]',  # typst markup must not be evaluated
]
COMMENT = "Kommentar: <script>alert('xss6')</script> & #eval(\"1\") {{ 7*7 }}"


@pytest.fixture
def hostile_plan(round_plan):
    initiative = Initiative.objects.get(number="3.04")
    initiative.description = "<p>Beskrivelse</p>" + "".join(PAYLOADS)
    initiative.save()
    round_1 = FollowUpRound.objects.get(ordinal=1)
    Rating.objects.create(
        initiative=initiative, round=round_1, effort="red", effort_comment=COMMENT,
        economy="green", status=Rating.Status.APPROVED,
    )  # fmt: skip
    return round_plan, initiative


def test_stored_description_keeps_no_active_content(hostile_plan):
    _plan, initiative = hostile_plan
    stored = Initiative.objects.get(pk=initiative.pk).description
    for marker in ("<script", "onerror", "onload", "javascript:", "<svg", "<img"):
        assert marker not in stored.lower()
    assert '#panic("xss5")' in stored  # plain text survives as text


def test_html_pages_render_payloads_inert(reader_client, hostile_plan):
    plan, initiative = hostile_plan
    for url in (
        initiative.get_absolute_url(),
        plan.get_absolute_url(),
        reverse("followup:plan_smileys", args=[plan.pk]),
        reverse("reports:followup_report", args=[plan.pk, 1, "html"]),
    ):
        html = reader_client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "onerror=" not in html and "onload=" not in html and "javascript:alert" not in html, url
    report = reader_client.get(reverse("reports:followup_report", args=[plan.pk, 1, "html"])).content.decode()
    assert "Kommentar: &lt;script&gt;alert(&#x27;xss6&#x27;)&lt;/script&gt;" in report
    assert "{{ 7*7 }}" in report and "49" not in report.split("Kommentar:")[1][:80]


def test_pdf_shows_payloads_as_text(reader_client, hostile_plan):
    plan, _initiative = hostile_plan
    response = reader_client.get(reverse("reports:followup_report", args=[plan.pk, 1, "pdf"]))
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    squashed = "".join(text.split())  # the PDF breaks long lines anywhere, even after "/"
    assert '#panic("xss5")' in squashed
    assert "<script>alert('xss6')</script>" in squashed
    assert b"/JavaScript" not in response.content and b"/JS " not in response.content


def test_docx_shows_payloads_as_text(reader_client, hostile_plan):
    plan, _initiative = hostile_plan
    response = reader_client.get(reverse("reports:followup_report", args=[plan.pk, 1, "docx"]))
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells) + "\n".join(
        p.text for p in document.paragraphs
    )
    assert "<script>alert('xss6')</script>" in text
    assert '#panic("xss5")' in text
