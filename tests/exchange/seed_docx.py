"""Test helper: write seed 000 as the Word document it was extracted from.

Paragraphs for the header, title, introduction and theme headings; per initiative a
four-column table with one row per seed table row (page-break continuations included,
stray separator rows left out). Cell HTML becomes Word paragraphs in the shape Milepæl
stores it (`rich_cells`): list items as »List Bullet« or »List Number« paragraphs.
"""

import io
from html.parser import HTMLParser

from docx import Document
from docx.shared import Cm

from milepael.core.richtext import fold_whitespace, looks_like_html
from milepael.exchange.rich_cells import tidy_rich_text

_BLOCKS = {"p", "ul", "ol", "li", "h3", "h4", "br", "div"}


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._text: list[str] = []
        self._item = ""
        self._lists: list[str] = []

    def _flush(self):
        text = fold_whitespace("".join(self._text))
        if text:
            self.blocks.append((self._item, text))
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._flush()
            if tag in {"ul", "ol"}:
                self._lists.append(tag)
            self._item = self._lists[-1] if tag == "li" and self._lists else ""

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._flush()
            if tag in {"ul", "ol"} and self._lists:
                self._lists.pop()
            self._item = ""

    def handle_data(self, data):
        self._text.append(data)


def cell_blocks(cell: str) -> list[tuple[str, str]]:
    """(the list it is an item of: "ul", "ol" or "", text) for each paragraph of a seed cell."""
    if not looks_like_html(cell):
        text = fold_whitespace(cell)
        return [("", text)] if text else []
    parser = _Blocks()
    # The cell as the product stores it: text bullets ("<ul> • a • b") become list items,
    # which is how the original Word document holds them.
    parser.feed(tidy_rich_text(cell))
    parser.close()
    parser._flush()
    return parser.blocks


def _write_cell(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    for index, (item_of, block) in enumerate(cell_blocks(text)):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.text = block
        if item_of:
            paragraph.style = "List Number" if item_of == "ol" else "List Bullet"


def seed_as_docx(text: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    table = None
    title_seen = False
    for line in text.split("\n"):
        if not line.strip():
            continue
        if "\t" not in line:
            table = None
            stripped = line.strip()
            if stripped.startswith("Udmøntning af Aftale") and not title_seen:
                document.add_heading(stripped, level=0)
                title_seen = True
            elif title_seen and stripped[:1].isdigit() and ". " in stripped[:4]:
                document.add_heading(stripped, level=1)
            else:
                document.add_paragraph(stripped)
            continue
        cells = line.split("\t")
        if all(set(c.strip()) <= {"-"} for c in cells):
            continue  # the stray page-break separator
        if fold_whitespace(cells[2]) == "Tid" or table is None:
            table = document.add_table(rows=0, cols=4)
            table.style = "Table Grid"
        row = table.add_row()
        for cell, value in zip(row.cells, cells, strict=True):
            _write_cell(cell, value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
