"""The reports as Excel workbooks, ready for a pivot table and a chart (bold header row,
frozen, autofilter, wrapped text, printed A4 as wide as the paper; the layout of `core.xlsx`):

- the plan and follow-up reports: a "Resumé" sheet of a follow-up (smileys per theme and in
  all for the round, and per round 1..N, as numbers), then one row per initiative × round —
  every round of the plan, rounds 1..N of a follow-up — with the number and title frozen;
- the election-term status report: one row per objective, and the key figures as numbers,
  one row per value, in a sheet of their own.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from openpyxl.styles import Font

from milepael.core.charts import decimals_of
from milepael.core.xlsx import headers, new_workbook, workbook_bytes, write_sheet

from ..agreement import AgreementReport
from ..document import MoneyTable, Paragraph, PlanReport, SmileyCounts
from ..term_builders import TermReport
from .base import AGREEMENT, PLAN, TERM, Progress, Renderer, register

# (key, heading, width in characters). The number and title first: they stay in view (frozen).
PLAN_COLUMNS = [
    ("number", gettext_noop("Indsats nr."), 11),
    ("title", gettext_noop("Indsats"), 40),
    ("round_ordinal", gettext_noop("Opfølgning nr."), 13),
    ("round", gettext_noop("Opfølgning"), 24),
    ("milestone", gettext_noop("Milepæl"), 50),
    ("effort", gettext_noop("Smiley for indsats"), 16),
    ("effort_comment", gettext_noop("Kommentar til indsats"), 40),
    ("economy", gettext_noop("Smiley for økonomi"), 16),
    ("economy_comment", gettext_noop("Kommentar til økonomi"), 40),
    ("alternative_financing", gettext_noop("Alternativ finansiering"), 40),
    ("status", gettext_noop("Status"), 12),
    ("theme_number", gettext_noop("Tema nr."), 9),
    ("theme", gettext_noop("Tema"), 30),
    ("kind", gettext_noop("Type"), 14),
    ("department", gettext_noop("Ansvarligt center"), 22),
    ("committee", gettext_noop("Ansvarligt udvalg"), 20),
    ("agreement", gettext_noop("Aftale"), 22),
    ("plan", gettext_noop("Udmøntning"), 30),
    # Issue 17, last so the columns before keep their places.
    ("expected_result", gettext_noop("Forventet resultat (kr.)"), 16),
    ("budget", gettext_noop("Budget for året (kr.)"), 16),
    ("deviation", gettext_noop("Afvigelse (kr.)"), 16),
]
KRONER = "#,##0"
TERM_COLUMNS = [
    ("area", gettext_noop("Område"), 24),
    ("objective", gettext_noop("Strategisk målsætning"), 36),
    ("subtitle", gettext_noop("Uddybning af målsætningen"), 30),
    ("actions", gettext_noop("Iværksatte tiltag / konkrete indsatser"), 60),
    ("results", gettext_noop("Resultater"), 60),
    ("initiatives", gettext_noop("Tilknyttede indsatser"), 30),
    ("key_figures", gettext_noop("Nøgletal"), 40),
]
KEY_FIGURE_COLUMNS = [
    ("area", gettext_noop("Område"), 24),
    ("objective", gettext_noop("Strategisk målsætning"), 36),
    ("key_figure", gettext_noop("Nøgletal"), 30),
    ("unit", gettext_noop("Enhed"), 10),
    ("period", gettext_noop("Periode"), 12),
    ("value", gettext_noop("Værdi"), 12),
]
_BOLD = Font(bold=True)


def plan_columns() -> list[tuple[str, int]]:
    """(header, width in characters) of the plan report's initiative sheet."""
    return headers(PLAN_COLUMNS)


def term_columns() -> list[tuple[str, int]]:
    """(header, width in characters) of the election-term workbook's objective sheet."""
    return headers(TERM_COLUMNS)


def plain_text(paragraphs: list[Paragraph]) -> str:
    """Report paragraphs as the text of one cell: a line each, list items with a bullet."""
    return "\n".join(f"• {p.text}" if p.list_item else p.text for p in paragraphs)


class XlsxRenderer(Renderer):
    identifier = "xlsx"
    verbose_name = gettext_lazy("Excel")
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"


