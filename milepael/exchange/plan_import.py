"""Write a parsed implementation plan into the database: all or nothing, idempotent.

Rows are matched on their natural keys (agreement title, committee name, theme number,
initiative number, round ordinal), so importing the same file again changes nothing.
A dry run runs the very same code and rolls the transaction back, so its report is
exactly what a real import would do.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from milepael.organisation.models import Committee, Department
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme

from .seed_plan import ParsedPlan, decode_plan_bytes, parse_plan_text


@dataclass
class Change:
    action: str  # "created" | "changed"
    kind: str  # verbose model name
    label: str
    fields: list[str] = field(default_factory=list)

    @property
    def action_display(self) -> str:
        return {"created": _("opret"), "changed": _("ændr")}[self.action]


@dataclass
class ImportReport:
    plan: ImplementationPlan | None = None
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def created(self) -> int:
        return sum(1 for c in self.changes if c.action == "created")

    @property
    def changed(self) -> int:
        return sum(1 for c in self.changes if c.action == "changed")

    def summary(self) -> str:
        if self.dry_run:
            text = _("%(created)d oprettes, %(changed)d ændres, %(unchanged)d uændrede.")
        else:
            text = _("%(created)d oprettet, %(changed)d ændret, %(unchanged)d uændrede.")
        return text % {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }


class _DryRunRollback(Exception):
    pass


def import_plan_file(data: bytes, *, dry_run: bool = False) -> ImportReport:
    """Parse and import a plan file's bytes; raises `PlanFormatError` before writing anything."""
    return import_plan(parse_plan_text(decode_plan_bytes(data)), dry_run=dry_run)


def import_plan(parsed: ParsedPlan, *, dry_run: bool = False) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            report.plan = _write(parsed, report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _upsert(report: ImportReport, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
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


def _by_name(report: ImportReport, model: type[models.Model], name: str) -> models.Model:
    existing = model.objects.filter(name__iexact=name).first()
    return existing or _upsert(report, model, {"name": name}, {})


def _write(parsed: ParsedPlan, report: ImportReport) -> ImplementationPlan:
    agreement = Agreement.objects.filter(title=parsed.agreement_title).first()
    if agreement is None:
        agreement = _upsert(report, Agreement, {"title": parsed.agreement_title}, {"budget_year": parsed.budget_year})
    else:
        report.unchanged += 1
    committee = _by_name(report, Committee, parsed.committee)
    effort = parsed.effort_definitions or ["", "", ""]
    economy = parsed.economy_definitions or ["", ""]
    plan = _upsert(
        report,
        ImplementationPlan,
        {"agreement": agreement, "committee": committee},
        {
            "title": parsed.title,
            "date": parsed.date,
            "contact_person": parsed.contact_person,
            "phone": parsed.phone,
            "email": parsed.email,
            "case_id": parsed.case_id,
            "intro": parsed.intro,
            "effort_green_definition": effort[0],
            "effort_yellow_definition": effort[1],
            "effort_red_definition": effort[2],
            "economy_intro": parsed.economy_intro,
            "economy_green_definition": economy[0],
            "economy_red_definition": economy[1],
        },
    )
    rounds = [
        _upsert(report, FollowUpRound, {"agreement": agreement, "ordinal": ordinal}, {"name": name})
        for ordinal, name in enumerate(parsed.rounds, start=1)
    ]
    departments = {name: _by_name(report, Department, name) for name in parsed.departments}
    committees = {committee.name: committee}
    for theme_data in parsed.themes:
        theme = _upsert(
            report, Theme, {"agreement": agreement, "number": theme_data.number}, {"title": theme_data.title}
        )
        for data in theme_data.initiatives:
            responsible_committee = committees.get(data.responsible_committee) or _by_name(
                report, Committee, data.responsible_committee
            )
            committees[data.responsible_committee] = responsible_committee
            initiative = _upsert(
                report,
                Initiative,
                {"plan": plan, "number": data.number},
                {
                    "theme": theme,
                    "title": data.title,
                    "kind": data.kind,
                    "description": data.description,
                    "responsible_department": departments[data.responsible_department],
                    "responsible_committee": responsible_committee,
                    "contributors_text": data.contributors_text,
                    "implementation_note": data.implementation_note,
                    "economy_text": data.economy_text,
                },
            )
            wanted = {departments[name].pk for name in data.contributors}
            if set(initiative.contributors.values_list("pk", flat=True)) != wanted:
                is_new = report.changes[-1].action == "created" and report.changes[-1].label == str(initiative)
                initiative.contributors.set(wanted)
                if not is_new:
                    report.changes.append(
                        Change("changed", str(Initiative._meta.verbose_name), str(initiative), [str(_CONTRIBUTORS)])
                    )
            for round_, milestone in zip(rounds, data.milestones, strict=True):
                _upsert(report, Milestone, {"initiative": initiative, "round": round_}, {"text": milestone.text})
    return plan


_CONTRIBUTORS = gettext_lazy("væsentlige bidragydere")
