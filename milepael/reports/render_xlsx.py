"""The report as an Excel workbook (openpyxl): one row per initiative × round, ready for
a pivot table (header row, frozen, autofilter)."""

import io
from collections.abc import Callable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .builders import PlanReport


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


def render_xlsx(report: PlanReport, progress: Callable[[int, int], None] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indsatser pr. opfølgning")[:31]
    headers = columns()
    sheet.append([header for header, _width in headers])
    for index, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    total, done = report.initiative_count, 0
    for theme in report.themes:
        for initiative in theme.initiatives:
            for line in initiative.rounds:
                sheet.append(
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
                    ]
                )
                sheet.cell(row=sheet.max_row, column=5).number_format = "@"
            done += 1
            if progress:
                progress(done, total)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = report.document_title
    workbook.properties.language = "da-DK"
    workbook.properties.creator = "Milepæl"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
