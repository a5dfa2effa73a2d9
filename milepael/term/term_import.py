"""Write a parsed election-term status report into the database: all or nothing, idempotent.

Rows are matched on their natural keys (committee name and the term's years; area and
objective positions), so importing the same file again changes nothing. Areas and
objectives the file no longer has are deleted, so the database shows what the file
says. Key figures and links to initiatives are entered by hand and are left alone on
objectives that remain. A dry run runs the very same code and rolls the transaction
back, so its report is exactly what a real import would do.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _

from milepael.organisation.models import Committee

from .models import Area, ElectionTerm, Objective
from .seed_term import ParsedTerm, decode_term_bytes, parse_term_text


@dataclass
class Change:
    action: str  # "created" | "changed" | "deleted"
    kind: str  # verbose model name
    label: str
    fields: list[str] = field(default_factory=list)

    @property
    def action_display(self) -> str:
        return {"created": _("opret"), "changed": _("ændr"), "deleted": _("slet")}[self.action]


@dataclass
class TermImportReport:
    term: ElectionTerm | None = None
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    def summary(self) -> str:
        if self.dry_run:
            text = _("%(created)d oprettes, %(changed)d ændres, %(deleted)d slettes, %(unchanged)d uændrede.")
        else:
            text = _("%(created)d oprettet, %(changed)d ændret, %(deleted)d slettet, %(unchanged)d uændrede.")
        return text % {
            "created": self.count("created"),
            "changed": self.count("changed"),
            "deleted": self.count("deleted"),
            "unchanged": self.unchanged,
        }


class _DryRunRollback(Exception):
    pass


def import_term_file(data: bytes, *, dry_run: bool = False) -> TermImportReport:
    """Parse and import a status-report file's bytes; raises `TermFormatError` before writing anything."""
    return import_term(parse_term_text(decode_term_bytes(data)), dry_run=dry_run)


def import_term(parsed: ParsedTerm, *, dry_run: bool = False) -> TermImportReport:
    report = TermImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            report.term = _write(parsed, report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _upsert(report: TermImportReport, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    obj = model.objects.filter(**lookup).first()
    verbose = str(model._meta.verbose_name)
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        report.changes.append(Change("created", verbose, str(obj)))
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        report.changes.append(
            Change("changed", verbose, str(obj), [str(model._meta.get_field(n).verbose_name) for n in changed])
        )
    else:
        report.unchanged += 1
    return obj


def _delete_beyond(report: TermImportReport, queryset: models.QuerySet, count: int) -> None:
    """Rows at positions the file no longer has."""
    for obj in queryset.filter(position__gt=count).order_by("position"):
        report.changes.append(Change("deleted", str(obj._meta.verbose_name), str(obj)))
        obj.delete()


def _write(parsed: ParsedTerm, report: TermImportReport) -> ElectionTerm:
    committee = Committee.objects.filter(name__iexact=parsed.committee).first()
    if committee is None:
        committee = _upsert(report, Committee, {"name": parsed.committee}, {})
    objective_heading, actions_heading, results_heading = parsed.column_headings
    term = _upsert(
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
        area = _upsert(
            report,
            Area,
            {"term": term, "position": area_position},
            {"name": area_data.name, "display_name": area_data.display_name},
        )
        for position, data in enumerate(area_data.objectives, start=1):
            _upsert(
                report,
                Objective,
                {"area": area, "position": position},
                {"title": data.title, "subtitle": data.subtitle, "actions": data.actions, "results": data.results},
            )
        _delete_beyond(report, Objective.objects.filter(area=area), len(area_data.objectives))
    _delete_beyond(report, Area.objects.filter(term=term), len(parsed.areas))
    return term
