"""Write a parsed implementation plan into the database: all or nothing, idempotent.

Rows are matched on their natural keys (agreement title, committee name, theme number,
initiative number, round ordinal), so importing the same file again changes nothing.
A dry run runs the very same code and rolls the transaction back, so its report is
exactly what a real import would do.

Every reader (seed text, Excel, Word) produces a `ParsedPlan` and comes through
`import_plan`; the keywords say what the source format can express. A file that holds
the whole plan (the Excel workbook) passes `remove_missing=True`: the plan's initiatives
and milestones missing from the file are deleted. A format that carries rich text as
plain paragraphs passes `plain_rich_text=True`, so a text that reads the same is left as
stored and a round trip never strips lists or emphasis.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from milepael.core.richtext import RichTextField
from milepael.organisation.models import Committee, Department
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme

from .plaintext import rich_text_paragraphs
from .seed_plan import ParsedPlan, decode_plan_bytes, parse_plan_text


@dataclass
class Change:
    action: str  # "created" | "changed" | "removed"
    kind: str  # verbose model name
    label: str
    fields: list[str] = field(default_factory=list)  # for "removed": what is deleted with it

    @property
    def action_display(self) -> str:
        return {"created": _("opret"), "changed": _("ændr"), "removed": _("slet")}[self.action]


class PlanImportError(ValueError):
    """The parsed plan cannot be written (e.g. a row to remove is protected); nothing is written."""


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

    @property
    def removed(self) -> int:
        return sum(1 for c in self.changes if c.action == "removed")

    def summary(self) -> str:
        # Deletions are named only when there are any, so the seed-text import reads as before.
        if self.removed and self.dry_run:
            text = _("%(created)d oprettes, %(changed)d ændres, %(removed)d slettes, %(unchanged)d uændrede.")
        elif self.removed:
            text = _("%(created)d oprettet, %(changed)d ændret, %(removed)d slettet, %(unchanged)d uændrede.")
        elif self.dry_run:
            text = _("%(created)d oprettes, %(changed)d ændres, %(unchanged)d uændrede.")
        else:
            text = _("%(created)d oprettet, %(changed)d ændret, %(unchanged)d uændrede.")
        return text % {
            "created": self.created,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }


class _DryRunRollback(Exception):
    pass


def import_plan_file(data: bytes, *, dry_run: bool = False) -> ImportReport:
    """Parse and import a plan file's bytes; raises `PlanFormatError` before writing anything."""
    return import_plan(parse_plan_text(decode_plan_bytes(data)), dry_run=dry_run)


def import_plan(
    parsed: ParsedPlan, *, dry_run: bool = False, remove_missing: bool = False, plain_rich_text: bool = False
) -> ImportReport:
    """Write `parsed`; all or nothing. See the module docstring for the keywords.

    Raises `PlanImportError` (nothing written) when a value fails the model's validation
    or a row to remove cannot be deleted.
    """
    report = ImportReport(dry_run=dry_run)
    options = _Options(remove_missing=remove_missing, plain_rich_text=plain_rich_text)
    try:
        with transaction.atomic():
            report.plan = _write(parsed, report, options)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


@dataclass(frozen=True)
class _Options:
    remove_missing: bool = False
    plain_rich_text: bool = False


_AS_TODAY = _Options()


def _same(model: type[models.Model], name: str, old, new, options: _Options) -> bool:
    if old == new:
        return True
    if options.plain_rich_text and isinstance(model._meta.get_field(name), RichTextField):
        return rich_text_paragraphs(old) == rich_text_paragraphs(new)
    return False


