"""Safety checks every uploaded import file passes before any reader sees it, and which
kind of file it is — decided by its content, never by its name.

One function, `check_upload`, is used by all upload forms, the import command (and again
on confirm, for the signed copy). In order: the size limit before reading
(`MILEPAEL_MAX_IMPORT_BYTES`); no macro-enabled name (.xlsm, .docm …); then by content:

- a zip (Office Open XML package): an Excel workbook or a Word document by the main
  content type in `[Content_Types].xml`; no zip bomb (entry count and total uncompressed
  size, as declared by the zip directory — Python's zipfile never inflates an entry beyond
  its declared size); no macros (a vbaProject.bin member, a macro-enabled content type); no
  XML with `<!DOCTYPE` or `<!ENTITY` in any member (entity expansion and external
  entities). Each XML part is decoded as the XML parser would — by its byte-order mark and
  its XML declaration — and a part in any encoding but UTF-8 or UTF-16 is refused, so a
  declaration cannot hide in UTF-7 or EBCDIC. defusedxml, installed beside openpyxl,
  refuses the same again when openpyxl parses;
- PDF, old binary Office files (.doc/.xls) and RTF: refused, saying how to save them;
- anything else: a text file (its encoding is decided by the reader, see
  `core.imports.decode_text_file`), unless it holds NUL bytes without a UTF-16 byte-order
  mark (a binary file).

A refused file raises `UploadRefused` with a Danish message; nothing is parsed or written.
"""

import base64
import codecs
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from milepael.core.imports import FormatError, ImportWarning

FORMATS = ("txt", "xlsx", "docx")
MACRO_EXTENSIONS = {".xlsm", ".xltm", ".xlam", ".docm", ".dotm"}
# A plan workbook or document has a few dozen members; 1000 leaves room for images.
MAX_ZIP_ENTRIES = 1000
# The XML of a 5 MiB upload inflates to well under 100 MiB; a bomb inflates far beyond.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAIN_CONTENT_TYPES = {
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
FORBIDDEN_XML = ("<!DOCTYPE", "<!ENTITY")
# The encodings an XML part may be in (what Office writes; what the XML parsers read safely).
XML_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "utf16"}
_XML_DECLARATION_RE = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']""")
_SCAN_CHUNK = 64 * 1024
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SIGNING_SALT = "milepael.exchange.upload"
# A preview is confirmed within the working session, not days later.
SIGNATURE_MAX_AGE = 2 * 60 * 60


class UploadRefused(FormatError):
    """The upload is not safe or not of an accepted kind; `message` is for the user. The
    refusal is about the file as a whole, which is its location."""

    def __init__(self, message: str):
        super().__init__(_("Filen"), message)


@dataclass(frozen=True)
class SafeUpload:
    """An upload that passed `check_upload`: its name, format ("txt", "xlsx", "docx", by
    content) and bytes."""

    name: str
    format: str
    data: bytes

    @property
    def warnings(self) -> list[ImportWarning]:
        """A name that says another kind of file than the content (read by its content)."""
        named = os.path.splitext(self.name)[1].lower().lstrip(".")
        if named in FORMATS and named != self.format:
            return [
                ImportWarning(
                    _("Filen hedder .%(named)s, men er %(kind)s; den er læst som det, den er.")
                    % {"named": named, "kind": format_names((self.format,))}
                )
            ]
        return []


def format_names(formats: tuple[str, ...]) -> str:
    names = {"txt": _("en tekstfil (.txt)"), "xlsx": _("et Excel-ark (.xlsx)"), "docx": _("et Word-dokument (.docx)")}
    parts = [names[f] for f in formats]
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s eller %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def check_upload(name: str, data: bytes | None = None, *, file=None, formats: tuple[str, ...] = FORMATS) -> SafeUpload:
    """Check an upload (a file object with `.size`, or bytes) and return it as `SafeUpload`.

    With `file`, its size is checked before anything is read, and at most the limit plus
    one byte is read. Raises `UploadRefused`.
    """
    limit = settings.MILEPAEL_MAX_IMPORT_BYTES
    size = file.size if file is not None else len(data)
    if size is not None and size > limit:
        raise _too_large(size, limit)
    extension = os.path.splitext(name or "")[1].lower()
    if extension in MACRO_EXTENSIONS:
        raise UploadRefused(_("Filer med makroer (%(ext)s) kan ikke importeres.") % {"ext": extension})
    if file is not None:
        file.seek(0)
        data = file.read(limit + 1)
        if len(data) > limit:  # the declared size was wrong
            raise _too_large(len(data), limit)
    file_format = detect_format(data, named=extension.lstrip("."))
    if file_format not in formats and extension.lstrip(".") in formats:
        raise UploadRefused(
            _("Filen er ikke %(named)s, selv om den hedder sådan.") % {"named": format_names((extension.lstrip("."),))}
        )
    if file_format not in formats:
        raise UploadRefused(
            _("Filen er %(kind)s. Vælg %(formats)s.")
            % {"kind": format_names((file_format,)), "formats": format_names(formats)}
        )
    return SafeUpload(name=os.path.basename(name or ""), format=file_format, data=data)


