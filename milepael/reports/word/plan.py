"""The implementation plan and its follow-up reports as a Word document, in the layout of
seed 000: header block, title, the summary of the follow-up, the smiley definitions, then
per theme (a Word heading: the navigation pane lists them) a four-column table for each
initiative."""

from docx.shared import Pt

from ..charts import report_charts
from ..document import Definition, MoneyTable, Paragraph, PlanReport, SmileyCounts, Summary
from .layout import (
    TEXT_WIDTH,
    Cell,
    add_header_block,
    add_paragraphs,
    add_picture,
    add_smiley,
    add_spacer,
    add_table,
    document_bytes,
    new_document,
)

# Column widths as fractions of the text width: wide enough that no header word breaks.
INITIATIVE_COLUMNS = (0.16, 0.46, 0.22, 0.16)
COUNT_COLUMNS = (0.2,) + (0.1,) * 8
CHANGE_COLUMNS = (0.36, 0.14, 0.19, 0.19, 0.12)
ATTENTION_COLUMNS = (0.32, 0.13, 0.15, 0.2, 0.2)
REVISION_COLUMNS = (0.26, 0.48, 0.26)
# An initiative's table estimated at no more lines than a page holds (9 pt: about 70 lines
# of about 50 characters in the text column) is kept on one page; Word and LibreOffice
# split a kept table that is taller than the page anyway.
PAGE_LINES, TEXT_COLUMN_CHARACTERS = 35, 48


def _texts(texts: list[str]) -> list[list[Paragraph]]:
    """Plain texts as table cells (a header row, say)."""
    return [[Paragraph(text)] for text in texts]


def _bold(texts: list[str]) -> list[Cell]:
    return [Cell([Paragraph(text)], bold=True) for text in texts]


def count_table(document, labels: dict, groups: list[SmileyCounts], total: SmileyCounts) -> None:
    """The smiley counts per group (a theme, a committee) and in all, with two header rows:
    »Indsats« over its five smileys, »Økonomi« over its three."""
    effort, economy = labels["count_groups"]
    theme, effort, economy = _texts([labels["count_theme"], effort, economy])
    header = [theme, effort, None, None, None, None, economy, None, None]
    table = add_table(
        document,
        COUNT_COLUMNS,
        header,
        [
            ["", *_bold(labels["count_subcolumns"])],
            *([[Paragraph(c.label)], *_texts([str(n) for n in c.cells])] for c in groups),
            [Cell([Paragraph(total.label)], bold=True), *_bold([str(n) for n in total.cells])],
        ],
        header_rows=2,
        keep_together=True,  # a dozen rows: »I alt« never stands alone
    )
    head, sub = table.rows[0].cells, table.rows[1].cells
    head[1].merge(head[5])
    head[6].merge(head[8])
    head[0].merge(sub[0])
    add_spacer(document)


def money_tables(document, heading: str, tables: list[MoneyTable]) -> None:
    """The economy tables (issue 17) under `heading`: the group column wider, the amounts in
    equal columns, each table kept on one page, its caption and note after it."""
    if not tables:
        return
    document.add_heading(heading, level=2)
    for table in tables:
        amounts = len(table.header) - 1
        fractions = (0.19,) + ((1 - 0.19) / amounts,) * amounts
        rows = [
            *([[Paragraph(row.label)], *_texts(row.texts)] for row in table.rows),
            [Cell([Paragraph(table.total.label)], bold=True), *_bold(table.total.texts)],
        ]
        word_table = add_table(document, fractions, _texts(table.header), rows, keep_together=True)
        # Smaller type, so »16.773.000 kr.« stays on one line in a column of eight years and kinds.
        for row in word_table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(7.5)
        note = document.add_paragraph()
        note.add_run(f"{table.caption}. {table.note}".strip()).font.size = Pt(8)


