"""Comparing report text with the seed: whitespace folded, line breaks after a hyphen or
slash (where PDF and Word layouts may wrap) not counted as spaces, bullets as list markup."""

import re
import shutil
import subprocess

from tests.seedtext import seed_rows, strip


def normalise(text: str) -> str:
    # A "•" in the seed is a list bullet: Word shows it as list formatting, not as a character.
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("•", " ")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"([-/–])\s+", r"\1", text).strip()


def seed_expectations(lines: list[str]) -> list[str]:
    """Every initiative heading (number and title) and every non-blank milestone text."""
    expected = []
    for _line_no, _number, label, cells in seed_rows(lines):
        if label == "heading":
            expected.append(strip(cells[0]))
        elif label == "Milepæl" and strip(cells[1]):
            expected.append(strip(cells[1]))
    return expected


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: apt-get install poppler-utils"
    result = subprocess.run(
        [pdftotext, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


def docx_text(content: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]

    def walk(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(document.tables)
    return "\n".join(parts)
