"""The election-term status report as a Word document, in the layout of seed 002: per
area a heading and the three-column table (objective | actions taken | results), each key
figure in a full-width row of its own as a chart with its values."""

from milepael.core.charts import key_figure_chart

from ..document import Paragraph
from ..term_builders import AreaBlock, KeyFigureBlock, ObjectiveBlock, TermReport
from .layout import TEXT_WIDTH, add_header_block, add_paragraphs, add_picture, add_table, document_bytes, new_document

TERM_COLUMNS = (0.30, 0.35, 0.35)
VALUE_COLUMNS = (0.5, 0.5)


class TermReportWriter:
    """Writes one TermReport as a Word document: `TermReportWriter(report).write()`."""

    def __init__(self, report: TermReport):
        self.report = report
        self.labels = report.labels
        self.document = new_document(
            title=report.document_title,
            author=report.committee,
            subject=report.term_name,
            footer=f"{report.term_name} · {report.committee}",
            labels=report.labels,
        )

    def write(self) -> bytes:
        report = self.report
        add_header_block(self.document, report.header)
        self.document.add_heading(report.title, level=1)
        add_paragraphs(self.document, report.intro)
        if not report.areas:
            self.document.add_paragraph(self.labels["no_areas"])
        for area in report.areas:
            self.area(area)
        return document_bytes(self.document)

    def area(self, area: AreaBlock) -> None:
        self.document.add_heading(area.name, level=2)
        if not area.objectives:
            self.document.add_paragraph(self.labels["no_objectives"])
            return
        columns = self.report.column_labels
        header = [[Paragraph(columns[key])] for key in ("objective", "actions", "results")]
        rows, layout = [], []  # layout: ("objective", block) or ("figure", key figure), per row
        for objective in area.objectives:
            rows.append([None, self.actions(objective), objective.results])
            layout.append(("objective", objective))
            for figure in objective.key_figures:
                rows.append([None, None, None])
                layout.append(("figure", figure))
        table = add_table(self.document, TERM_COLUMNS, header, rows)
        # The objective's bold title and the key figures need more than add_table's cells.
        for row, (kind, content) in zip(table.rows[1:], layout, strict=True):
            if kind == "objective":
                cell = row.cells[0]
                cell.paragraphs[0].add_run(content.title).bold = True
                add_paragraphs(cell, content.subtitle)
            else:
                self.key_figure(row.cells[0].merge(row.cells[2]), content)
        self.document.add_paragraph()

    def actions(self, objective: ObjectiveBlock) -> list[Paragraph]:
        """The actions taken, then the linked initiatives as a list."""
        actions = list(objective.actions)
        if objective.initiatives:
            actions.append(Paragraph(f"{self.labels['initiatives']}:"))
            actions.extend(Paragraph(name, list_item=True) for name in objective.initiatives)
        return actions

    def key_figure(self, cell, figure: KeyFigureBlock) -> None:
        """A key figure in a (merged, full-width) cell: its heading, the chart as a picture with
        alt text, and its values as a small table, so the numbers are there as text too."""
        heading = cell.paragraphs[0]
        heading.style = "Heading 3"
        heading.add_run(f"{self.labels['key_figure']}: {figure.name}")
        if not figure.values:
            cell.add_paragraph(self.labels["no_values"])
            return
        chart = key_figure_chart(figure.series, format="png")
        add_picture(
            cell.add_paragraph(), chart.content, alt=chart.alt_text, title=chart.title, width=int(TEXT_WIDTH * 0.75)
        )
        add_table(
            cell,
            VALUE_COLUMNS,
            [[Paragraph(self.labels["period"])], [Paragraph(figure.value_heading)]],
            [[[Paragraph(period)], [Paragraph(value)]] for period, value in figure.values],
            width=int(TEXT_WIDTH * 0.45),
        )
        if figure.description:
            cell.add_paragraph().add_run(figure.description).italic = True