class PlanReportWriter:
    """Writes one PlanReport as a Word document: `PlanReportWriter(report).write()`."""

    def __init__(self, report: PlanReport, document=None):
        """`document`: write into this one (the agreement report's section), not a new one."""
        self.report = report
        self.labels = report.labels
        self.document = document or new_document(
            title=report.document_title,
            author=report.committee,
            subject=report.agreement,
            footer=report.title,
            labels=report.labels,
        )

    def write(self, progress=None) -> bytes:
        """The document's bytes; `progress(done, total)` after each initiative."""
        self.write_body(progress)
        return document_bytes(self.document)

    def write_body(self, progress=None) -> None:
        """The report into the document: header, title, summary, front matter, initiatives."""
        report = self.report
        add_header_block(self.document, report.header)
        self.document.add_heading(report.title, level=1)
        if report.subtitle:
            self.document.add_paragraph(report.subtitle, style="Subtitle")
        if report.colophon:
            self.document.add_paragraph().add_run(report.colophon).font.size = Pt(8)
        if report.summary is not None:
            self.summary(report.summary)
        money_tables(self.document, self.labels["economy_heading"], report.economy_tables)
        self.front_matter()
        self.initiatives(progress)

    def table(self, fractions, header: list, rows: list[list], **options) -> None:
        """A table (cells as `layout.add_table` takes them) and a small space after it."""
        add_table(self.document, fractions, header, rows, **options)
        add_spacer(self.document)

    def front_matter(self) -> None:
        report = self.report
        if report.summary is not None and report.intro:
            self.document.add_heading(self.labels["about_heading"], level=2)
        add_paragraphs(self.document, report.intro)
        self.definitions(report.effort_definitions_heading, report.effort_definitions)
        add_paragraphs(self.document, report.economy_intro)
        self.definitions(report.economy_definitions_heading, report.economy_definitions)

    def definitions(self, heading: str, definitions: list[Definition]) -> None:
        if not definitions:
            return
        self.document.add_heading(heading, level=2)
        for definition in definitions:
            paragraph = self.document.add_paragraph(style="List Bullet")
            add_smiley(paragraph, definition.smiley)
            paragraph.add_run(f": {definition.text}")

    def summary(self, summary: Summary) -> None:
        """The written summary, the changes, the revised economies, the counts per theme, the
        charts with their data, and the yellow and red smileys."""
        labels = self.labels
        self.document.add_heading(labels["summary_heading"], level=2)
        for sentence in summary.text:
            self.document.add_paragraph(sentence)
        self.document.add_paragraph(self.report.rating_note)
        self.changes(summary)
        self.revisions(summary)
        self.document.add_heading(labels["counts_heading"], level=3)
        count_table(self.document, labels, summary.by_theme, summary.total)
        self.charts()
        self.attention(summary)

    def changes(self, summary: Summary) -> None:
        self.document.add_heading(self.labels["changes_heading"], level=3)
        self.document.add_paragraph(summary.changes_text)
        if summary.changes:
            better, worse = self.labels["better"], self.labels["worse"]
            rows = [
                [
                    [Paragraph(f"{c.number}. {c.title}")],
                    [Paragraph(c.aspect)],
                    c.before,
                    c.after,
                    [Paragraph(better if c.better else worse)],
                ]
                for c in summary.changes
            ]
            self.table(CHANGE_COLUMNS, _texts(self.labels["change_columns"]), rows)

    def charts(self) -> None:
        """Each chart as a picture (alt text) in the first row of the table of its numbers: one
        table, kept on one page, so no page ends between the chart and its numbers."""
        self.document.add_heading(self.labels["charts_heading"], level=3)
        for chart, drawn in report_charts(self.report, "png"):
            columns = (0.3,) + (0.7 / len(chart.segments),) * len(chart.segments)
            rows = [[None] * len(columns), _texts(chart.table_header), *(_texts(row) for row in chart.table)]
            table = add_table(self.document, columns, rows[0], rows[1:], keep_together=True, header_rows=0)
            picture_cell = table.rows[0].cells[0].merge(table.rows[0].cells[-1])
            add_picture(
                picture_cell.paragraphs[0],
                drawn.content,
                alt=chart.alt_text,
                title=chart.title,
                width=int(TEXT_WIDTH * 0.8),
            )
            for cell in table.rows[1].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            add_spacer(self.document)

    def attention(self, summary: Summary) -> None:
        self.document.add_heading(self.labels["attention_heading"], level=3)
        if not summary.attention:
            self.document.add_paragraph(self.labels["no_attention"])
            return
        rows = [
            [
                [Paragraph(f"{a.number}. {a.title} ({a.department})")],
                [Paragraph(a.aspect)],
                a.smiley,
                [Paragraph(line) for line in a.comment.split("\n")],
                [Paragraph(line) for line in a.alternative_financing.split("\n")] if a.alternative_financing else None,
            ]
            for a in summary.attention
        ]
        self.table(ATTENTION_COLUMNS, _texts(self.labels["attention_columns"]), rows)

    def revisions(self, summary: Summary) -> None:
        self.document.add_heading(self.labels["revisions_heading"], level=3)
        if not summary.revisions:
            self.document.add_paragraph(self.labels["no_revisions"])
            return
        rows = [
            [[Paragraph(f"{r.number}. {r.title}")], r.text, [Paragraph(f"{r.approved_on} ({r.reference})")]]
            for r in summary.revisions
        ]
        self.table(REVISION_COLUMNS, _texts(self.labels["revision_columns"]), rows)

    def initiatives(self, progress=None) -> None:
        """Per theme a heading, per initiative its table: the initiative's number, title and
        kind across the first two columns of the header row, repeated on each page."""
        total, done = self.report.initiative_count, 0
        for theme in self.report.themes:
            self.document.add_heading(theme.heading, level=2)
            for initiative in theme.initiatives:
                head, *body = initiative.rows
                title = Cell([Paragraph(" · ".join([head.label, *(p.text for p in head.text)]))], bold=True)
                table = add_table(
                    self.document,
                    INITIATIVE_COLUMNS,
                    [title, None, [Paragraph(head.time)], [Paragraph(self.labels["smiley"])]],
                    [
                        [
                            [Paragraph(row.label)],
                            Cell(row.text, row.remarks, row.notes),
                            [Paragraph(row.time)],
                            row.smiley,
                        ]
                        for row in body
                    ],
                    keep_together=initiative.estimated_lines(TEXT_COLUMN_CHARACTERS) <= PAGE_LINES,
                )
                table.rows[0].cells[0].merge(table.rows[0].cells[1])
                add_spacer(self.document)
                done += 1
                if progress:
                    progress(done, total)
