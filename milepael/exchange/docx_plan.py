"""Reading an implementation plan from a Word document (.docx) laid out like seed 000.

The document is the one the seed text was extracted from, however the clerk made it:
paragraphs for the header block (Dato, Tlf. dir., E-mail, Kontakt, Sagsid), the title,
the introduction with the smiley definitions and the theme headings; per initiative a
four-column table (heading row »nummer titel | type | Tid | Smiley«, the description and
responsibility row — or Milepæl's own report's »Beskrivelse« and »Ansvar« rows —
»Milepæl | tekst | opfølgning | smiley« rows and an »Økonomi | tekst« row).

Lists and numbers may be typed or made with Word's own list features: Word's numbering
(`docx_numbering`) gives each list paragraph its bullet or number as Word shows it. A
theme heading is found by its number, typed or Word's, or by its heading style
(»Heading 1/2«, »Overskrift 1/2«) right before an initiative table, whose number then
gives the theme's. Content controls (`w:sdt`) are read as the text they hold.

Rather than a second set of rules, the document is turned back into the seed text
format — one line per paragraph (list items as "- …" or "3. …"), one tab-separated line
per table row, cell paragraphs as the canonical rich text of `rich_cells` (numbered lists
as <ol> keeping their numbers) — and read by `seed_plan.parse_plan_text`. A
`PlanFormatError` is reported against the paragraph or table row it came from, as
`DocumentFormatError`.
"""

import html
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from milepael.core.imports import DocumentFormatError

from .docx_numbering import ListLabel, ListNumbering
from .parsed import ParsedPlan, PlanFormatError
from .plan_header import THEME_RE
from .rich_cells import Block, blocks_html
from .seed_plan import INITIATIVE_RE, KIND_BY_LABEL, parse_plan_text

HEADING_STYLES = re.compile(r"^(?:heading|overskrift)\s*[1-3]$|^(?:title|titel)$", re.IGNORECASE)


@dataclass
class _Para:
    """A paragraph read once (Word's numbering counts as it goes): its list label, its text,
    its text as inline HTML (bold and italic kept), and whether it is a heading."""

    label: ListLabel | None
    text: str
    inline: str
    heading: bool
    list_style: bool

    def line(self) -> str:
        """The paragraph as a line of the seed text: list items with their bullet or number."""
        if self.label is not None and self.label.bullet:
            return f"- {self.text}"
        if self.label is not None and self.label.text:
            return f"{self.label.text} {self.text}"
        return self.text

    def block(self) -> Block:
        if self.label is not None:
            tag = "ul" if self.label.bullet else "ol"
            return Block("li", self.inline, tag, self.label.level, None if self.label.bullet else self.label.value)
        if self.list_style:  # a »List …« style without Word numbering
            return Block("li", self.inline, "ul")
        return Block("p", self.inline)


def read_plan_docx(data: bytes) -> ParsedPlan:
    """Read a plan document into a `ParsedPlan`; raises only `DocumentFormatError`."""
    reader = _DocumentText(_load(data))
    try:
        lines, origins = reader.lines_and_origins()
    except Exception as exc:  # malformed XML inside an otherwise valid package
        raise DocumentFormatError(
            _("Word-dokumentet"),
            _("dokumentets indhold kan ikke læses (efter afsnit %(number)d).") % {"number": reader.paragraphs},
        ) from exc
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


def _plain(text: str) -> str:
    # A tab would split a cell, a line break a line: in the seed format both are spaces here.
    return " ".join(text.replace("\t", " ").split())


def _inner(parent_element, parent):
    """Paragraphs and tables of a body or cell in order, content controls opened."""
    for child in parent_element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _inner(content, parent)


