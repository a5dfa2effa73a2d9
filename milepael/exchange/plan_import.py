"""Write a parsed implementation plan into the database: all or nothing, idempotent.

Rows are matched on their natural keys (agreement title, committee name, theme number,
initiative number, round ordinal), so importing the same file again changes nothing.
A dry run runs the very same code and rolls the transaction back, so its report is
exactly what a real import would do (`milepael.core.imports`).

Every reader (seed text, Word, Excel) produces a `ParsedPlan` and comes through
`import_plan`. A file is the whole plan: the plan's initiatives (and milestones) missing
from it are removed and the preview says so — but an initiative that has been rated is
never removed; the import is refused naming it. A format that carries rich text as plain
paragraphs passes `plain_rich_text=True`, so a text that reads the same is left as stored
and a round trip never strips lists or emphasis.

Departments are matched against Milepæl's departments and their other names first
(`departments`). A name never seen is a `NewDepartment` in the report: the caller decides,
per name, to create it or to map it to an existing department (remembered as another name
of it); with `create_departments=False` and no decision the import is refused.

The preview's `fingerprint` goes with the confirm step (`confirm_plan`): if the database
changed in between so the import would now do something else, `PreviewOutdated` carries
the new preview and nothing is written.
"""

import copy
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from milepael.core.imports import (
    Action,
    Change,
    FormatError,
    FormatErrors,
    ImportReport,
    ImportWarning,
    RecordError,
    Sameness,
    all_or_nothing,
    by_name,
    closest,
    remove,
    upsert,
)
from milepael.core.richtext import RichTextField, paragraphs
from milepael.followup.models import Rating
from milepael.organisation.models import Committee, Department, DepartmentAlias
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme

from .departments import DepartmentNames, fold, resolve_departments
from .parsed import ParsedInitiative, ParsedPlan, ParsedTheme
from .seed_plan import read_plan_text

_CONTRIBUTORS = gettext_lazy("væsentlige bidragsydere")


@dataclass
class NewDepartment:
    """A department name the file uses that Milepæl does not know: where it is used, the
    existing department it most resembles, and (once decided) the one it is mapped to."""

    name: str
    initiatives: list[str]
    suggestion: str = ""
    mapped_to: str = ""


@dataclass
class PlanImportReport(ImportReport):
    """What a plan import did (or would do), and the plan it wrote."""

    plan: ImplementationPlan | None = None
    new_departments: list[NewDepartment] = field(default_factory=list)
    # The preview's amounts read from the economy texts (import_amounts.AmountSuggestion).
    amount_suggestions: list = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """What the import does, in short: the confirm step checks it is still the same."""
        parts = [f"{c.action}|{c.kind}|{c.label}|{','.join(c.fields)}" for c in self.changes]
        parts += [f"new|{d.name}" for d in self.new_departments]
        parts += [f"warning|{w.message}" for w in self.warnings_to_accept]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


class PreviewOutdated(Exception):
    """The import would now do something else than the preview showed; `report` is the new one."""

    def __init__(self, report: PlanImportReport):
        self.report = report
        super().__init__("the plan changed since the preview")


class UnknownDepartments(FormatError):
    """The file names departments Milepæl does not know, and no one decided what they are."""

    def __init__(self, departments: list[NewDepartment]):
        self.departments = departments
        names = "; ".join(
            _("»%(name)s« (indsats %(numbers)s)") % {"name": d.name, "numbers": ", ".join(d.initiatives)}
            for d in departments
        )
        super().__init__(
            _("Centre"), _("filen nævner centre, som ikke findes i Milepæl: %(names)s.") % {"names": names}
        )


def import_plan_file(data: bytes, *, dry_run: bool = False) -> PlanImportReport:
    """Parse and import a plan text file's bytes, creating the departments it names;
    raises `PlanFormatError` before writing anything."""
    return import_plan(read_plan_text(data), dry_run=dry_run)


def import_plan(
    parsed: ParsedPlan,
    *,
    dry_run: bool = False,
    remove_missing: bool = True,
    plain_rich_text: bool = False,
    department_choices: Mapping[str, int] | None = None,
    create_departments: bool = True,
) -> PlanImportReport:
    """Write `parsed`; all or nothing. See the module docstring for the keywords;
    `department_choices` maps a new department's name to the pk of the department it is.

    Raises `RecordError` or `FormatErrors` (nothing written) when a value fails the model's
    validation or a row to remove cannot be removed, and `UnknownDepartments`."""
    report = PlanImportReport(dry_run=dry_run, warnings=list(parsed.warnings))
    writer = _PlanWriter(
        report,
        same=_reads_the_same if plain_rich_text else None,
        remove_missing=remove_missing,
        department_choices=department_choices or {},
        create_departments=create_departments,
    )
    try:
        with all_or_nothing(dry_run=dry_run):
            report.plan = writer.write(parsed)
    except IntegrityError as exc:
        # Another import created the same rows at the same moment; its preview was the newer.
        raise FormatError(
            _("Udmøntningen"),
            _("en anden har importeret den samtidig. Upload filen igen for at se, hvad importen nu vil ændre."),
        ) from exc
    return report


