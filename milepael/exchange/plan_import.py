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

import hashlib
import re
from collections.abc import Callable, Mapping
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
    Writes,
    closest,
    refresh_statistics,
    stage,
    stage_by_name,
    stage_removal,
)
from milepael.core.richtext import RichTextField, paragraphs
from milepael.followup.models import Rating
from milepael.organisation.models import Committee, Department, DepartmentAlias
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme
from milepael.search.signals import schedule_many

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
    snapshot: str = field(default="", repr=False)  # of the rows the diff was made from
    initiative_count: int = 0  # in the file (a large plan is imported in the background)

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
    expected_fingerprint: str | None = None,
    user=None,
    progress: Callable[[int, str], None] | None = None,
    also: Callable[[PlanImportReport], None] | None = None,
) -> PlanImportReport:
    """Write `parsed`; all or nothing. See the module docstring for the keywords;
    `department_choices` maps a new department's name to the pk of the department it is;
    `user` is who the history names when there is no request (a background task),
    `progress(percent, step)` is told what is happening (jobs.py), and `also(report)` writes
    more in the same transaction (the amounts the preview offered, formats.confirm_upload).

    The file is read, compared and validated before anything is written; the write is one
    short transaction of bulk statements, which first checks that the rows the comparison
    read are still as they were (else it compares again, inside the transaction). A dry run
    writes nothing. With `expected_fingerprint` (`confirm_plan`) nothing is written unless
    the preview is still what the user saw.

    Raises `RecordError` or `FormatErrors` (nothing written) when a value fails the model's
    validation or a row to remove cannot be removed, `UnknownDepartments`, and `PreviewOutdated`."""
    options = {
        "remove_missing": remove_missing,
        "same": _reads_the_same if plain_rich_text else None,
        "department_choices": department_choices or {},
        "create_departments": create_departments,
    }

    def diff() -> tuple[PlanImportReport, Writes]:
        if expected_fingerprint is not None:
            # The preview is made with every new department created (no choices yet).
            preview, _writes = _diff(parsed, {**options, "department_choices": {}, "create_departments": True}, True)
            if preview.fingerprint != expected_fingerprint:
                raise PreviewOutdated(preview)
        return _diff(parsed, options, dry_run)

    if progress:
        progress(15, _("Sammenligner filen med det gemte"))
    report, writes = diff()
    if dry_run:
        return report
    if progress:
        progress(60, _("Gemmer ændringerne og opdaterer søgningen"))
    try:
        with transaction.atomic():
            _lock(parsed)
            if _snapshot(parsed) != report.snapshot:
                report, writes = diff()  # changed meanwhile: compare again, this time inside
            _write(report, writes, user)
            if also is not None:
                also(report)
    except IntegrityError as exc:
        # Another import created the same rows at the same moment; its preview was the newer.
        raise FormatError(
            _("Udmøntningen"),
            _("en anden har importeret den samtidig. Upload filen igen for at se, hvad importen nu vil ændre."),
        ) from exc
    refresh_statistics(writes)
    return report


def confirm_plan(
    parsed: ParsedPlan,
    *,
    expected_fingerprint: str | None,
    plain_rich_text: bool = False,
    department_choices: Mapping[str, int] | None = None,
    user=None,
    progress: Callable[[int, str], None] | None = None,
    also: Callable[[PlanImportReport], None] | None = None,
) -> PlanImportReport:
    """Import `parsed` as previewed: the preview (made with every new department created) is
    made again, and only if it is still what the user saw is the plan imported with the
    user's `department_choices`; the write checks that nothing changed since (without a
    fingerprint it is imported as it is). Raises `PreviewOutdated` with the new preview, or
    one of the errors of `import_plan`."""
    return import_plan(
        parsed,
        plain_rich_text=plain_rich_text,
        department_choices=department_choices,
        expected_fingerprint=expected_fingerprint,
        user=user,
        progress=progress,
        also=also,
    )


# Parents before children: the order `Writes.apply` creates rows in.
_WRITE_ORDER = [Department, DepartmentAlias, Agreement, Committee, ImplementationPlan, FollowUpRound, Theme]
_WRITE_ORDER += [Initiative, Milestone]


