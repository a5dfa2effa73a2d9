"""The hostile-upload corpus against every upload page: each file is refused with a Danish
message (never a 500), nothing is written, no entity is expanded and no file outside the
upload is read."""

import io
import random
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from milepael.exchange.xlsx_plan import export_plan_xlsx
from milepael.plans.models import Initiative
from tests.security.conftest import stored_state
from tests.security.tally import attempt

pytestmark = pytest.mark.django_db

XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>'


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _with_member(package: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members[name] = content
    return _zip(members)


def _xml(declaration_encoding: str, codec: str, bom: bytes = b"") -> bytes:
    text = f'<?xml version="1.0" encoding="{declaration_encoding}"?>{XXE}'
    return bom + text.encode(codec)


def corpus(workbook: bytes) -> list[tuple[str, str, bytes]]:
    """(label, file name, bytes) of every hostile upload."""
    noise = random.Random(15)
    nested = _zip({"indre.zip": _zip({"inderst.zip": _zip({"x.xml": b"<x/>" * 1000})})})
    xxe_in = lambda xml: _with_member(workbook, "xl/sharedStrings.xml", xml)  # noqa: E731
    return [
        ("zip bomb", "plan.xlsx", _zip({"xl/worksheets/sheet1.xml": b"0" * (200 * 1024 * 1024)})),
        ("nested zips", "plan.xlsx", nested),
        ("zip with 20,000 members", "plan.docx", _zip({f"m{n}.xml": b"<x/>" for n in range(20000)})),
        ("XXE, UTF-8", "plan.xlsx", xxe_in(_xml("UTF-8", "utf-8"))),
        ("XXE, UTF-8 with BOM", "plan.xlsx", xxe_in(_xml("UTF-8", "utf-8", b"\xef\xbb\xbf"))),
        ("XXE, UTF-16 LE", "plan.xlsx", xxe_in(_xml("UTF-16", "utf-16-le", b"\xff\xfe"))),
        ("XXE, UTF-16 BE", "plan.xlsx", xxe_in(_xml("UTF-16", "utf-16-be", b"\xfe\xff"))),
        ("XXE in a Word document", "plan.docx", _zip({"word/document.xml": _xml("UTF-8", "utf-8")})),
        (
            "billion laughs",
            "plan.xlsx",
            xxe_in(b'<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'),
        ),
        ("macros (vbaProject.bin)", "plan.xlsx", _with_member(workbook, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")),
        ("macro-enabled name", "plan.xlsm", workbook),
        ("Word with macros", "plan.docx", _zip({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"})),
        ("oversize", "plan.txt", b"3.04. Titel\n" * (600 * 1024)),
        ("wrong type: PDF as .xlsx", "plan.xlsx", b"%PDF-1.7\n" + noise.randbytes(2048)),
        ("wrong type: PNG as .docx", "plan.docx", b"\x89PNG\r\n\x1a\n" + noise.randbytes(2048)),
        ("wrong type: workbook as .txt", "plan.txt", workbook),
        ("wrong extension", "plan.exe", b"MZ" + noise.randbytes(1024)),
        ("no extension", "plan", b"3.04. Titel"),
        ("empty .xlsx", "plan.xlsx", b""),
        ("empty .docx", "plan.docx", b""),
        ("empty .txt", "plan.txt", b""),
        ("garbage .xlsx", "plan.xlsx", noise.randbytes(8192)),
        ("garbage .txt", "plan.txt", noise.randbytes(8192)),
        ("NUL bytes in text", "plan.txt", b"3.04. Titel\x00\x00\x00"),
        ("path traversal in the name", "../../../../etc/passwd.xlsx", b"PK\x03\x04" + noise.randbytes(512)),
        ("path traversal in a member", "plan.xlsx", _with_member(workbook, "../../../../tmp/milepael-pwned", b"x")),
        ("absolute member path", "plan.docx", _zip({"/etc/cron.d/milepael": b"x", "word/document.xml": b"<w/>"})),
        ("a truncated workbook", "plan.xlsx", workbook[: len(workbook) // 2]),
    ]


def pre_scan_bypasses(workbook: bytes) -> list[tuple[str, str, bytes]]:
    """XML declared in an encoding the DOCTYPE/ENTITY pre-scan does not decode (the penetration
    test's finding, fixed in exchange/uploads.py by another change of issue 15)."""
    xxe_in = lambda xml: _with_member(workbook, "xl/sharedStrings.xml", xml)  # noqa: E731
    return [
        ("XXE, UTF-7", "plan.xlsx", xxe_in(_xml("UTF-7", "utf-7"))),
        ("XXE, EBCDIC", "plan.xlsx", xxe_in(_xml("IBM037", "cp037"))),
    ]


@pytest.fixture
def workbook(objects) -> bytes:
    return export_plan_xlsx(objects["plan"])


def refuse_all(client_for, objects, page: str, uploads: list[tuple[str, str, bytes]]) -> None:
    client = client_for("administrator")
    url = (
        reverse("exchange:import_plan")
        if page == "plan import"
        else reverse("exchange:import_ratings", args=[objects["round"].pk])
    )
    for label, name, data in uploads:
        before, initiatives = stored_state(), sorted(Initiative.objects.values_list("number", "title"))
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        body = response.content.decode(errors="replace")
        if label in ("path traversal in a member", "wrong type: workbook as .txt"):
            # Members are read in memory, never extracted: the stray member is ignored and the
            # valid workbook may be previewed; nothing may appear outside, nothing be saved.
            # A file's content, not its name, decides its format (issue 13): a real workbook
            # named .txt is read as the workbook it is, through the same hardened reader.
            held = response.status_code < 500 and not (Path(tempfile.gettempdir()) / "milepael-pwned").exists()
            held = held and stored_state() == before
            assert attempt(held), (page, label, response.status_code)
            continue
        held = (
            # Refused on the form (200 with the field's error) or by the importer (413, 422).
            response.status_code in (200, 400, 413, 422)
            and ("alert-error" in body or "form-error" in body)
            and 'name="confirm"' not in body  # no preview offered to save
            and stored_state() == before
            and sorted(Initiative.objects.values_list("number", "title")) == initiatives
            and "root:x:0" not in body
        )
        assert attempt(held), (page, label, response.status_code, body[:300])


@pytest.mark.parametrize("page", ["plan import", "ratings import"])
def test_every_hostile_upload_is_refused_and_nothing_is_written(client_for, objects, workbook, settings, page):
    settings.MILEPAEL_MAX_IMPORT_BYTES = 5 * 1024 * 1024
    refuse_all(client_for, objects, page, corpus(workbook))


@pytest.mark.parametrize("page", ["plan import", "ratings import"])
def test_xml_in_encodings_the_pre_scan_misses_is_refused(client_for, objects, workbook, page):
    refuse_all(client_for, objects, page, pre_scan_bypasses(workbook))
