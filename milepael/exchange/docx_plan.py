"""Reading an implementation plan from a Word document (.docx) laid out like seed 000.

The document is the one the seed text was extracted from: paragraphs for the header
block (Dato, Tlf. dir., E-mail, Kontakt, Sagsid), the title, the introduction with the
smiley definitions and the theme headings; per initiative a four-column table (heading
row »nummer titel | type | Tid | Smiley«, the description/responsibility row,
»Milepæl | tekst | opfølgning | smiley« rows and an »Økonomi | tekst« row).

Rather than a second set of rules, the document is turned back into the seed text
format — one line per paragraph, one tab-separated line per table row, cell paragraphs
as `<p>`/`<li>` HTML (escaped, so text never becomes markup) — and read by
`seed_plan.parse_plan_text`. A `PlanFormatError` is reported against the paragraph or
table row it came from, as `DocumentFormatError`.
"""

import html
import io

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from milepael.core.imports import DocumentFormatError

from .seed_plan import ParsedPlan, PlanFormatError, parse_plan_text


def read_plan_docx(data: bytes) -> ParsedPlan:
    """Read a plan document into a `ParsedPlan`; raises only `DocumentFormatError`."""
    lines, origins = _as_plan_text(_load(data))
    try:
        return parse_plan_text("\n".join(lines))
    except PlanFormatError as exc:
        location = origins[exc.line - 1] if 0 < exc.line <= len(origins) else _("Dokumentets slutning")
        raise DocumentFormatError(location, exc.message) from exc


def _load(data: bytes):
    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise DocumentFormatError(
            _("Word-dokumentet"), _("filen kan ikke læses som et Word-dokument (.docx).")
        ) from exc


def _as_plan_text(document) -> tuple[list[str], list[str]]:
    """The document as lines of the seed text format, and where each line came from."""
    lines: list[str] = []
    origins: list[str] = []
    paragraphs = tables = 0
    try:
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                paragraphs += 1
                text = _plain(block.text)
                if text:
                    lines.append(text)
                    origins.append(_("Afsnit %(number)d") % {"number": paragraphs})
            elif isinstance(block, Table):
                tables += 1
                for row_number, tr in enumerate(block._tbl.tr_lst, start=1):
                    lines.append("\t".join(_row_cells(tr, block)))
                    origins.append(_("Tabel %(table)d, række %(row)d") % {"table": tables, "row": row_number})
    except Exception as exc:  # malformed XML inside an otherwise valid package
        raise DocumentFormatError(
            _("Word-dokumentet"), _("dokumentets indhold kan ikke læses (afsnit %(number)d).") % {"number": paragraphs}
        ) from exc
    return lines, origins


def _plain(text: str) -> str:
    # A tab would split a cell, a line break a line: in the seed format both are spaces here.
    return " ".join(text.replace("\t", " ").split())


def _row_cells(tr, table: Table) -> list[str]:
    """A table row as cell HTML, one entry per grid column (merged cells give empty ones)."""
    cells = [""] * tr.grid_before
    for tc in tr.tc_lst:
        # A vertically merged continuation cell belongs to the row above.
        cells.append("" if tc.vMerge == "continue" else _cell_html(_Cell(tc, table)))
        cells.extend([""] * (tc.grid_span - 1))
    cells.extend([""] * tr.grid_after)
    return cells


def _cell_html(cell: _Cell) -> str:
    """Paragraphs as <p>, list paragraphs as <ul><li>; text escaped."""
    parts: list[str] = []
    in_list = False
    for paragraph in cell.paragraphs:
        text = _plain(paragraph.text)
        if not text:
            continue
        is_item = _is_list_item(paragraph)
        if is_item and not in_list:
            parts.append("<ul>")
        elif in_list and not is_item:
            parts.append("</ul>")
        in_list = is_item
        tag = "li" if is_item else "p"
        parts.append(f"<{tag}>{html.escape(text, quote=False)}</{tag}>")
    if in_list:
        parts.append("</ul>")
    return "".join(parts)


def _is_list_item(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(qn("w:numPr")) is not None:
        return True
    style = paragraph.style
    return bool(style is not None and style.name and style.name.startswith("List"))
