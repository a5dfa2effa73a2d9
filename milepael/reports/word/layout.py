"""The house layout of every Word report: A4, Danish, Arial 10 pt, real heading styles,
real tables with a repeated header row, pictures (smileys, charts) with alt text.

A cell of `add_table` is a list of Paragraph, a (paragraphs, notes) tuple, a Smiley, or None.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..builders import Paragraph, Smiley
from ..smiley_images import smiley_png

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN


def set_language(document) -> None:
    """Danish spelling and hyphenation for every style (w:lang on the document defaults)."""
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "da-DK")


def repeat_header(row) -> None:
    """Word and LibreOffice repeat this row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


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
    add_picture(paragraph, smiley_png(smiley.shape), alt=smiley.alt, title=smiley.label, width=Mm(3.6), height=Mm(3.6))
    paragraph.add_run(f" {smiley.text}")


def add_paragraphs(container, paragraphs: list[Paragraph]) -> None:
    """Rich-text paragraphs after what `container` (the document or a cell) already holds."""
    for p in paragraphs:
        container.add_paragraph(p.text, style="List Bullet" if p.list_item else None)


def add_header_block(document, header: list[tuple[str, str]]) -> None:
    """The lines above the title: a bold label, then its value."""
    for label, value in header:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)


def fill_cell(cell, paragraphs: list[Paragraph], notes: list[str] = (), *, bold: bool = False) -> None:
    """Rich-text paragraphs into a table cell (list items as bullets), then notes in italics."""
    first = cell.paragraphs[0]
    blocks = [(p.text, p.list_item, False) for p in paragraphs] + [(note, False, True) for note in notes]
    for index, (text, list_item, italic) in enumerate(blocks):
        paragraph = first if index == 0 else cell.add_paragraph()
        if list_item:
            paragraph.style = "List Bullet"
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic


def new_document(*, title: str, author: str, subject: str = "", footer: str = ""):
    """An empty Word document in the house layout: A4 portrait with 2 cm margins (python-docx
    starts from US Letter), Arial 10 pt, Danish language, title and author in the properties."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    normal = document.styles["Normal"]
    normal.font.name = "Arial"  # on every municipal PC; LibreOffice maps it to Liberation Sans
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(3)
    set_language(document)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.subject = subject
    properties.language = "da-DK"
    if footer:
        paragraph = section.footer.paragraphs[0]
        paragraph.text = footer
        paragraph.style.font.size = Pt(8)
    return document


def add_table(container, fractions, header: list, rows: list[list], *, width=TEXT_WIDTH, header_bold=True):
    """A table in `container` (the document or a cell) with columns of `fractions` of
    `width` and `header` as its repeated header row (cells: see the module docstring)."""
    widths = [int(width * f) for f in fractions]
    table = container.add_table(rows=1 + len(rows), cols=len(fractions))
    table.style = "Table Grid"
    table.autofit = False
    # LibreOffice reads the grid columns, Word the cells: set both.
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width
    for row_index, cells in enumerate([header, *rows]):
        row = table.rows[row_index]
        for cell, cell_width, content in zip(row.cells, widths, cells, strict=True):
            cell.width = cell_width
            if isinstance(content, Smiley):
                add_smiley(cell.paragraphs[0], content)
            elif isinstance(content, tuple):
                fill_cell(cell, *content)
            elif content:
                fill_cell(cell, content, bold=header_bold and row_index == 0)
    repeat_header(table.rows[0])
    return table


def document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
