"""The implementation plan and its follow-up reports as a Word document, in the layout of
seed 000: header block, title, smiley definitions, the summary of the follow-up, then per
theme a four-column table for each initiative."""

from milepael.core import smileys

from ..builders import Definition, Paragraph, PlanReport, SmileyCounts, Summary
from ..charts import report_charts
from .layout import (
    TEXT_WIDTH,
    add_header_block,
    add_paragraphs,
    add_picture,
    add_smiley,
    add_table,
    document_bytes,
    new_document,
)

INITIATIVE_COLUMNS = (0.18, 0.48, 0.19, 0.15)
COUNT_COLUMNS = (0.28,) + (0.09,) * 8
ATTENTION_COLUMNS = (0.24, 0.11, 0.17, 0.24, 0.24)
REVISION_COLUMNS = (0.26, 0.48, 0.26)


def _texts(texts: list[str]) -> list[list[Paragraph]]:
    """Plain texts as table cells (a header row, say)."""
    return [[Paragraph(text)] for text in texts]


def _count_row(counts: SmileyCounts) -> list[list[Paragraph]]:
    return _texts(
        [
            counts.label,
            *(str(counts.effort[v]) for v in smileys.EFFORT_VALUES),
            str(counts.effort_unrated),
            *(str(counts.economy[v]) for v in smileys.ECONOMY_VALUES),
            str(counts.economy_unrated),
        ]
    )


class PlanReportWriter:
    """Writes one PlanReport as a Word document: `PlanReportWriter(report).write()`."""

    def __init__(self, report: PlanReport):
        self.report = report
        self.labels = report.labels
        self.document = new_document(
            title=report.document_title, author=report.committee, subject=report.agreement, footer=report.title
        )

    def write(self, progress=None) -> bytes:
        """The document's bytes; `progress(done, total)` after each initiative."""
        self.front_matter()
        if self.report.summary is not None:
            self.summary(self.report.summary)
        self.initiatives(progress)
        return document_bytes(self.document)

    def table(self, fractions, header: list, rows: list[list]) -> None:
        """A table (cells as `layout.add_table` takes them) and an empty paragraph after it."""
        add_table(self.document, fractions, header, rows)
        self.document.add_paragraph()

    def front_matter(self) -> None:
        report = self.report
        add_header_block(self.document, report.header)
        self.document.add_heading(report.title, level=1)
        if report.subtitle:
            self.document.add_paragraph(report.subtitle, style="Subtitle")
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
        self.document.add_heading(self.labels["summary_heading"], level=2)
        self.document.add_paragraph(self.report.rating_note)
        self.document.add_heading(self.labels["counts_heading"], level=3)
        self.table(
            COUNT_COLUMNS,
            _texts(self.labels["count_columns"]),
            [_count_row(counts) for counts in [*summary.by_theme, summary.total]],
        )
        for chart in report_charts(self.report, "png"):
            add_picture(
                self.document.add_paragraph(),
                chart.content,
                alt=chart.alt_text,
                title=chart.title,
                width=int(TEXT_WIDTH * 0.85),
            )
        self.attention(summary)
        self.revisions(summary)

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
                [Paragraph(a.comment)],
                [Paragraph(a.alternative_financing)] if a.alternative_financing else None,
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
        """Per theme a heading, per initiative its table: the heading row repeated on each page."""
        total, done = self.report.initiative_count, 0
        for theme in self.report.themes:
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