def confirm_plan(
    parsed: ParsedPlan,
    *,
    expected_fingerprint: str | None,
    plain_rich_text: bool = False,
    department_choices: Mapping[str, int] | None = None,
) -> PlanImportReport:
    """Import `parsed` as previewed: the preview (made with every new department created) is
    made again with the plan's rows locked, and only if it is still what the user saw is the
    plan imported with the user's `department_choices` — in one transaction, so no other
    import comes in between (without a fingerprint it is imported as it is). Raises
    `PreviewOutdated` with the new preview, or one of the errors of `import_plan`."""
    if expected_fingerprint is None:
        return import_plan(parsed, plain_rich_text=plain_rich_text, department_choices=department_choices)
    with transaction.atomic():
        lock_plan(parsed)
        preview = import_plan(copy.deepcopy(parsed), dry_run=True, plain_rich_text=plain_rich_text)
        if preview.fingerprint != expected_fingerprint:
            raise PreviewOutdated(preview)
        return import_plan(parsed, plain_rich_text=plain_rich_text, department_choices=department_choices)


def lock_plan(parsed: ParsedPlan) -> None:
    """Lock the agreement and the plan `parsed` would write, if they exist, in that order (the
    order every import takes them in): a second import of the plan waits for this transaction."""
    agreement = Agreement.objects.select_for_update().filter(title=parsed.agreement_title).first()
    if agreement is not None:
        plans = ImplementationPlan.objects.select_for_update().filter(
            agreement=agreement, committee__name__iexact=parsed.committee
        )
        list(plans)


def _reads_the_same(field: models.Field, stored, new) -> bool:
    """Rich text that arrived as plain paragraphs is unchanged when its paragraphs read the
    same, list bullets and numbers aside (Word and Excel write those as text, or not at all)."""
    return isinstance(field, RichTextField) and _comparable(stored) == _comparable(new)


_LIST_MARKER_RE = re.compile(r"^(?:[•▪◦●-]\s*|\d{1,3}[.)]\s+)")


def _comparable(fragment: str) -> list[str]:
    return [_LIST_MARKER_RE.sub("", text) for text, _item in paragraphs(fragment or "")]


def missing_definitions(parsed: ParsedPlan) -> list[ImportWarning]:
    """A plan without smiley definitions is possible, but never by accident."""
    effort, economy = any(parsed.effort_definitions), any(parsed.economy_definitions)
    if effort and economy:
        return []
    if not effort and not economy:
        message = _("Filen har ingen definitioner af smileys, hverken for indsats eller økonomi.")
    elif not effort:
        message = _("Filen har ingen definitioner af smileys for indsats (glad, neutral, sur).")
    else:
        message = _("Filen har ingen definitioner af smileys for økonomi (glad, sur).")
    stored = _(" Udmøntningen gemmes uden dem; de kan skrives ind i filen og importeres igen.")
    return [ImportWarning(message + stored, must_accept=True)]


