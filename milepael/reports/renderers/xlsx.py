"""The reports as Excel workbooks, ready for a pivot table (bold header row, frozen,
autofilter, wrapped text; the layout of `core.xlsx`): the plan and follow-up reports as
one row per initiative × round, the election-term status report as one row per objective."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from milepael.core.xlsx import new_workbook, workbook_bytes, write_sheet

from ..builders import Paragraph, PlanReport
from ..term_builders import TermReport
from .base import PLAN, TERM, Progress, Renderer, register


def plan_columns() -> list[tuple[str, int]]:
    """(header, width in characters) of the plan report's workbook."""
    return [
        (_("Aftale"), 22),
        (_("Udmøntning"), 30),
        (_("Tema nr."), 9),
        (_("Tema"), 30),
        (_("Indsats nr."), 11),
        (_("Indsats"), 40),
        (_("Type"), 14),
        (_("Ansvarligt center"), 22),
        (_("Ansvarligt udvalg"), 20),
        (_("Opfølgning nr."), 13),
        (_("Opfølgning"), 24),
        (_("Milepæl"), 50),
        (_("Smiley for indsats"), 16),
        (_("Kommentar til indsats"), 40),
        (_("Smiley for økonomi"), 16),
        (_("Kommentar til økonomi"), 40),
        (_("Alternativ finansiering"), 40),
        (_("Status"), 12),
    ]


def term_columns() -> list[tuple[str, int]]:
    """(header, width in characters) of the election-term workbook."""
    return [
        (_("Område"), 24),
        (_("Strategisk målsætning"), 36),
        (_("Uddybning af målsætningen"), 30),
        (_("Iværksatte tiltag / konkrete indsatser"), 60),
        (_("Resultater"), 60),
        (_("Tilknyttede indsatser"), 30),
        (_("Nøgletal"), 40),
    ]


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
    """The plan or follow-up report, one row per initiative × round."""

    report_kind = PLAN

    def render(self, report: PlanReport, progress: Progress | None = None) -> bytes:
        workbook = new_workbook()
        rows = self.rows(report, progress)
        # The initiative number (column 5) is text: 2.10 must not become the number 2.1.
        write_sheet(workbook, _("Indsatser pr. opfølgning"), plan_columns(), rows, text_columns={5}, autofilter=True)
        return workbook_bytes(workbook, title=report.document_title)

    def rows(self, report: PlanReport, progress: Progress | None) -> Iterator[list]:
        total, done = report.initiative_count, 0
        for theme in report.themes:
            for initiative in theme.initiatives:
                for line in initiative.rounds:
                    yield [
                        report.agreement,
                        report.title,
                        theme.number,
                        theme.title,
                        initiative.number,
                        initiative.title,
                        initiative.kind,
                        initiative.department,
                        initiative.committee,
                        line.round_ordinal,
                        line.round_name,
                        line.milestone,
                        line.effort,
                        line.effort_comment,
                        line.economy,
                        line.economy_comment,
                        line.alternative_financing,
                        line.status,
                    ]
                done += 1
                if progress:
                    progress(done, total)


@register
class TermXlsx(XlsxRenderer):
    """The election-term status report, one row per strategic objective."""

    report_kind = TERM

    def render(self, report: TermReport, progress: Progress | None = None) -> bytes:
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
        write_sheet(workbook, _("Strategiske målsætninger"), term_columns(), rows, autofilter=True)
        return workbook_bytes(workbook, title=report.document_title)
