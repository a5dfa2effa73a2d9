"""Write a parsed implementation plan into the database: all or nothing, idempotent.

Rows are matched on their natural keys (agreement title, committee name, theme number,
initiative number, round ordinal), so importing the same file again changes nothing.
A dry run runs the very same code and rolls the transaction back, so its report is
exactly what a real import would do (`milepael.core.imports`).

Every reader (seed text, Excel, Word) produces a `ParsedPlan` and comes through
`import_plan`; the keywords say what the source format can express. A file that holds
the whole plan (the Excel workbook) passes `remove_missing=True`: the plan's initiatives
and milestones missing from the file are removed. A format that carries rich text as
plain paragraphs passes `plain_rich_text=True`, so a text that reads the same is left as
stored and a round trip never strips lists or emphasis.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy

from milepael.core.imports import Action, Change, ImportReport, Sameness, all_or_nothing, by_name, remove, upsert
from milepael.core.richtext import RichTextField
from milepael.organisation.models import Committee, Department
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme

from .plaintext import rich_text_paragraphs
from .seed_plan import ParsedInitiative, ParsedPlan, ParsedTheme, read_plan_text

_CONTRIBUTORS = gettext_lazy("væsentlige bidragsydere")


@dataclass
class PlanImportReport(ImportReport):
    """What a plan import did (or would do), and the plan it wrote."""

    plan: ImplementationPlan | None = None


def import_plan_file(data: bytes, *, dry_run: bool = False) -> PlanImportReport:
    """Parse and import a plan file's bytes; raises `PlanFormatError` before writing anything."""
    return import_plan(read_plan_text(data), dry_run=dry_run)


def import_plan(
    parsed: ParsedPlan, *, dry_run: bool = False, remove_missing: bool = False, plain_rich_text: bool = False
) -> PlanImportReport:
    """Write `parsed`; all or nothing. See the module docstring for the keywords.

    Raises `RecordError` (nothing written) when a value fails the model's validation or a
    row to remove cannot be removed.
    """
    report = PlanImportReport(dry_run=dry_run)
    writer = _PlanWriter(report, same=_reads_the_same if plain_rich_text else None, remove_missing=remove_missing)
    with all_or_nothing(dry_run=dry_run):
        report.plan = writer.write(parsed)
    return report


def _reads_the_same(field: models.Field, stored, new) -> bool:
    """Rich text that arrived as plain paragraphs is unchanged when its paragraphs read the same."""
    return isinstance(field, RichTextField) and rich_text_paragraphs(stored) == rich_text_paragraphs(new)


