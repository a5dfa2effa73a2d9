"""The house layout of every Word report, made to need no repair in Word or LibreOffice: A4,
Danish, Arial 10 pt (tables 9 pt), real heading styles (the navigation pane lists them),
"Side X af Y" as fields in the footer, real tables whose rows never split over a page,
whose header rows repeat on every page and whose small ones stay on one page, and pictures
(smileys, charts) with alt text.

A cell of `add_table` is a list of Paragraph, a `Cell` (paragraphs, remarks, notes), a
Smiley, or None.
"""

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..document import Paragraph, Remark, Smiley
from ..smiley_images import smiley_png

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
HEADING_COLOUR = RGBColor(0x17, 0x36, 0x5D)  # dark blue: 11:1 against white
# Paragraph styles of table cells, set by their ids: looking a style up by name costs a scan
# of every style, thousands of times in a large report.
TABLE_TEXT, TABLE_BULLET = "Tabeltekst", "Tabelpunkt"
CELL_MARGIN = Mm(1.5)  # left and right in every cell (Word's default is 1.9 mm)


@dataclass
class Cell:
    """A table cell's content: paragraphs, then labelled remarks, then notes in italics."""

    paragraphs: list[Paragraph]
    remarks: list[Remark] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bold: bool = False


def set_language(document) -> None:
    """Danish spelling and hyphenation for every style (w:lang on the document defaults)."""
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "da-DK")


def _styles(document) -> None:
    """Arial everywhere, dark headings that keep with the next paragraph, and the table styles."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"  # on every municipal PC; LibreOffice maps it to Liberation Sans
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(3)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11), ("Subtitle", 12)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = HEADING_COLOUR
        style.paragraph_format.keep_with_next = True
    text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = normal
    text.font.size = Pt(9)
    text.paragraph_format.space_after = Pt(2)
    bullet = styles.add_style(TABLE_BULLET, WD_STYLE_TYPE.PARAGRAPH)
    bullet.base_style = styles["List Bullet"]
    bullet.font.size = Pt(9)
    bullet.paragraph_format.space_after = Pt(2)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def add_footer(section, text: str, *, page: str, page_of: str) -> None:
    """The footer: `text` on the left, "Side X af Y" (fields) on the right."""
    paragraph = section.footer.paragraphs[0]
    paragraph.style.font.size = Pt(8)
    paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{text}\t{page} ")
    _field(paragraph, "PAGE")
    paragraph.add_run(f" {page_of} ")
    _field(paragraph, "NUMPAGES")


def new_document(*, title: str, author: str, subject: str = "", footer: str = "", labels: dict | None = None):
    """An empty Word document in the house layout: A4 portrait with 2 cm margins (python-docx
    starts from US Letter), Arial, Danish language, title and author in the properties, and
    the footer with page numbers (`labels` "page" and "page_of": Side … af …)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    _styles(document)
    set_language(document)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.subject = subject
    properties.language = "da-DK"
    labels = labels or {}
    add_footer(section, footer, page=labels.get("page", "Side"), page_of=labels.get("page_of", "af"))
    return document


def add_picture(paragraph, image: bytes, *, alt: str, title: str = "", width=None, height=None):
    """An inline picture in `paragraph`, with its alt text in docPr descr (what screen
    readers and Word's accessibility checker read)."""
    picture = paragraph.add_run().add_picture(io.BytesIO(image), width=width, height=height)
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", alt)
    if title:
        doc_pr.set("title", title)
    return picture


def add_smiley(paragraph, smiley: Smiley) -> None:
    """The drawn face (alt text: what it is and means) followed by its word."""
    add_picture(paragraph, smiley_png(smiley.shape), alt=smiley.alt, title=smiley.label, width=Mm(3.4), height=Mm(3.4))
    paragraph.add_run(f" {smiley.text}")


def add_paragraphs(container, paragraphs: list[Paragraph]) -> None:
    """Rich-text paragraphs after what `container` (the document or a cell) already holds."""
    for p in paragraphs:
        container.add_paragraph(p.text, style="List Bullet" if p.list_item else None)