class _DocumentText:
    """The document as lines of the seed text format, and where each line came from."""

    def __init__(self, document):
        self.document = document
        self.numbering = ListNumbering(document)
        self.paragraphs = 0  # read so far, for an error in the document's XML

    def lines_and_origins(self) -> tuple[list[str], list[str]]:
        blocks = list(_inner(self.document.element.body, self.document._body))
        lines: list[str] = []
        origins: list[str] = []
        tables = 0
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                self.paragraphs += 1
                para = self._read(block)
                line = self._theme_number(para, blocks[index + 1 :]) + para.line()
                if line.strip():
                    lines.append(line)
                    origins.append(_("Afsnit %(number)d") % {"number": self.paragraphs})
            else:
                tables += 1
                for row_number, tr in enumerate(block._tbl.tr_lst, start=1):
                    lines.append("\t".join(self._row_cells(tr, block)))
                    origins.append(_("Tabel %(table)d, række %(row)d") % {"table": tables, "row": row_number})
        return lines, origins

    def _read(self, paragraph: Paragraph) -> _Para:
        label = self.numbering.label(paragraph)
        style = paragraph.style.name if paragraph.style is not None and paragraph.style.name else ""
        return _Para(
            label=label,
            text=_plain(paragraph.text),
            inline=_inline_html(paragraph),
            heading=bool(HEADING_STYLES.match(style)),
            list_style=style.lower().startswith("list") and label is None,
        )

    def _theme_number(self, para: _Para, following: list) -> str:
        """ "3. " for a heading without a number right before the first initiative of theme 3."""
        if not para.heading or para.label is not None or THEME_RE.match(para.text):
            return ""
        table = next((b for b in following if isinstance(b, Table) or _plain(b.text)), None)
        if not isinstance(table, Table) or not table._tbl.tr_lst:
            return ""
        first = table._tbl.tr_lst[0].tc_lst
        heading = _plain(_Cell(first[0], table).text) if first else ""
        match = INITIATIVE_RE.match(heading)
        return f"{match.group('number').split('.')[0]}. " if match else ""

    def _row_cells(self, tr, table: Table) -> list[str]:
        """A table row as one entry per grid column (merged cells give empty ones): cell HTML,
        or in an initiative's heading row the cells' text with their Word numbers."""
        cells: list[list[_Para]] = [[] for _ in range(tr.grid_before)]
        for tc in tr.tc_lst:
            # A vertically merged continuation cell belongs to the row above.
            cells.append([] if tc.vMerge == "continue" else self._cell_paragraphs(_Cell(tc, table)))
            cells.extend([] for _ in range(tc.grid_span - 1))
        cells.extend([] for _ in range(tr.grid_after))
        texts = [" ".join(p.line() for p in cell) for cell in cells]
        if len(texts) > 3 and texts[2].strip().casefold() == "tid":
            texts[:2] = _heading_and_kind(texts[0], texts[1])
            return [f"<p>{html.escape(text, quote=False)}</p>" if text else "" for text in texts]
        return [blocks_html([p.block() for p in cell]) for cell in cells]

    def _cell_paragraphs(self, cell: _Cell) -> list[_Para]:
        paragraphs: list[_Para] = []
        for block in _inner(cell._tc, cell):
            if isinstance(block, Paragraph):
                paragraphs.append(self._read(block))
            else:  # a table inside the cell: its text, row by row
                for row in block.rows:
                    for inner in row.cells:
                        paragraphs.extend(self._cell_paragraphs(inner))
        return [p for p in paragraphs if p.text]


def _inline_html(paragraph: Paragraph) -> str:
    """The paragraph's text as inline HTML, escaped; bold and italic runs kept."""
    parts = []
    for item in paragraph.iter_inner_content():
        runs = item.runs if hasattr(item, "runs") else [item]
        for run in runs:
            text = html.escape(run.text.replace("\t", " ").replace("\n", " "), quote=False)
            if not text.strip():
                parts.append(text)
                continue
            if run.italic:
                text = f"<em>{text}</em>"
            if run.bold:
                text = f"<strong>{text}</strong>"
            parts.append(text)
    return " ".join("".join(parts).split())


def _heading_and_kind(heading: str, kind: str) -> list[str]:
    """Milepæl's own plan report writes an initiative's heading row as one cell across the
    first two columns, "3.04. Titel · Drift"; the seed layout has the kind in a cell of its own."""
    if not kind.strip() and " · " in heading:
        title, _sep, named = heading.rpartition(" · ")
        if named.strip().casefold() in KIND_BY_LABEL:
            return [title, named]
    return [heading, kind]
