"""Safety checks every uploaded import file passes before any reader sees it.

One function, `check_upload`, is used by all upload forms (and again on confirm, for the
signed copy). In order: the size limit before reading (`MILEPAEL_MAX_IMPORT_BYTES`); a
known extension; then per format:

- .txt: text, not a binary or zip file in disguise;
- .xlsx/.docx: a real zip (Office Open XML package) of the right kind; no zip bomb
  (entry count and total uncompressed size, as declared by the zip directory — Python's
  zipfile never inflates an entry beyond its declared size); no macros (.xlsm/.docm,
  a vbaProject.bin member, a macro-enabled content type); no XML with `<!DOCTYPE` or
  `<!ENTITY` in any member (entity expansion and external entities). defusedxml, installed
  beside openpyxl, refuses the same again when openpyxl parses.

A refused file raises `UploadRefused` with a Danish message; nothing is parsed or written.
"""

import base64
import io
import os
import zipfile
import zlib
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from milepael.core.imports import FormatError

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
FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
_SCAN_CHUNK = 64 * 1024
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
    """An upload that passed `check_upload`: its name, format ("txt", "xlsx", "docx") and bytes."""

    name: str
    format: str
    data: bytes


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
    file_format = extension.lstrip(".")
    if file_format not in formats:
        raise UploadRefused(_("Vælg %(formats)s.") % {"formats": format_names(formats)})
    if file is not None:
        file.seek(0)
        data = file.read(limit + 1)
        if len(data) > limit:  # the declared size was wrong
            raise _too_large(len(data), limit)
    if file_format == "txt":
        _check_text(data)
    else:
        _check_package(data, file_format)
    return SafeUpload(name=os.path.basename(name), format=file_format, data=data)


def clean_upload(upload, formats: tuple[str, ...] = FORMATS) -> SafeUpload:
    """`check_upload` for a form's `clean_<field>`: refusals become validation errors."""
    try:
        return check_upload(upload.name, file=upload, formats=formats)
    except UploadRefused as exc:
        raise forms.ValidationError(exc.message) from exc


def _too_large(size: int, limit: int) -> UploadRefused:
    return UploadRefused(
        _("Filen er for stor (%(size)s); højst %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
    )


def _check_text(data: bytes) -> None:
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise UploadRefused(_("Filen er ikke en tekstfil, selv om den hedder .txt."))


def _check_package(data: bytes, file_format: str) -> None:
    wrong_kind = {
        "xlsx": _("Filen er ikke et Excel-ark (.xlsx), selv om den hedder sådan."),
        "docx": _("Filen er ikke et Word-dokument (.docx), selv om den hedder sådan."),
    }[file_format]
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRefused(wrong_kind)
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
                _scan_xml(archive, member)
            if MAIN_CONTENT_TYPES[file_format] not in types:
                raise UploadRefused(wrong_kind)
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


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a member containing a DOCTYPE or ENTITY declaration, in UTF-8 or UTF-16."""
    if member.is_dir():
        return
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            # Dropping NUL bytes makes UTF-16 text searchable like ASCII.
            window = (tail + chunk.replace(b"\x00", b"")).upper()
            if any(marker in window for marker in FORBIDDEN_XML):
                raise UploadRefused(
                    _("Filen indeholder XML med DOCTYPE- eller ENTITY-erklæringer (delen %(part)s) og importeres ikke.")
                    % {"part": member.filename}
                )
            tail = window[-16:]


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
