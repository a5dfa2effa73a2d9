"""The reports as Word documents (python-docx): A4, Danish, real heading styles, real
tables with a repeated header row, pictures (smileys, charts) with alt text.

`new_document`, `add_table`, `add_picture` and `fill_cell` are the house layout every
Word report shares; `render_docx` lays out the plan and follow-up reports with them and
`render_term_docx` the election-term status report.
"""

import io
from collections.abc import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from milepael.core import smileys
from milepael.core.charts import key_figure_chart

from .builders import Paragraph, PlanReport, Smiley
from .charts import report_charts
from .smiley_images import smiley_png
from .term_builders import KeyFigureBlock, TermReport

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
INITIATIVE_COLUMNS = (0.18, 0.48, 0.19, 0.15)
Progress = Callable[[int, int], None]


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


def _add_smiley(paragraph, smiley: Smiley) -> None:
    add_picture(paragraph, smiley_png(smiley.shape), alt=smiley.alt, title=smiley.label, width=Mm(3.6), height=Mm(3.6))
    paragraph.add_run(f" {smiley.text}")


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
    `width` and `header` as its repeated header row. Each cell of header / rows is a list
    of Paragraph, a (paragraphs, notes) tuple, a Smiley, or None."""
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
                _add_smiley(cell.paragraphs[0], content)
            elif isinstance(content, tuple):
                fill_cell(cell, *content)
            elif content:
                fill_cell(cell, content, bold=header_bold and row_index == 0)
    repeat_header(table.rows[0])
    return table


class _Writer:
    def __init__(self, report: PlanReport):
        self.report = report
        self.document = new_document(
            title=report.document_title, author=report.committee, subject=report.agreement, footer=report.title
        )
        self.labels = report.labels

    def table(self, fractions, header: list, rows: list[list], *, header_bold=True):
        """header / rows: each cell is a list of Paragraph, a Smiley, or None."""
        table = add_table(self.document, fractions, header, rows, header_bold=header_bold)
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
                *(str(c.effort[v]) for v in smileys.EFFORT_VALUES),
                str(c.effort_unrated),
                *(str(c.economy[v]) for v in smileys.ECONOMY_VALUES),
                str(c.economy_unrated),
            ]
            return [[Paragraph(v)] for v in values]

        self.table(
            (0.28,) + (0.09,) * 8,
            [[Paragraph(c)] for c in labels_["count_columns"]],
            [count_row(c) for c in [*summary.by_theme, summary.total]],
        )
        for chart in report_charts(self.report, "png"):
            add_picture(
                self.document.add_paragraph(),
                chart.content,
                alt=chart.alt_text,
                title=chart.title,
                width=int(TEXT_WIDTH * 0.85),
            )
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
                    [[Paragraph(head.label)], head.text, [Paragraph(head.time)], [Paragraph(self.labels["smiley"])]],
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


TERM_COLUMNS = (0.30, 0.35, 0.35)


def _append(cell, paragraphs: list[Paragraph]) -> None:
    """Paragraphs after what the cell already holds."""
    for p in paragraphs:
        cell.add_paragraph(p.text, style="List Bullet" if p.list_item else None)


def _key_figure(cell, figure: KeyFigureBlock, labels_: dict[str, str]) -> None:
    """A key figure in a (merged, full-width) cell: its heading, the chart as a picture with
    alt text, and its values as a small table, so the numbers are there as text too."""
    heading = cell.paragraphs[0]
    heading.style = "Heading 3"
    heading.add_run(f"{labels_['key_figure']}: {figure.name}")
    if not figure.values:
        cell.add_paragraph(labels_["no_values"])
        return
    chart = key_figure_chart(figure.series, format="png")
    add_picture(
        cell.add_paragraph(), chart.content, alt=chart.alt_text, title=chart.title, width=int(TEXT_WIDTH * 0.75)
    )
    add_table(
        cell,
        (0.5, 0.5),
        [[Paragraph(labels_["period"])], [Paragraph(figure.value_heading)]],
        [[[Paragraph(period)], [Paragraph(value)]] for period, value in figure.values],
        width=int(TEXT_WIDTH * 0.45),
    )
    if figure.description:
        cell.add_paragraph().add_run(figure.description).italic = True


def render_term_docx(report: TermReport) -> bytes:
    """The election-term status report as a Word document: per area a heading and the
    three-column table of the seed, key figures as charts with their values."""
    document = new_document(
        title=report.document_title,
        author=report.committee,
        subject=report.term_name,
        footer=f"{report.term_name} · {report.committee}",
    )
    labels_ = report.labels
    for label, value in report.header:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_heading(report.title, level=1)
    for p in report.intro:
        document.add_paragraph(p.text, style="List Bullet" if p.list_item else None)
    if not report.areas:
        document.add_paragraph(labels_["no_areas"])
    columns = report.column_labels
    header = [[Paragraph(columns[key])] for key in ("objective", "actions", "results")]
    for area in report.areas:
        document.add_heading(area.name, level=2)
        if not area.objectives:
            document.add_paragraph(labels_["no_objectives"])
            continue
        rows, layout = [], []  # layout: ("objective", block) or ("figure", key figure), per row
        for objective in area.objectives:
            actions = list(objective.actions)
            if objective.initiatives:
                actions.append(Paragraph(f"{labels_['initiatives']}:"))
                actions.extend(Paragraph(name, list_item=True) for name in objective.initiatives)
            rows.append([None, actions, objective.results])
            layout.append(("objective", objective))
            for figure in objective.key_figures:
                rows.append([None, None, None])
                layout.append(("figure", figure))
        table = add_table(document, TERM_COLUMNS, header, rows)
        for row, (kind, content) in zip(table.rows[1:], layout, strict=True):
            if kind == "objective":
                cell = row.cells[0]
                cell.paragraphs[0].add_run(content.title).bold = True
                _append(cell, content.subtitle)
            else:
                _key_figure(row.cells[0].merge(row.cells[2]), content, labels_)
        document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