def _diff(parsed: ParsedPlan, options: dict, dry_run: bool) -> tuple[PlanImportReport, Writes]:
    """What importing `parsed` would do, read and validated, nothing written (`parsed` is
    left as it is: matching the departments changes the initiatives)."""
    parsed = parsed.copy_for_matching()
    snapshot = _snapshot(parsed)  # before reading: a write after it shows as a difference
    report = PlanImportReport(dry_run=dry_run, warnings=list(parsed.warnings))
    writes = Writes()
    report.initiative_count = len(parsed.initiatives)
    report.plan = _PlanWriter(report, writes, **options).write(parsed)
    report.snapshot = snapshot
    return report, writes


def _write(report: PlanImportReport, writes: Writes, user) -> None:
    writes.apply(_WRITE_ORDER, user=user, reason=str(_("Importeret udmøntning")))
    # The search index once for the whole import, not per row (search.signals).
    schedule_many("initiative", [i.pk for i in writes.created.get(Initiative, [])])
    schedule_many("initiative", [obj.pk for obj, _f in writes.changed.get(Initiative, {}).values()])
    schedule_many("initiative", [m.initiative_id for m in writes.created.get(Milestone, [])])
    schedule_many("initiative", [obj.initiative_id for obj, _f in writes.changed.get(Milestone, {}).values()])


def _lock(parsed: ParsedPlan) -> None:
    """Lock the agreement and its plans, if they exist (PostgreSQL; SQLite has one writer
    anyway): a second import of the plan waits, then finds the rows changed and compares again."""
    agreement = Agreement.objects.select_for_update().filter(title=parsed.agreement_title).first()
    if agreement is not None:
        list(ImplementationPlan.objects.select_for_update().filter(agreement=agreement).values_list("pk"))