class _PlanWriter:
    """Writes one `ParsedPlan` in named steps. The rows the file may match are loaded once
    per model beforehand, so a re-import costs the same number of queries at any size."""

    def __init__(self, report: PlanImportReport, *, same: Sameness | None, remove_missing: bool):
        self.report = report
        self.same = same
        self.remove_missing = remove_missing
        # Filled by the steps of `write`, by the file's names and the rows' natural keys.
        self.rounds_by_name: dict[str, FollowUpRound] = {}
        self.departments: dict[str, Department] = {}
        self.committees: dict[str, Committee] = {}
        self.known_themes: dict[int, Theme] = {}
        self.known_initiatives: dict[str, Initiative] = {}
        self.known_milestones: dict[tuple[int, int], Milestone] = {}
        self.known_contributors: dict[int, set[int]] = {}

    def write(self, parsed: ParsedPlan) -> ImplementationPlan:
        agreement = self._agreement(parsed)
        committee = by_name(self.report, Committee, parsed.committee)
        plan = self._plan(parsed, agreement, committee)
        self._rounds(parsed, agreement)
        self.departments = {name: by_name(self.report, Department, name) for name in parsed.departments}
        self.committees = {committee.name: committee}
        self._preload(agreement, plan)
        for theme_data in parsed.themes:
            theme = self._theme(agreement, theme_data)
            for data in theme_data.initiatives:
                initiative = self._initiative(plan, theme, data)
                self._milestones(initiative, data)
        if self.remove_missing:
            # Themes and rounds belong to the agreement (shared with other committees' plans): kept.
            numbers = [data.number for data in parsed.initiatives]
            for stale in plan.initiatives.exclude(number__in=numbers):
                remove(self.report, stale)
        return plan

    def _agreement(self, parsed: ParsedPlan) -> Agreement:
        agreement = Agreement.objects.filter(title=parsed.agreement_title).first()
        if agreement is not None:
            self.report.unchanged += 1
            return agreement
        return upsert(self.report, Agreement, {"title": parsed.agreement_title}, {"budget_year": parsed.budget_year})

    def _plan(self, parsed: ParsedPlan, agreement: Agreement, committee: Committee) -> ImplementationPlan:
        effort = parsed.effort_definitions or ["", "", ""]
        economy = parsed.economy_definitions or ["", ""]
        values = {
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
        }
        lookup = {"agreement": agreement, "committee": committee}
        return upsert(self.report, ImplementationPlan, lookup, values, same=self.same)

    def _rounds(self, parsed: ParsedPlan, agreement: Agreement) -> None:
        rounds = [
            upsert(self.report, FollowUpRound, {"agreement": agreement, "ordinal": ordinal}, {"name": name})
            for ordinal, name in enumerate(parsed.rounds, start=1)
        ]
        self.rounds_by_name = dict(zip(parsed.rounds, rounds, strict=True))

    def _preload(self, agreement: Agreement, plan: ImplementationPlan) -> None:
        """The rows this file may match, one query per model rather than one per row."""
        self.known_themes = {theme.number: theme for theme in Theme.objects.filter(agreement=agreement)}
        # The related rows too: comparing an initiative's theme or department must not load it.
        self.known_initiatives = {
            initiative.number: initiative
            for initiative in Initiative.objects.filter(plan=plan).select_related(
                "theme", "responsible_department", "responsible_committee"
            )
        }
        self.known_milestones = {
            (milestone.initiative_id, milestone.round_id): milestone
            for milestone in Milestone.objects.filter(initiative__plan=plan)
        }
        self.known_contributors = {}
        links = Initiative.contributors.through.objects.filter(initiative__plan=plan)
        for initiative_id, department_id in links.values_list("initiative_id", "department_id"):
            self.known_contributors.setdefault(initiative_id, set()).add(department_id)

    def _theme(self, agreement: Agreement, data: ParsedTheme) -> Theme:
        lookup = {"agreement": agreement, "number": data.number}
        return upsert(self.report, Theme, lookup, {"title": data.title}, known=self.known_themes, key=data.number)

    def _initiative(self, plan: ImplementationPlan, theme: Theme, data: ParsedInitiative) -> Initiative:
        committee = self.committees.get(data.responsible_committee) or by_name(
            self.report, Committee, data.responsible_committee
        )
        self.committees[data.responsible_committee] = committee
        is_new = data.number not in self.known_initiatives
        values = {
            "theme": theme,
            "title": data.title,
            "kind": data.kind,
            "description": data.description,
            "responsible_department": self.departments[data.responsible_department],
            "responsible_committee": committee,
            "contributors_text": data.contributors_text,
            "implementation_note": data.implementation_note,
            "economy_text": data.economy_text,
        }
        initiative = upsert(
            self.report,
            Initiative,
            {"plan": plan, "number": data.number},
            values,
            same=self.same,
            known=self.known_initiatives,
            key=data.number,
        )
        self._contributors(initiative, data, is_new=is_new)
        return initiative

    def _contributors(self, initiative: Initiative, data: ParsedInitiative, *, is_new: bool) -> None:
        wanted = {self.departments[name].pk for name in data.contributors}
        if self.known_contributors.get(initiative.pk, set()) == wanted:
            return
        initiative.contributors.set(wanted)
        self.known_contributors[initiative.pk] = wanted
        if not is_new:  # a new initiative's contributors are part of its creation
            kind = str(Initiative._meta.verbose_name)
            self.report.changes.append(Change(Action.CHANGED, kind, str(initiative), [str(_CONTRIBUTORS)]))

    def _milestones(self, initiative: Initiative, data: ParsedInitiative) -> None:
        # Matched by round name: the seed text has every round, a workbook may leave some out.
        for milestone in data.milestones:
            round_ = self.rounds_by_name[milestone.round_name]
            key = (initiative.pk, round_.pk)
            if key in self.known_milestones:
                # Already loaded: its label then needs no query for the initiative and round.
                self.known_milestones[key].initiative = initiative
                self.known_milestones[key].round = round_
            upsert(
                self.report,
                Milestone,
                {"initiative": initiative, "round": round_},
                {"text": milestone.text},
                same=self.same,
                known=self.known_milestones,
                key=key,
            )
        if self.remove_missing:
            wanted_rounds = {self.rounds_by_name[m.round_name].pk for m in data.milestones}
            for stale in initiative.milestones.exclude(round__in=wanted_rounds).select_related("round"):
                remove(self.report, stale)
