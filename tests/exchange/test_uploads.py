"""Every upload passes the same safety checks before a reader sees it; each refusal is clear."""

import codecs
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.exchange import uploads
from milepael.exchange.uploads import UploadRefused, check_upload, sign_upload, unsign_upload
from milepael.exchange.xlsx_plan import export_plan_xlsx
from milepael.plans.models import Initiative
from tests.exchange.seed_docx import seed_as_docx
from tests.exchange.test_seed_plan_import import snapshot

URL = reverse("exchange:import_plan")


@pytest.fixture
def xlsx_bytes(seed_plan) -> bytes:
    return export_plan_xlsx(seed_plan)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    from tests.conftest import PLAN_SEED

    return seed_as_docx(PLAN_SEED.read_text(encoding="utf-8"))


def rezip(data: bytes, change=None, add: dict | None = None) -> bytes:
    """The package with member bytes changed by `change(name, bytes)` and members added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(info.filename, content) if change else content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def refused(name: str, data: bytes) -> str:
    with pytest.raises(UploadRefused) as error:
        check_upload(name, data)
    return error.value.message


class UnreadableUpload:
    """An upload whose bytes must never be read (it claims to be 1 GB)."""

    name = "plan.xlsx"
    size = 1024**3

    def seek(self, position):
        raise AssertionError("read before the size check")

    read = seek


def test_size_limit_is_checked_before_reading(settings):
    with pytest.raises(UploadRefused, match="Filen er for stor"):
        check_upload("plan.xlsx", file=UnreadableUpload())
    settings.MILEPAEL_MAX_IMPORT_BYTES = 100
    assert "Filen er for stor" in refused("plan.txt", b"x" * 101)


def test_a_lying_size_is_caught_when_reading(settings):
    settings.MILEPAEL_MAX_IMPORT_BYTES = 100
    upload = SimpleUploadedFile("plan.txt", b"x" * 500)
    upload.size = 10
    with pytest.raises(UploadRefused, match="Filen er for stor"):
        check_upload("plan.txt", file=upload)


@pytest.mark.django_db
def test_our_own_files_pass(xlsx_bytes, docx_bytes, plan_seed_bytes):
    assert check_upload("Plan.XLSX", xlsx_bytes).format == "xlsx"
    assert check_upload("plan.docx", docx_bytes).format == "docx"
    assert check_upload("plan.txt", plan_seed_bytes).format == "txt"


def test_zip_with_a_corrupt_compressed_member_is_refused(xlsx_bytes):
    """Found by the fuzz test: a damaged deflate stream raised zlib.error, not a clear message."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as archive:
        info = max(archive.infolist(), key=lambda i: i.compress_size)
    damaged = bytearray(xlsx_bytes)
    # The member's compressed data starts after its 30-byte local header, name and extra field.
    name_length = int.from_bytes(damaged[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(damaged[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    damaged[start : start + 16] = bytes(range(240, 256))
    assert "Excel" in refused("plan.xlsx", bytes(damaged))


def test_zip_with_too_many_entries_is_refused():
    data = rezip(seed_as_docx("x"), add={f"customXml/many{i}.xml": b"<a/>" for i in range(1001)})
    assert "for mange dele" in refused("plan.docx", data)


def test_zip_bomb_is_refused_by_its_uncompressed_size():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(101):
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024  # small on the wire
    assert "fylder for meget udpakket" in refused("plan.xlsx", data)


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize(
    "declaration", ['<!DOCTYPE lol [<!ENTITY lol "lol">]>', '<!ENTITY xxe SYSTEM "file:///etc/passwd">']
)
def test_xml_with_doctype_or_entity_is_refused(xlsx_bytes, encoding, declaration):
    def change(name, content):
        if name != "xl/workbook.xml":
            return content
        text = content.decode("utf-8")
        text = text.replace("?>", "?>" + declaration, 1) if "?>" in text else declaration + text
        return text.encode(encoding)

    message = refused("plan.xlsx", rezip(xlsx_bytes, change))
    assert "DOCTYPE- eller ENTITY-erklæringer (delen xl/workbook.xml)" in message


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.django_db
def test_macro_enabled_files_are_refused(xlsx_bytes, docx_bytes):
    assert "makroer (.xlsm)" in refused("plan.xlsm", xlsx_bytes)
    assert "makroer (.docm)" in refused("plan.docm", docx_bytes)
    assert "vbaProject.bin" in refused("plan.xlsx", rezip(xlsx_bytes, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))

    def macro_type(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"spreadsheetml.sheet.main+xml",
                b'spreadsheetml.sheet.main+xml"/><Default Extension="x" '
                b'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml',
            )
        return content

    assert "makroaktiveret" in refused("plan.xlsx", rezip(xlsx_bytes, macro_type))


@pytest.mark.django_db
def test_the_content_decides_the_format_not_the_name(xlsx_bytes, docx_bytes, plan_seed_bytes):
    # A file named for another kind (a .txt saved as "plan.xlsx", a document without an
    # extension) is read as what it is, and the preview says so.
    assert check_upload("plan.xlsx", plan_seed_bytes).format == "txt"
    assert check_upload("plan.xlsx", docx_bytes).format == "docx"
    assert check_upload("plan.docx", xlsx_bytes).format == "xlsx"
    assert check_upload("plan", docx_bytes).format == "docx"
    renamed = check_upload("plan.xlsx", docx_bytes)
    assert [w.message for w in renamed.warnings] == [
        "Filen hedder .xlsx, men er et Word-dokument (.docx); den er læst som det, den er."
    ]
    assert check_upload("plan.docx", docx_bytes).warnings == []
    # Only the three kinds: a damaged zip, a PDF, an old Office file, RTF and binary data are refused.
    assert "ikke et Word-dokument (.docx)" in refused("plan.docx", b"PK\x03\x04" + b"\0" * 100)
    assert "hverken et Excel-ark (.xlsx) eller et Word-dokument (.docx)" in refused("plan", b"PK\x03\x04" + b"\0" * 9)
    assert (
        refused("plan.pdf", b"%PDF") == "Filen er en PDF-fil. Gem dokumentet som Word-dokument (.docx) og importér det."
    )
    assert "gamle Office-format (.doc eller .xls)" in refused(
        "plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 9
    )
    assert "RTF-fil" in refused("plan.txt", b"{\\rtf1\\ansi hej}")
    assert "ikke en tekstfil" in refused("plan.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    # An upload that takes one kind only names it.
    with pytest.raises(UploadRefused, match="Filen er ikke et Excel-ark"):
        check_upload("plan.xlsx", docx_bytes, formats=("xlsx",))
    with pytest.raises(UploadRefused, match=r"^Filen: Filen er et Word-dokument \(\.docx\)\. Vælg et Excel-ark"):
        check_upload("plan.docx", docx_bytes, formats=("xlsx",))


@pytest.mark.django_db
def test_signed_copy_round_trips_and_tampering_is_refused(xlsx_bytes, monkeypatch):
    upload = check_upload("plan.xlsx", xlsx_bytes)
    token = sign_upload(upload)
    assert unsign_upload(token) == upload
    tampered = token[:100] + ("A" if token[100] != "A" else "B") + token[101:]
    with pytest.raises(UploadRefused, match="ændret undervejs"):
        unsign_upload(tampered)
    with pytest.raises(UploadRefused, match="ændret undervejs"):
        unsign_upload("plan.xlsx:" + token)
    monkeypatch.setattr(uploads, "SIGNATURE_MAX_AGE", -1)
    with pytest.raises(UploadRefused, match="udløbet"):
        unsign_upload(token)


def test_oversized_signed_copy_is_refused_before_verifying(settings):
    settings.MILEPAEL_MAX_IMPORT_BYTES = 100
    with pytest.raises(UploadRefused, match="for stor"):
        unsign_upload("x" * 2000)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("plan.xlsm", lambda x: x, "Filer med makroer (.xlsm) kan ikke importeres."),
        ("plan.xlsx", lambda x: rezip(x, add={"xl/vbaProject.bin": b"vba"}), "indeholder makroer"),
        # Text named .xlsx is read as text (by its content), and its error is located.
        ("plan.xlsx", lambda x: b"Dato: i dag", "Linje 1: datoen »i dag« kan ikke læses"),
        (
            "plan.xlsx",
            lambda x: rezip(x, lambda n, c: b'<!DOCTYPE a [<!ENTITY b "c">]>' + c if n == "xl/styles.xml" else c),
            "DOCTYPE- eller ENTITY-erklæringer",
        ),
    ],
)
def test_unsafe_upload_on_the_page_is_refused_and_nothing_written(staff_client, xlsx_bytes, name, make, message):
    before = snapshot()
    response = staff_client.post(URL, {"file": SimpleUploadedFile(name, make(xlsx_bytes))})
    assert message in html_to_text(response.content.decode())
    assert "confirm_form" not in response.context
    assert snapshot() == before
    assert Initiative.objects.count() == 35


def _encoded_workbook_part(xlsx_bytes: bytes, encode) -> bytes:
    """The workbook with xl/workbook.xml re-encoded by `encode(text)`, a DOCTYPE inside."""

    def change(name, content):
        if name != "xl/workbook.xml":
            return content
        text = content.decode("utf-8")
        body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
        return encode('<!DOCTYPE lol [<!ENTITY lol "lol">]>' + body)

    return rezip(xlsx_bytes, change)


def _utf7_hidden(text: str) -> bytes:
    """UTF-7 with the markup characters base64-encoded, as UTF-7 allows."""
    return text.encode("utf-7").replace(b"<", b"+ADw-").replace(b"!", b"+ACE-")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "encode"),
    [
        # UTF-7: "<" may be written "+ADw-" and "!" "+ACE-", so the bytes never spell "<!DOCTYPE".
        ("UTF-7", lambda text: b'<?xml version="1.0" encoding="UTF-7"?>' + _utf7_hidden(text)),
        # EBCDIC (IBM037): not one byte in common with ASCII's "<!DOCTYPE".
        ("EBCDIC", lambda text: ('<?xml version="1.0" encoding="IBM037"?>' + text).encode("cp037")),
        # UTF-32: four bytes a character; NUL-stripping does not make it ASCII either way.
        ("UTF-32", lambda text: ('<?xml version="1.0" encoding="UTF-32"?>' + text).encode("utf-32")),
        # A declared single-byte encoding the parsers would honour.
        ("ISO-8859-1", lambda text: ('<?xml version="1.0" encoding="ISO-8859-1"?>' + text).encode("latin-1")),
    ],
)
def test_xml_in_an_encoding_that_hides_a_doctype_is_refused(xlsx_bytes, label, encode):
    """Regression: the DOCTYPE/ENTITY pre-scan read bytes, so an XML part in UTF-7 or EBCDIC
    passed it (only the parsers refused it later). Each part is decoded as the parser would."""
    message = refused("plan.xlsx", _encoded_workbook_part(xlsx_bytes, encode))
    assert "(delen xl/workbook.xml)" in message
    assert "kun UTF-8 og UTF-16 kan importeres" in message or "DOCTYPE- eller ENTITY" in message


@pytest.mark.django_db
def test_xml_parts_in_utf8_and_utf16_with_or_without_a_mark_still_pass(xlsx_bytes):
    for encode in (
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
    ):

        def change(name, content, encode=encode):
            return encode(content.decode("utf-8")) if name == "xl/workbook.xml" else content

        assert check_upload("plan.xlsx", rezip(xlsx_bytes, change)).format == "xlsx"