def _snapshot(parsed: ParsedPlan) -> str:
    """A digest of every row an import of `parsed` reads to decide what to do: if it is the
    same inside the write transaction, the diff made before it still holds."""
    digest = hashlib.sha256()
    agreement = Agreement.objects.filter(title=parsed.agreement_title).values_list("pk", "title", "budget_year")
    queries = [
        Department.objects.values_list("pk", "name"),
        DepartmentAlias.objects.values_list("name", "department_id"),
        Committee.objects.values_list("pk", "name"),
        agreement,
    ]
    for row in list(agreement):
        plans = ImplementationPlan.objects.filter(agreement_id=row[0])
        on_plans = {"initiative__plan__agreement_id": row[0]}
        queries += [
            plans.order_by("pk").values_list(),
            FollowUpRound.objects.filter(agreement_id=row[0]).order_by("pk").values_list("pk", "ordinal", "name"),
            Theme.objects.filter(agreement_id=row[0]).order_by("pk").values_list(),
            Initiative.objects.filter(plan__agreement_id=row[0]).order_by("pk").values_list(),
            Milestone.objects.filter(**on_plans).order_by("pk").values_list(),
            Initiative.contributors.through.objects.filter(**on_plans).order_by("pk").values_list(),
            Rating.objects.filter(**on_plans).order_by("pk").values_list("initiative_id", "round_id"),
        ]
    for query in queries:
        for row in query.order_by("pk"):
            digest.update(repr(row).encode())
        digest.update(b"|")
    return digest.hexdigest()


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
    """Works out, in named steps, what writing one `ParsedPlan` takes, staging it in `writes`
    (nothing is written here). The rows the file may match are loaded once per model
    beforehand, so the cost in queries is the same at any size."""

    def __init__(
        self,
        report: PlanImportReport,
        writes: Writes,
        *,
        same: Sameness | None,
        remove_missing: bool,
        department_choices: Mapping[str, int],
        create_departments: bool,
    ):
        self.report = report
        self.writes = writes
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
        self.known_milestones: dict[tuple, Milestone] = {}  # (initiative number, round ordinal)
        self.milestone_rounds: dict[str, set[int]] = {}  # initiative number → ordinals it has a milestone in
        self.rounds_by_ordinal: dict[int, FollowUpRound] = {}
        self.known_contributors: dict[str, set[int]] = {}  # initiative number → department pks
        self.rated: set[tuple[str, int]] = set()  # (initiative number, round ordinal) with a rating
        self.contributors_wanted: dict[str, tuple] = {}  # number → (initiative, wanted, stored)

    def write(self, parsed: ParsedPlan) -> ImplementationPlan:
        self._departments(parsed)
        self.report.warnings.extend(missing_definitions(parsed))
        agreement = self._agreement(parsed)
        committee = stage_by_name(self.report, self.writes, Committee, parsed.committee)
        plan = self._plan(parsed, agreement, committee)
        self._preload(agreement, plan)
        self._rounds(parsed, agreement)
        self.committees = {committee.name: committee}
        for theme_data in parsed.themes:
            theme = self._theme(agreement, theme_data)
            for data in theme_data.initiatives:
                initiative = self._initiative(plan, theme, data)
                self._milestones(initiative, data)
        self._stage_contributors()
        if self.remove_missing:
            self._remove_initiatives({data.number for data in parsed.initiatives})
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
                by_folded[fold(name)] = department
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
            self._stage(DepartmentAlias, {"name": name}, {"department": department}, known={}, key=name)
            return department
        if not self.create_departments:
            unknown.append(new)
            return None
        return self._stage(Department, {"name": name}, {}, known={}, key=name)

    def _stage(self, model, lookup: dict, values: dict, **kwargs):
        return stage(self.report, self.writes, model, lookup, values, **kwargs)

    # --- the plan and its frame ---------------------------------------------------------

    def _agreement(self, parsed: ParsedPlan) -> Agreement:
        agreement = Agreement.objects.filter(title=parsed.agreement_title).first()
        if agreement is not None:
            self.report.unchanged += 1
            return agreement
        lookup = {"title": parsed.agreement_title}
        return self._stage(Agreement, lookup, {"budget_year": parsed.budget_year}, known={}, key=None)

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
        stored = None
        if agreement.pk is not None and committee.pk is not None:
            stored = ImplementationPlan.objects.filter(**lookup).first()
        return self._stage(ImplementationPlan, lookup, values, same=self.same, known={"plan": stored}, key="plan")

    def _rounds(self, parsed: ParsedPlan, agreement: Agreement) -> None:
        rounds = [
            self._stage(
                FollowUpRound,
                {"agreement": agreement, "ordinal": ordinal},
                {"name": name},
                known=self.rounds_by_ordinal,
                key=ordinal,
            )
            for ordinal, name in enumerate(parsed.rounds, start=1)
        ]
        self.rounds_by_name = dict(zip(parsed.rounds, rounds, strict=True))

    def _preload(self, agreement: Agreement, plan: ImplementationPlan) -> None:
        """The rows this file may match, one query per model rather than one per row; keyed
        by natural keys, which rows staged for creation have too."""
        if agreement.pk is None:
            return  # a new agreement: everything in it is new
        self.rounds_by_ordinal = {r.ordinal: r for r in FollowUpRound.objects.filter(agreement=agreement)}
        self.known_themes = {theme.number: theme for theme in Theme.objects.filter(agreement=agreement)}
        if plan.pk is None:
            return
        rounds_by_pk = {round_.pk: round_ for round_ in self.rounds_by_ordinal.values()}
        # The related rows too: comparing an initiative's theme or department must not load it.
        self.known_initiatives = {
            initiative.number: initiative
            for initiative in Initiative.objects.filter(plan=plan).select_related(
                "theme", "responsible_department", "responsible_committee"
            )
        }
        by_pk = {initiative.pk: initiative for initiative in self.known_initiatives.values()}
        for milestone in Milestone.objects.filter(initiative__plan=plan):
            # Its label then needs no query for the initiative and round.
            milestone.initiative = by_pk[milestone.initiative_id]
            milestone.round = rounds_by_pk[milestone.round_id]
            key = (milestone.initiative.number, milestone.round.ordinal)
            self.known_milestones[key] = milestone
            self.milestone_rounds.setdefault(key[0], set()).add(key[1])
        links = Initiative.contributors.through.objects.filter(initiative__plan=plan)
        for initiative_id, department_id in links.values_list("initiative_id", "department_id"):
            self.known_contributors.setdefault(by_pk[initiative_id].number, set()).add(department_id)
        ratings = Rating.objects.filter(initiative__plan=plan).values_list("initiative_id", "round_id")
        self.rated = {(by_pk[i].number, rounds_by_pk[r].ordinal) for i, r in ratings}

    # --- themes, initiatives, milestones ------------------------------------------------

    def _theme(self, agreement: Agreement, data: ParsedTheme) -> Theme:
        lookup = {"agreement": agreement, "number": data.number}
        return self._stage(Theme, lookup, {"title": data.title}, known=self.known_themes, key=data.number)

    def _initiative(self, plan: ImplementationPlan, theme: Theme, data: ParsedInitiative) -> Initiative:
        committee = self.committees.get(data.responsible_committee) or stage_by_name(
            self.report, self.writes, Committee, data.responsible_committee
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
        initiative = self._stage(
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
        wanted = [self.departments[name] for name in data.contributors]
        stored = self.known_contributors.get(initiative.number, set())
        if not is_new and stored == {d.pk for d in wanted}:
            return
        self.contributors_wanted[initiative.number] = (initiative, wanted, stored)
        if not is_new:  # a new initiative's contributors are part of its creation
            kind = str(Initiative._meta.verbose_name)
            self.report.changes.append(Change(Action.CHANGED, kind, str(initiative), [str(_CONTRIBUTORS)]))

    def _stage_contributors(self) -> None:
        """The link rows to add and remove, written once the initiatives have their keys."""
        changes = list(self.contributors_wanted.values())
        through = Initiative.contributors.through

        def write_links() -> None:
            stale = models.Q()
            new = []
            for initiative, wanted, stored in changes:
                wanted_pks = {d.pk for d in wanted}
                if stored - wanted_pks:
                    stale |= models.Q(initiative_id=initiative.pk, department_id__in=stored - wanted_pks)
                new += [through(initiative_id=initiative.pk, department_id=pk) for pk in wanted_pks - stored]
            if stale:
                through.objects.filter(stale).delete()
            through.objects.bulk_create(new, batch_size=500)

        if changes:
            self.writes.after.append(write_links)

    def _milestones(self, initiative: Initiative, data: ParsedInitiative) -> None:
        # Matched by round name: the seed text has every round, a workbook may leave some out.
        for milestone in data.milestones:
            round_ = self.rounds_by_name[milestone.round_name]
            self._stage(
                Milestone,
                {"initiative": initiative, "round": round_},
                {"text": milestone.text},
                same=self.same,
                known=self.known_milestones,
                key=(initiative.number, round_.ordinal),
            )
        if self.remove_missing:
            wanted = {self.rounds_by_name[m.round_name].ordinal for m in data.milestones}
            self._remove_milestones(initiative, wanted)

    # --- what the file no longer has ----------------------------------------------------

    def _remove_initiatives(self, numbers: set[str]) -> None:
        """Remove the plan's initiatives the file does not have; refuse, naming each, when
        one has ratings (themes and rounds belong to the agreement: kept)."""
        stale = sorted(
            (i for number, i in self.known_initiatives.items() if number not in numbers), key=lambda i: i.sort_key
        )
        rated = {number for number, _round in self.rated}
        refused = [
            RecordError.at(
                initiative,
                _(
                    "står ikke i filen, men har vurderinger og kan derfor ikke slettes. Skriv den ind i filen "
                    "igen, eller bed en administrator om at slette dens vurderinger først."
                ),
            )
            for initiative in stale
            if initiative.number in rated
        ]
        if refused:
            raise FormatErrors(refused)
        for initiative in stale:
            stage_removal(self.report, self.writes, initiative)

    def _remove_milestones(self, initiative: Initiative, wanted_rounds: set[int]) -> None:
        """Remove the initiative's milestones of rounds the file leaves out (a workbook may);
        refuse one whose round the initiative has been rated in."""
        for ordinal in sorted(self.milestone_rounds.get(initiative.number, set()) - wanted_rounds):
            milestone = self.known_milestones.pop((initiative.number, ordinal))
            if (initiative.number, ordinal) in self.rated:
                raise RecordError.at(
                    milestone,
                    _("står ikke i filen, men er vurderet i opfølgningen og kan derfor ikke slettes."),
                )
            stage_removal(self.report, self.writes, milestone)
