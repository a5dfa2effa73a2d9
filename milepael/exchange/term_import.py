"""Write a parsed election-term status report into the database: all or nothing, idempotent.

Rows are matched on their natural keys (committee name and the term's years; area and
objective positions), so importing the same file again changes nothing. Areas and
objectives the file no longer has are removed, so the database shows what the file
says. Key figures and links to initiatives are entered by hand and are left alone on
objectives that remain. A dry run runs the very same code and rolls the transaction
back, so its report is exactly what a real import would do (`milepael.core.imports`).
"""

from dataclasses import dataclass

from django.db import models

from milepael.core.imports import ImportReport, all_or_nothing, by_name, remove, upsert
from milepael.organisation.models import Committee
from milepael.term.models import Area, ElectionTerm, Objective

from .seed_term import ParsedTerm, read_term_text


@dataclass
class TermImportReport(ImportReport):
    """What a status-report import did (or would do), and the election term it wrote."""

    term: ElectionTerm | None = None


def import_term_file(data: bytes, *, dry_run: bool = False) -> TermImportReport:
    """Parse and import a status-report file's bytes; raises `TermFormatError` before writing anything."""
    return import_term(read_term_text(data), dry_run=dry_run)


def import_term(parsed: ParsedTerm, *, dry_run: bool = False) -> TermImportReport:
    """Write `parsed`; all or nothing. Raises `RecordError` (nothing written) when a value
    fails the model's validation."""
    report = TermImportReport(dry_run=dry_run)
    with all_or_nothing(dry_run=dry_run):
        report.term = _write(parsed, report)
    return report


def _write(parsed: ParsedTerm, report: TermImportReport) -> ElectionTerm:
    committee = by_name(report, Committee, parsed.committee)
    objective_heading, actions_heading, results_heading = parsed.column_headings
    term = upsert(
        report,
        ElectionTerm,
        {"committee": committee, "start_year": parsed.start_year, "end_year": parsed.end_year},
        {
            "name": parsed.name,
            "title": parsed.title,
            "intro": parsed.intro,
            "objective_heading": objective_heading,
            "actions_heading": actions_heading,
            "results_heading": results_heading,
        },
    )
    for area_position, area_data in enumerate(parsed.areas, start=1):
        area = upsert(
            report,
            Area,
            {"term": term, "position": area_position},
            {"name": area_data.name, "display_name": area_data.display_name},
        )
        for position, data in enumerate(area_data.objectives, start=1):
            upsert(
                report,
                Objective,
                {"area": area, "position": position},
                {"title": data.title, "subtitle": data.subtitle, "actions": data.actions, "results": data.results},
            )
        _remove_beyond(report, Objective.objects.filter(area=area), len(area_data.objectives))
    _remove_beyond(report, Area.objects.filter(term=term), len(parsed.areas))
    return term


def _remove_beyond(report: TermImportReport, queryset: models.QuerySet, count: int) -> None:
    """Rows at positions the file no longer has."""
    for obj in queryset.filter(position__gt=count).order_by("position"):
        remove(report, obj)