def add_header_block(document, header: list[tuple[str, str]]) -> None:
    """The lines above the title: a bold label, then its value."""
    for label, value in header:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(1)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)


def _lines(run_container, text: str) -> None:
    """`text` with its line breaks as Word line breaks."""
    for index, line in enumerate(text.split("\n")):
        run = run_container.add_run()
        if index:
            run.add_break()
        run.add_text(line)


def _styled(paragraph, style_id: str):
    paragraph._p.style = style_id
    return paragraph


def fill_cell(cell, content: Cell) -> None:
    """A cell's paragraphs (list items as bullets), remarks (bold label) and notes (italics)."""
    blocks: list[tuple[str, object]] = [("paragraph", p) for p in content.paragraphs]
    blocks += [("remark", r) for r in content.remarks] + [("note", n) for n in content.notes]
    first = _styled(cell.paragraphs[0], TABLE_TEXT)
    for index, (kind, block) in enumerate(blocks):
        paragraph = first if index == 0 else _styled(cell.add_paragraph(), TABLE_TEXT)
        if kind == "paragraph":
            if block.list_item:
                _styled(paragraph, TABLE_BULLET)
            paragraph.add_run(block.text).bold = content.bold
        elif kind == "remark":
            paragraph.add_run(f"{block.label}: ").bold = True
            _lines(paragraph, block.text)
        else:
            paragraph.add_run(block).italic = True


def _row_property(row, name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(name)) is None:
        element = OxmlElement(name)
        if name == "w:tblHeader":
            element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _cell_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(CELL_MARGIN.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def keep_rows_together(rows) -> None:
    """Every paragraph of `rows` keeps with the next: Word and LibreOffice move the rows to
    the next page together (the last of them keeps with whatever follows, so leave it out)."""
    for row in rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _fill(cell, content) -> None:
    if isinstance(content, Smiley):
        add_smiley(_styled(cell.paragraphs[0], TABLE_TEXT), content)
    elif isinstance(content, Cell):
        fill_cell(cell, content)
    elif content:
        fill_cell(cell, Cell(content))
    else:
        _styled(cell.paragraphs[0], TABLE_TEXT)


def add_table(
    container,
    fractions,
    header: list,
    rows: list[list],
    *,
    width=TEXT_WIDTH,
    header_rows: int = 1,
    keep_together: bool = False,
):
    """A table in `container` (the document or a cell) with columns of `fractions` of `width`,
    `header` as its first row (bold; `header_rows` rows of `rows` join it as header rows)
    repeated on every page, rows that never split over a page, the header kept with the
    first row and the last row with the one before it. `keep_together`: the whole table
    moves to the next page rather than split (for tables shorter than a page)."""
    widths = [int(width * f) for f in fractions]
    all_rows = [[Cell(c, bold=True) if isinstance(c, list) else c for c in header], *rows]
    table = container.add_table(rows=len(all_rows), cols=len(fractions))
    table.style = "Table Grid"
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _cell_margins(table)
    # LibreOffice reads the grid columns, Word the cells: set both.
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width
    for row, cells in zip(table.rows, all_rows, strict=True):
        _row_property(row, "w:cantSplit")
        for cell, cell_width, content in zip(row.cells, widths, cells, strict=True):
            cell.width = cell_width
            _fill(cell, content)
    for row in table.rows[:header_rows]:
        _row_property(row, "w:tblHeader")
    if keep_together:
        keep_rows_together(table.rows[:-1])
    else:
        # The header rows with the first row below them; the last row with the one before.
        keep_rows_together(table.rows[:header_rows])
        if len(table.rows) > header_rows + 1:
            keep_rows_together(table.rows[-2:-1])
    return table


def add_spacer(document) -> None:
    """A small empty paragraph after a table: two tables in a row would run together."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.line_spacing = Pt(6)


def document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