def _upsert(
    report: ImportReport,
    model: type[models.Model],
    lookup: dict,
    values: dict,
    options: _Options = _AS_TODAY,
    *,
    known: dict | None = None,
    key=None,
) -> models.Model:
    """Create or update the row `lookup` names. `known` (rows fetched beforehand, by `key`)
    saves a query per row on large plans; a created row is added to it."""
    obj = model.objects.filter(**lookup).first() if known is None else known.get(key)
    verbose = str(model._meta.verbose_name)
    if obj is None:
        obj = model(**lookup, **values)
        _full_clean(obj)
        obj.save()
        report.changes.append(Change("created", verbose, str(obj)))
        if known is not None:
            known[key] = obj
        return obj
    changed = [name for name, value in values.items() if not _same(model, name, getattr(obj, name), value, options)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _full_clean(obj)
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


def _full_clean(obj: models.Model) -> None:
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        problems = "; ".join(
            f"{obj._meta.get_field(name).verbose_name}: {' '.join(messages)}"
            if name != NON_FIELD_ERRORS
            else " ".join(messages)
            for name, messages in exc.message_dict.items()
        )
        raise PlanImportError(
            _("%(kind)s %(label)s: %(problems)s")
            % {"kind": str(obj._meta.verbose_name).capitalize(), "label": obj, "problems": problems}
        ) from exc


def _remove(report: ImportReport, obj: models.Model) -> None:
    """Delete `obj` and report it with what goes with it (milestones, ratings, …)."""
    label = str(obj)
    verbose = str(obj._meta.verbose_name)
    try:
        _total, per_model = obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise PlanImportError(
            _("%(kind)s %(label)s kan ikke slettes, fordi andre data henviser til den.")
            % {"kind": verbose.capitalize(), "label": label}
        ) from exc
    also = []
    for model_label, count in per_model.items():
        model = apps.get_model(model_label)
        if model is type(obj) or model._meta.auto_created or not count:
            continue  # the object itself, and many-to-many link rows
        name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        also.append(f"{count} {name}")
    report.changes.append(Change("removed", verbose, label, also))


def _write(parsed: ParsedPlan, report: ImportReport, options: _Options) -> ImplementationPlan:
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
        options,
    )
    rounds = [
        _upsert(report, FollowUpRound, {"agreement": agreement, "ordinal": ordinal}, {"name": name})
        for ordinal, name in enumerate(parsed.rounds, start=1)
    ]
    rounds_by_name = dict(zip(parsed.rounds, rounds, strict=True))
    departments = {name: _by_name(report, Department, name) for name in parsed.departments}
    committees = {committee.name: committee}
    # The rows this file may match, one query per model rather than one per row.
    known_themes = {theme.number: theme for theme in Theme.objects.filter(agreement=agreement)}
    # The related rows too: comparing an initiative's theme or department must not load it.
    known_initiatives = {
        initiative.number: initiative
        for initiative in Initiative.objects.filter(plan=plan).select_related(
            "theme", "responsible_department", "responsible_committee"
        )
    }
    known_milestones = {
        (milestone.initiative_id, milestone.round_id): milestone
        for milestone in Milestone.objects.filter(initiative__plan=plan)
    }
    known_contributors: dict[int, set[int]] = {}
    for initiative_id, department_id in Initiative.contributors.through.objects.filter(
        initiative__plan=plan
    ).values_list("initiative_id", "department_id"):
        known_contributors.setdefault(initiative_id, set()).add(department_id)
    for theme_data in parsed.themes:
        theme = _upsert(
            report,
            Theme,
            {"agreement": agreement, "number": theme_data.number},
            {"title": theme_data.title},
            known=known_themes,
            key=theme_data.number,
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
                options,
                known=known_initiatives,
                key=data.number,
            )
            wanted = {departments[name].pk for name in data.contributors}
            if known_contributors.get(initiative.pk, set()) != wanted:
                is_new = report.changes[-1].action == "created" and report.changes[-1].label == str(initiative)
                initiative.contributors.set(wanted)
                known_contributors[initiative.pk] = wanted
                if not is_new:
                    report.changes.append(
                        Change("changed", str(Initiative._meta.verbose_name), str(initiative), [str(_CONTRIBUTORS)])
                    )
            # Matched by round name: the seed text has every round, a workbook may leave some out.
            for milestone in data.milestones:
                round_ = rounds_by_name[milestone.round_name]
                key = (initiative.pk, round_.pk)
                if key in known_milestones:
                    # Already loaded: its label then needs no query for the initiative and round.
                    known_milestones[key].initiative = initiative
                    known_milestones[key].round = round_
                _upsert(
                    report,
                    Milestone,
                    {"initiative": initiative, "round": round_},
                    {"text": milestone.text},
                    options,
                    known=known_milestones,
                    key=key,
                )
            if options.remove_missing:
                wanted_rounds = {rounds_by_name[m.round_name].pk for m in data.milestones}
                for stale in initiative.milestones.exclude(round__in=wanted_rounds).select_related("round"):
                    _remove(report, stale)
    if options.remove_missing:
        # Themes and rounds belong to the agreement (shared with other committees' plans): kept.
        numbers = [data.number for data in parsed.initiatives]
        for stale in plan.initiatives.exclude(number__in=numbers):
            _remove(report, stale)
    return plan


_CONTRIBUTORS = gettext_lazy("væsentlige bidragsydere")
