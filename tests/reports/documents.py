"""Reading generated documents back the way a clerk's tools see them: PDFs checked for PDF/UA
(the `pdfua` checker from PyPI, plus what it cannot evaluate here), Word files converted by
LibreOffice and read back page by page with `pdftotext -layout`."""

import io
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pikepdf
import pypdf
import pytest
from pdfua import validate

# pdfua 0.1.3's empty-heading rule (UA-14-001) raises on every heading whose /K is an array,
# as typst writes them (pikepdf objects have no `is_integer` to getattr); it is checked by
# `_empty_headings` here instead. Any other rule pdfua cannot evaluate fails the check.
PDFUA_RULES_CHECKED_HERE = {"UA-14-001"}
PAGE_FOOTER_RE = re.compile(r"Side (\d+) af (\d+)")


def office() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    return found


def pdfua_problems(content: bytes, tmp_path: Path) -> list[str]:
    """Everything wrong with a PDF as a PDF/UA-1 document, as far as it can be checked by
    machine: pdfua's findings (none allowed, warnings included), a rule it could not run,
    and the structure checks veraPDF would make first (tagged, a structure tree, Danish,
    titled, headings with text, every figure with alt text)."""
    path = tmp_path / f"check-{uuid.uuid4().hex}.pdf"
    path.write_bytes(content)
    report = validate(str(path))
    problems = [f"{f.rule_id}: {f.message} ({f.location.describe()})" for f in report.findings]
    problems += [
        f"{o.rule_id} not evaluated: {o.skipped_reason}"
        for o in report.skipped
        if o.rule_id not in PDFUA_RULES_CHECKED_HERE
    ]
    problems += _structure_problems(content)
    return problems


def _structure_problems(content: bytes) -> list[str]:
    problems = []
    reader = pypdf.PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    if not bool(root.get("/MarkInfo", {}).get("/Marked")):
        problems.append("not marked as tagged")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree")
    if not str(root.get("/Lang", "")).lower().startswith("da"):
        problems.append(f"language {root.get('/Lang')!r}, not Danish")
    if not (reader.metadata and reader.metadata.title):
        problems.append("no title")
    with pikepdf.open(io.BytesIO(content)) as pdf:
        elements = list(_elements(pdf.Root.StructTreeRoot))
    roles = [str(element.get("/S")) for element in elements]
    if not any(re.fullmatch(r"/H\d", role) for role in roles):
        problems.append("no headings")
    for element in elements:
        role = str(element.get("/S"))
        if re.fullmatch(r"/H\d", role) and not _marks_content(element):
            problems.append(f"empty heading {role}")
        if role == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append("a figure without alt text")
    return problems


def heading_roles(content: bytes) -> list[str]:
    """The PDF's headings' structure roles in reading order: ["/H1", "/H2", …]."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        roles = [str(element.get("/S")) for element in _elements(pdf.Root.StructTreeRoot)]
    return [role for role in roles if re.fullmatch(r"/H\d", role)]


def _elements(node, depth: int = 0):
    """Every structure element under `node`, depth first."""
    if depth > 200:
        return
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid, depth + 1)


def _marks_content(element) -> bool:
    """True when the element (or one beneath it) marks page content: an MCID or an MCR."""
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_name == "integer"):
            return True
        if isinstance(kid, pikepdf.Dictionary) and (
            kid.get("/Type") == pikepdf.Name("/MCR") or ("/S" in kid and _marks_content(kid))
        ):
            return True
    return False


def converted_by_libreoffice(docx: bytes, tmp_path: Path) -> Path:
    """The Word file as LibreOffice lays it out, saved as PDF (its own profile per run)."""
    source = tmp_path / f"rapport-{uuid.uuid4().hex[:8]}.docx"
    source.write_bytes(docx)
    profile = tmp_path / f"lo-{uuid.uuid4()}"
    try:
        result = subprocess.run(
            [
                office(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            capture_output=True,
            timeout=240,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert result.returncode == 0, result.stderr.decode()
    converted = source.with_suffix(".pdf")
    assert converted.read_bytes().startswith(b"%PDF")
    return converted


def layout_pages(pdf: Path | bytes, tmp_path: Path) -> list[str]:
    """The PDF's pages as `pdftotext -layout` reads them (the trailing empty split dropped)."""
    if isinstance(pdf, bytes):
        path = tmp_path / f"pages-{uuid.uuid4().hex[:8]}.pdf"
        path.write_bytes(pdf)
        pdf = path
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: apt-get install poppler-utils"
    text = subprocess.run(
        [pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def body_lines(page: str) -> list[str]:
    """A page's non-blank lines but the footer."""
    return [line.strip() for line in page.splitlines() if line.strip() and not PAGE_FOOTER_RE.search(line)]


def footers(pages: list[str]) -> list[tuple[int, int]]:
    """(X, Y) of every page's »Side X af Y«."""
    found = []
    for page in pages:
        match = PAGE_FOOTER_RE.search(page)
        found.append((int(match.group(1)), int(match.group(2))) if match else (0, 0))
    return found


WORD_RE = re.compile(r"[\wÆØÅæøå]+")


def broken_words(pages: list[str], source_text: str) -> list[str]:
    """Words of `source_text` (everything the report says) that the laid-out pages show broken
    in two, as »Indsat« and »s« on the next line of the same column: the front part is no
    word of the source, yet it and the rest both stand on the pages."""
    shown = {token for page in pages for token in WORD_RE.findall(page)}
    source = set(WORD_RE.findall(source_text))
    broken = []
    for word in sorted(source):
        if len(word) < 4 or not word.isalpha():
            continue
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if head in shown and tail in shown and head not in source:
                broken.append(f"{head}|{tail}")
                break
    return broken


def texts_of(data) -> str:
    """Every text in a report model's JSON data, joined (the source `broken_words` reads)."""
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        return "\n".join(texts_of(value) for value in data.values())
    if isinstance(data, list | tuple):
        return "\n".join(texts_of(value) for value in data)
    return str(data) if data is not None else ""