@register
class PlanXlsx(XlsxRenderer):
    """The plan or follow-up report: the summary, then one row per initiative × round."""

    report_kind = PLAN

    def lay_out(self, report: PlanReport, progress: Progress | None = None) -> bytes:
        workbook = new_workbook()
        if report.summary is not None:
            summary, columns = report.summary, report.labels["count_columns"]
            resume = self.counts(workbook, _("Resumé"), columns, [*summary.by_theme, summary.total])
            for cell in resume[resume.max_row]:  # I alt
                cell.font = _BOLD
            self.counts(workbook, _("Pr. opfølgning"), [_("Opfølgning"), *columns[1:]], summary.by_round)
        self.money(workbook, report.economy_tables)
        # The initiative number is text: 2.10 must not become the number 2.1.
        sheet = write_sheet(
            workbook,
            _("Indsatser pr. opfølgning"),
            plan_columns(),
            self.rows(report, progress),
            text_columns={1},
            freeze="C2",
            autofilter=True,
            landscape=True,
        )
        kroner_columns(sheet)
        return workbook_bytes(workbook, title=report.document_title)

    def money(self, workbook, tables: list[MoneyTable]) -> None:
        """A sheet per economy table, the amounts as whole kroner (numbers), »I alt« in bold."""
        for table in tables:
            widths = [(column, 30 if index == 0 else 16) for index, column in enumerate(table.header)]
            rows = [[row.label, *row.values] for row in [*table.rows, table.total]]
            sheet = write_sheet(workbook, table.sheet, widths, rows, freeze="B2")
            for row in sheet.iter_rows(min_row=2, min_col=2):
                for cell in row:
                    cell.number_format = KRONER
            for cell in sheet[sheet.max_row]:
                cell.font = _BOLD

    def counts(self, workbook, title: str, columns: list[str], groups: list[SmileyCounts]):
        """A sheet of smiley counts, one row per group, as numbers (a chart can use them)."""
        widths = [(column, 30 if index == 0 else 12) for index, column in enumerate(columns)]
        return write_sheet(workbook, title, widths, [[group.label, *group.cells] for group in groups], freeze="B2")

    def rows(self, report: PlanReport, progress: Progress | None) -> Iterator[list]:
        total, done = report.initiative_count, 0
        for theme in report.themes:
            for initiative in theme.initiatives:
                for line in initiative.rounds:
                    yield [
                        initiative.number,
                        initiative.title,
                        line.round_ordinal,
                        line.round_name,
                        line.milestone,
                        line.effort,
                        line.effort_comment,
                        line.economy,
                        line.economy_comment,
                        line.alternative_financing,
                        line.status,
                        theme.number,
                        theme.title,
                        initiative.kind,
                        initiative.department,
                        initiative.committee,
                        report.agreement,
                        report.title,
                        line.expected_result_kr,
                        line.budget_kr,
                        line.deviation_kr,
                    ]
                done += 1
                if progress:
                    progress(done, total)


@register
class AgreementXlsx(PlanXlsx):
    """The whole agreement: the smileys per committee and in all, then every plan's rows
    (the plan is a column), as the plan report's sheets."""

    report_kind = AGREEMENT

    def lay_out(self, report: AgreementReport, progress: Progress | None = None) -> bytes:
        workbook = new_workbook()
        resume = self.counts(
            workbook, _("Resumé"), report.labels["count_columns"], [*report.by_committee, report.total]
        )
        for cell in resume[resume.max_row]:  # I alt
            cell.font = _BOLD
        self.money(workbook, report.economy_tables)
        rows = (row for plan in report.plans for row in self.rows(plan, None))
        sheet = write_sheet(
            workbook,
            _("Indsatser pr. opfølgning"),
            plan_columns(),
            rows,
            text_columns={1},
            freeze="C2",
            autofilter=True,
            landscape=True,
        )
        kroner_columns(sheet)
        return workbook_bytes(workbook, title=report.document_title)


def kroner_columns(sheet) -> None:
    """The last three columns of the initiative sheet (expected result, budget, deviation) in kroner."""
    first = len(PLAN_COLUMNS) - 2
    for row in sheet.iter_rows(min_row=2, min_col=first, max_col=len(PLAN_COLUMNS)):
        for cell in row:
            cell.number_format = KRONER


@register
class TermXlsx(XlsxRenderer):
    """The election-term status report: one row per strategic objective, and the key
    figures' values as numbers."""

    report_kind = TERM

    def lay_out(self, report: TermReport, progress: Progress | None = None) -> bytes:
        rows = [
            [
                area.name,
                objective.title,
                plain_text(objective.subtitle),
                plain_text(objective.actions),
                plain_text(objective.results),
                "\n".join(objective.initiatives),
                # Sygefravær: 2013: 5,7 pct.; 2014: 5,9 pct.; …
                "\n".join(f"{figure.name}: {figure.values_text}" for figure in objective.key_figures),
            ]
            for area in report.areas
            for objective in area.objectives
        ]
        workbook = new_workbook()
        write_sheet(workbook, _("Strategiske målsætninger"), term_columns(), rows, autofilter=True, landscape=True)
        self.key_figures(workbook, report)
        return workbook_bytes(workbook, title=report.document_title)

    def key_figures(self, workbook, report: TermReport) -> None:
        """Every key figure's values, one row per period, the value a number shown with the
        key figure's own decimals: ready for a pivot table or a chart."""
        figures = [
            (area, objective, figure)
            for area in report.areas
            for objective in area.objectives
            for figure in objective.key_figures
        ]
        rows = [
            [area.name, objective.title, figure.name, figure.unit, period, value]
            for area, objective, figure in figures
            for period, value in figure.series.points
        ]
        sheet = write_sheet(workbook, _("Nøgletal"), headers(KEY_FIGURE_COLUMNS), rows, autofilter=True)
        formats = [
            "0" if decimals == 0 else "0." + "0" * decimals
            for _area, _objective, figure in figures
            for decimals in [decimals_of(figure.series)] * len(figure.series.points)
        ]
        for (cell,), number_format in zip(sheet.iter_rows(min_row=2, min_col=6, max_col=6), formats, strict=True):
            cell.number_format = number_format
