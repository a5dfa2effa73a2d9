"""The reports as Excel workbooks (openpyxl), ready for a pivot table (bold header row,
frozen, autofilter, wrapped text): the plan and follow-up reports as one row per
initiative × round, the election-term status report as one row per objective.
`new_sheet` and `finish` are the layout both share."""

import io
from collections.abc import Callable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .builders import Paragraph, PlanReport
from .term_builders import TermReport


def columns() -> list[tuple[str, int]]:
    """(header, width in characters)."""
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


def new_sheet(title: str, headers: list[tuple[str, int]]):
    """A workbook whose one sheet has a bold header row of (header, width in characters)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit
    sheet.append([header for header, _width in headers])
    for index, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    return workbook, sheet


def append_row(sheet, values: list) -> None:
    """A data row. Text that starts with "=" stays text: openpyxl would store it as a
    formula, and a report must never carry one from the users' texts."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def finish(workbook, sheet, title: str) -> bytes:
    """Wrapped text, frozen header, autofilter, Danish document properties; the file's bytes."""
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = title
    workbook.properties.language = "da-DK"
    workbook.properties.creator = "Milepæl"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_xlsx(report: PlanReport, progress: Callable[[int, int], None] | None = None) -> bytes:
    workbook, sheet = new_sheet(_("Indsatser pr. opfølgning"), columns())
    total, done = report.initiative_count, 0
    for theme in report.themes:
        for initiative in theme.initiatives:
            for line in initiative.rounds:
                append_row(
                    sheet,
                    [
                        report.agreement,
                        report.title,
                        theme.number,
                        theme.title,
                        initiative.number,  # text: 2.10 must not become the number 2.1
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
                    ],
                )
                sheet.cell(row=sheet.max_row, column=5).number_format = "@"
            done += 1
            if progress:
                progress(done, total)
    return finish(workbook, sheet, report.document_title)


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


def render_term_xlsx(report: TermReport) -> bytes:
    """The election-term status report, one row per strategic objective."""
    workbook, sheet = new_sheet(_("Strategiske målsætninger"), term_columns())
    for area in report.areas:
        for objective in area.objectives:
            append_row(
                sheet,
                [
                    area.name,
                    objective.title,
                    plain_text(objective.subtitle),
                    plain_text(objective.actions),
                    plain_text(objective.results),
                    "\n".join(objective.initiatives),
                    # Sygefravær: 2013: 5,7 pct.; 2014: 5,9 pct.; …
                    "\n".join(f"{figure.name}: {figure.values_text}" for figure in objective.key_figures),
                ],
            )
    return finish(workbook, sheet, report.document_title)
