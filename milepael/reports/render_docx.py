"""The report as a Word document (python-docx): A4, real heading styles, real tables with
a repeated header row, smileys as small pictures with alt text plus the word."""

import io
from collections.abc import Callable

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import charts
from .builders import Paragraph, PlanReport, Smiley
from .render_pdf import labels
from .smiley_images import smiley_png

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
INITIATIVE_COLUMNS = (0.18, 0.48, 0.19, 0.15)
Progress = Callable[[int, int], None]


def _set_language(document) -> None:
    """Danish spelling and hyphenation for every style (w:lang on the document defaults)."""
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "da-DK")


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def _add_smiley(paragraph, smiley: Smiley) -> None:
    picture = paragraph.add_run().add_picture(io.BytesIO(smiley_png(smiley.shape)), width=Mm(3.6), height=Mm(3.6))
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", smiley.alt)
    doc_pr.set("title", smiley.label)
    paragraph.add_run(f" {smiley.text}")


def _fill(cell, paragraphs: list[Paragraph], notes: list[str] = (), *, bold: bool = False) -> None:
    first = cell.paragraphs[0]
    blocks = [(p.text, p.list_item, False) for p in paragraphs] + [(note, False, True) for note in notes]
    for index, (text, list_item, italic) in enumerate(blocks):
        paragraph = first if index == 0 else cell.add_paragraph()
        if list_item:
            paragraph.style = "List Bullet"
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic


class _Writer:
    def __init__(self, report: PlanReport):
        self.report = report
        self.document = Document()
        self.labels = labels()
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
        normal = self.document.styles["Normal"]
        normal.font.name = "Arial"  # on every municipal PC; LibreOffice maps it to Liberation Sans
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(3)
        _set_language(self.document)
        properties = self.document.core_properties
        properties.title = report.document_title
        properties.author = report.committee
        properties.subject = report.agreement
        properties.language = "da-DK"
        footer = section.footer.paragraphs[0]
        footer.text = report.title
        footer.style.font.size = Pt(8)

    def table(self, fractions, header: list, rows: list[list], *, header_bold=True):
        """header / rows: each cell is a list of Paragraph, a Smiley, or None."""
        widths = [int(TEXT_WIDTH * f) for f in fractions]
        table = self.document.add_table(rows=1 + len(rows), cols=len(fractions))
        table.style = "Table Grid"
        table.autofit = False
        # LibreOffice reads the grid columns, Word the cells: set both.
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row_index, cells in enumerate([header, *rows]):
            row = table.rows[row_index]
            for cell, width, content in zip(row.cells, widths, cells, strict=True):
                cell.width = width
                if isinstance(content, Smiley):
                    _add_smiley(cell.paragraphs[0], content)
                elif isinstance(content, tuple):
                    _fill(cell, *content)
                elif content:
                    _fill(cell, content, bold=header_bold and row_index == 0)
        _repeat_header(table.rows[0])
        self.document.add_paragraph()
        return table

    def paragraphs(self, paragraphs: list[Paragraph]) -> None:
        for p in paragraphs:
            self.document.add_paragraph(p.text, style="List Bullet" if p.list_item else None)

    def definitions(self, heading: str, definitions) -> None:
        if not definitions:
            return
        self.document.add_heading(heading, level=2)
        for definition in definitions:
            paragraph = self.document.add_paragraph(style="List Bullet")
            _add_smiley(paragraph, definition.smiley)
            paragraph.add_run(f": {definition.text}")

    def summary(self) -> None:
        summary, labels_ = self.report.summary, self.labels
        self.document.add_heading(labels_["summary_heading"], level=2)
        self.document.add_paragraph(self.report.rating_note)
        self.document.add_heading(labels_["counts_heading"], level=3)

        def count_row(c):
            values = [
                c.label,
                *(str(c.effort[v]) for v in ("green", "yellow", "red", "none")),
                str(c.effort_unrated),
                *(str(c.economy[v]) for v in ("green", "red")),
                str(c.economy_unrated),
            ]
            return [[Paragraph(v)] for v in values]

        self.table(
            (0.28,) + (0.09,) * 8,
            [[Paragraph(c)] for c in labels_["count_columns"]],
            [count_row(c) for c in [*summary.by_theme, summary.total]],
        )
        for kind in ("effort", "economy"):
            chart = charts.smiley_distribution(summary.by_round, kind, format="png")
            picture = self.document.add_picture(io.BytesIO(chart.content), width=int(TEXT_WIDTH * 0.85))
            picture._inline.docPr.set("descr", chart.alt_text)
            picture._inline.docPr.set("title", chart.title)
        self.document.add_heading(labels_["attention_heading"], level=3)
        if summary.attention:
            self.table(
                (0.24, 0.11, 0.17, 0.24, 0.24),
                [[Paragraph(c)] for c in labels_["attention_columns"]],
                [
                    [
                        [Paragraph(f"{a.number}. {a.title} ({a.department})")],
                        [Paragraph(a.aspect)],
                        a.smiley,
                        [Paragraph(a.comment)],
                        [Paragraph(a.alternative_financing)] if a.alternative_financing else None,
                    ]
                    for a in summary.attention
                ],
            )
        else:
            self.document.add_paragraph(labels_["no_attention"])
        self.document.add_heading(labels_["revisions_heading"], level=3)
        if summary.revisions:
            self.table(
                (0.26, 0.48, 0.26),
                [[Paragraph(c)] for c in labels_["revision_columns"]],
                [
                    [[Paragraph(f"{r.number}. {r.title}")], r.text, [Paragraph(f"{r.approved_on} ({r.reference})")]]
                    for r in summary.revisions
                ],
            )
        else:
            self.document.add_paragraph(labels_["no_revisions"])

    def write(self, progress: Progress | None = None) -> bytes:
        report = self.report
        for label, value in report.header:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        self.document.add_heading(report.title, level=1)
        if report.subtitle:
            self.document.add_paragraph(report.subtitle, style="Subtitle")
        self.paragraphs(report.intro)
        self.definitions(report.effort_definitions_heading, report.effort_definitions)
        self.paragraphs(report.economy_intro)
        self.definitions(report.economy_definitions_heading, report.economy_definitions)
        if report.summary is not None:
            self.summary()
        total, done = report.initiative_count, 0
        for theme in report.themes:
            self.document.add_heading(theme.heading, level=2)
            for initiative in theme.initiatives:
                head, *body = initiative.rows
                self.table(
                    INITIATIVE_COLUMNS,
                    [[Paragraph(head.label)], head.text, [Paragraph(head.time)], [Paragraph(_("Smiley"))]],
                    [
                        [[Paragraph(row.label)], (row.text, row.notes), [Paragraph(row.time)], row.smiley]
                        for row in body
                    ],
                )
                done += 1
                if progress:
                    progress(done, total)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def render_docx(report: PlanReport, progress: Progress | None = None) -> bytes:
    return _Writer(report).write(progress)