class _PlanWriter:
    """Writes one `ParsedPlan` in named steps. The rows the file may match are loaded once
    per model beforehand, so a re-import costs the same number of queries at any size."""

    def __init__(
        self,
        report: PlanImportReport,
        *,
        same: Sameness | None,
        remove_missing: bool,
        department_choices: Mapping[str, int],
        create_departments: bool,
    ):
        self.report = report
        self.same = same
        self.remove_missing = remove_missing
        self.department_choices = department_choices
        self.create_departments = create_departments
        # Filled by the steps of `write`, by the file's names and the rows' natural keys.
        self.rounds_by_name: dict[str, FollowUpRound] = {}
        self.departments: dict[str, Department] = {}
        self.committees: dict[str, Committee] = {}
        self.known_themes: dict[int, Theme] = {}
        self.known_initiatives: dict[str, Initiative] = {}
        self.known_milestones: dict[tuple[int, int], Milestone] = {}
        self.milestone_rounds: dict[int, set[int]] = {}  # initiative → rounds it has a milestone in
        self.rounds_by_pk: dict[int, FollowUpRound] = {}
        self.known_contributors: dict[int, set[int]] = {}
        self.rated: set[tuple[int, int]] = set()  # (initiative, round) with a rating

    def write(self, parsed: ParsedPlan) -> ImplementationPlan:
        self._departments(parsed)
        self.report.warnings.extend(missing_definitions(parsed))
        agreement = self._agreement(parsed)
        committee = by_name(self.report, Committee, parsed.committee)
        plan = self._plan(parsed, agreement, committee)
        self._rounds(parsed, agreement)
        self.committees = {committee.name: committee}
        self._preload(agreement, plan)
        for theme_data in parsed.themes:
            theme = self._theme(agreement, theme_data)
            for data in theme_data.initiatives:
                initiative = self._initiative(plan, theme, data)
                self._milestones(initiative, data)
        if self.remove_missing:
            self._remove_initiatives(plan, {data.number for data in parsed.initiatives})
        return plan

    # --- departments --------------------------------------------------------------------

    def _departments(self, parsed: ParsedPlan) -> None:
        """Match the file's names against Milepæl's departments (one query each for the
        departments and their other names); decide on the names never seen."""
        existing = list(Department.objects.all())
        aliases = {alias.name: alias.department for alias in DepartmentAlias.objects.select_related("department")}
        resolve_departments(
            parsed, DepartmentNames((d.name for d in existing), {a: d.name for a, d in aliases.items()})
        )
        by_folded = {fold(d.name): d for d in existing}
        by_folded.update({fold(alias): department for alias, department in aliases.items()})
        by_pk = {d.pk: d for d in existing}
        unknown = []
        for name in parsed.departments:
            department = by_folded.get(fold(name))
            if department is None:
                department = self._new_department(parsed, name, existing, by_pk, unknown)
            self.departments[name] = department
        if unknown:
            raise UnknownDepartments(unknown)

    def _new_department(self, parsed, name: str, existing, by_pk, unknown: list) -> Department | None:
        new = NewDepartment(name, parsed.initiatives_naming(name), closest(name, [d.name for d in existing]))
        self.report.new_departments.append(new)
        choice = self.department_choices.get(name)
        if choice is not None:
            department = by_pk.get(choice)
            if department is None:
                raise FormatError(
                    _("Centre"), _("centret, »%(name)s« skulle knyttes til, findes ikke længere.") % {"name": name}
                )
            new.mapped_to = department.name
            upsert(self.report, DepartmentAlias, {"name": name}, {"department": department})
            return department
        if not self.create_departments:
            unknown.append(new)
            return None
        return upsert(self.report, Department, {"name": name}, {})

    # --- the plan and its frame ---------------------------------------------------------

    def _agreement(self, parsed: ParsedPlan) -> Agreement:
        # Locked, with the plan after it (one order for every import): a second import of
        # the same plan waits for this one, and then finds its preview outdated.
        agreement = Agreement.objects.select_for_update().filter(title=parsed.agreement_title).first()
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
        locked = {"plan": ImplementationPlan.objects.select_for_update().filter(**lookup).first()}
        return upsert(self.report, ImplementationPlan, lookup, values, same=self.same, known=locked, key="plan")

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
        self.milestone_rounds = {}
        for initiative_id, round_id in self.known_milestones:
            self.milestone_rounds.setdefault(initiative_id, set()).add(round_id)
        self.rounds_by_pk = {round_.pk: round_ for round_ in FollowUpRound.objects.filter(agreement=agreement)}
        self.known_contributors = {}
        links = Initiative.contributors.through.objects.filter(initiative__plan=plan)
        for initiative_id, department_id in links.values_list("initiative_id", "department_id"):
            self.known_contributors.setdefault(initiative_id, set()).add(department_id)
        self.rated = set(Rating.objects.filter(initiative__plan=plan).values_list("initiative_id", "round_id"))

    # --- themes, initiatives, milestones ------------------------------------------------

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
            self._remove_milestones(initiative, {self.rounds_by_name[m.round_name].pk for m in data.milestones})

    # --- what the file no longer has ----------------------------------------------------

    def _remove_initiatives(self, plan: ImplementationPlan, numbers: set[str]) -> None:
        """Remove the plan's initiatives the file does not have; refuse, naming each, when
        one has ratings (themes and rounds belong to the agreement: kept)."""
        stale = sorted(
            (i for number, i in self.known_initiatives.items() if number not in numbers), key=lambda i: i.sort_key
        )
        rated_rounds = {initiative_id for initiative_id, _round in self.rated}
        refused = [
            RecordError.at(
                initiative,
                _(
                    "står ikke i filen, men har vurderinger og kan derfor ikke slettes. Skriv den ind i filen "
                    "igen, eller bed en administrator om at slette dens vurderinger først."
                ),
            )
            for initiative in stale
            if initiative.pk in rated_rounds
        ]
        if refused:
            raise FormatErrors(refused)
        for initiative in stale:
            remove(self.report, initiative)

    def _remove_milestones(self, initiative: Initiative, wanted_rounds: set[int]) -> None:
        """Remove the initiative's milestones of rounds the file leaves out (a workbook may);
        refuse one whose round the initiative has been rated in."""
        for round_id in sorted(self.milestone_rounds.get(initiative.pk, set()) - wanted_rounds):
            milestone = self.known_milestones.pop((initiative.pk, round_id))
            milestone.initiative, milestone.round = initiative, self.rounds_by_pk[round_id]
            if (initiative.pk, round_id) in self.rated:
                raise RecordError.at(
                    milestone,
                    _("står ikke i filen, men er vurderet i opfølgningen og kan derfor ikke slettes."),
                )
            remove(self.report, milestone)