def clean_upload(upload, formats: tuple[str, ...] = FORMATS) -> SafeUpload:
    """`check_upload` for a form's `clean_<field>`: refusals become validation errors."""
    try:
        return check_upload(upload.name, file=upload, formats=formats)
    except UploadRefused as exc:
        raise forms.ValidationError(exc.message) from exc


def detect_format(data: bytes, *, named: str = "") -> str:
    """ "xlsx", "docx" or "txt", by content; raises `UploadRefused` for anything else or
    anything unsafe. `named` (the extension) only words a refusal."""
    if data.startswith(ZIP_SIGNATURES):
        return _check_package(data, named)
    if data.startswith(b"%PDF"):
        raise UploadRefused(_("Filen er en PDF-fil. Gem dokumentet som Word-dokument (.docx) og importér det."))
    if data.startswith(OLE_SIGNATURE):
        raise UploadRefused(
            _("Filen er i det gamle Office-format (.doc eller .xls). Gem den som .docx eller .xlsx og importér den.")
        )
    if data.startswith(b"{\\rtf"):
        raise UploadRefused(_("Filen er en RTF-fil. Gem dokumentet som Word-dokument (.docx) og importér det."))
    _check_text(data)
    return "txt"


def _too_large(size: int, limit: int) -> UploadRefused:
    return UploadRefused(
        _("Filen er for stor (%(size)s); højst %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
    )


def _check_text(data: bytes) -> None:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data and not utf16:
        raise UploadRefused(_("Filen er ikke en tekstfil, et Excel-ark eller et Word-dokument."))


def _check_package(data: bytes, named: str) -> str:
    wrong_kind = {
        "xlsx": _("Filen er ikke et Excel-ark (.xlsx), selv om den hedder sådan."),
        "docx": _("Filen er ikke et Word-dokument (.docx), selv om den hedder sådan."),
    }.get(named, _("Filen er en zip-fil, men hverken et Excel-ark (.xlsx) eller et Word-dokument (.docx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_ENTRIES:
                raise UploadRefused(
                    _("Filen indeholder for mange dele (%(count)d; højst %(limit)d) og importeres ikke.")
                    % {"count": len(members), "limit": MAX_ZIP_ENTRIES}
                )
            if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
                raise UploadRefused(
                    _("Filen fylder for meget udpakket (over %(limit)s) og importeres ikke.")
                    % {"limit": filesizeformat(MAX_UNCOMPRESSED_BYTES)}
                )
            names = {member.filename.lower(): member for member in members}
            if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in names):
                raise UploadRefused(_("Filen indeholder makroer (vbaProject.bin) og importeres ikke."))
            content_types = names.get("[content_types].xml")
            if content_types is None:
                raise UploadRefused(wrong_kind)
            types = archive.read(content_types)
            lowered = types.lower()
            if b"macroenabled" in lowered or b"vbaproject" in lowered:
                raise UploadRefused(_("Filen er en makroaktiveret fil og importeres ikke."))
            for member in members:
                _scan_member(archive, member)
            kind = next((kind for kind, main in MAIN_CONTENT_TYPES.items() if main in types), None)
            if kind is None:
                raise UploadRefused(wrong_kind)
            return kind
    except UploadRefused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        # A damaged zip, an unsupported compression method or a CRC error.
        raise UploadRefused(wrong_kind) from exc


def _xml_encoding(head: bytes) -> str | None:
    """The encoding an XML parser would read a part in, from its first bytes (byte-order
    mark, then the first characters), or None for a part that is not XML text at all."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(codecs.BOM_UTF16_BE) or head.startswith(b"\x00<"):
        return "utf-16-be"
    if head.startswith(b"\x4c\x6f\xa7\x94"):  # "<?xm" in EBCDIC
        return "ebcdic"
    if head.lstrip().startswith(b"+ADw"):  # "<" in UTF-7
        return "utf-7"
    if head.lstrip().startswith(b"<"):
        return "utf-8"
    return None


def _refuse_xml(member: zipfile.ZipInfo, encoding: str) -> UploadRefused:
    return UploadRefused(
        _("Filen indeholder XML i tegnsættet %(encoding)s (delen %(part)s); kun UTF-8 og UTF-16 kan importeres.")
        % {"encoding": encoding.upper(), "part": member.filename}
    )


def _scan_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a member containing a DOCTYPE or ENTITY declaration. An XML part is decoded as
    the parser would decode it (and refused in any encoding but UTF-8 and UTF-16); other
    members are searched as bytes, NUL bytes dropped (UTF-16 text without a mark)."""
    if member.is_dir():
        return
    with archive.open(member) as stream:
        first = stream.read(_SCAN_CHUNK)
        encoding = _xml_encoding(first[:8])
        if encoding in {"utf-32", "utf-7", "ebcdic"}:
            raise _refuse_xml(member, encoding)
        if encoding is None:
            _scan_bytes(member, first, stream)
            return
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            text = decoder.decode(first)
            declared = _XML_DECLARATION_RE.match(text.lstrip("\ufeff"))
            if declared and declared.group(1).strip().lower() not in XML_ENCODINGS:
                raise _refuse_xml(member, declared.group(1).strip())
            tail = ""
            chunk = first
            while chunk:
                window = (tail + text).upper()
                _refuse_declarations(member, window)
                tail = window[-16:]
                chunk = stream.read(_SCAN_CHUNK)
                text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise _refuse_xml(member, _("ukendt")) from exc


def _scan_bytes(member: zipfile.ZipInfo, first: bytes, stream) -> None:
    tail = b""
    chunk = first
    while chunk:
        window = (tail + chunk.replace(b"\x00", b"")).upper()
        _refuse_declarations(member, window.decode("latin-1"))
        tail = window[-16:]
        chunk = stream.read(_SCAN_CHUNK)


def _refuse_declarations(member: zipfile.ZipInfo, window: str) -> None:
    if any(marker in window for marker in FORBIDDEN_XML):
        raise UploadRefused(
            _("Filen indeholder XML med DOCTYPE- eller ENTITY-erklæringer (delen %(part)s) og importeres ikke.")
            % {"part": member.filename}
        )


def sign_upload(upload: SafeUpload) -> str:
    """A tamper-proof copy of a previewed upload, for the hidden field of the confirm step."""
    value = f"{_b64encode(upload.name.encode())}.{_b64encode(upload.data)}"
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(value)


def unsign_upload(token: str, formats: tuple[str, ...] = FORMATS) -> SafeUpload:
    """Verify the signature, then check the bytes again exactly as on upload. Raises `UploadRefused`."""
    limit = settings.MILEPAEL_MAX_IMPORT_BYTES
    # Base64 grows by a third; refuse anything bigger before spending time on it.
    if len(token) > limit * 4 // 3 + 1024:
        raise UploadRefused(_("Den gemte forhåndsvisning er for stor. Upload filen igen."))
    try:
        value = signing.TimestampSigner(salt=SIGNING_SALT).unsign(token, max_age=SIGNATURE_MAX_AGE)
        encoded_name, encoded_data = value.split(".", 1)
        name, data = _b64decode(encoded_name).decode(), _b64decode(encoded_data)
    except signing.SignatureExpired as exc:
        raise UploadRefused(_("Forhåndsvisningen er udløbet. Upload filen igen.")) from exc
    except (signing.BadSignature, ValueError) as exc:
        raise UploadRefused(_("Forhåndsvisningen er ændret undervejs og kan ikke gemmes. Upload filen igen.")) from exc
    return check_upload(name, data, formats=formats)


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))
