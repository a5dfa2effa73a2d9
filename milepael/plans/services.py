"""Carrying a plan over to next year's agreement (videreførelse), and creating the plans of
an agreement from its skeleton (`create_plans_from_skeleton`, below).

`carry_over` copies chosen initiatives of this year's plan into the same committee's plan
of the target agreement: same number, title, kind, texts, responsibilities and
contributors, linked to their predecessor, without ratings. Themes missing in the target
agreement are copied, the year's four rounds are created when the agreement has none, and
every copy gets a milestone row per round (blank, or with last year's text by ordinal when
asked). All or nothing, and safe to run again: an initiative already carried over (or whose
number is taken in the target plan) is skipped and reported.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from milepael.core.imports import ImportReport, all_or_nothing, upsert
from milepael.organisation import permissions
from milepael.organisation.models import Committee, Department
from milepael.organisation.permissions import User

from .models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme


def new_agreement_title(year: int) -> str:
    # The agreement's name is a Danish title (data), not UI text; it is the same in every language.
    return f"Aftale om budget {year}"


def round_names(year: int) -> list[str]:
    """The budget follow-up calendar of a year: three budget follow-ups and the year end."""
    return [
        f"1. budgetopfølgning {year}",
        f"2. budgetopfølgning {year}",
        f"3. budgetopfølgning {year}",
        f"31.12.{year}",
    ]


@dataclass
class CarriedInitiative:
    number: str
    title: str
    reason: str = ""  # why it was skipped


@dataclass
class CarryOverReport:
    """What a carry-over created (or, with dry_run, would create). Only plain values, so a
    dry run's report is still valid after the rollback."""

    dry_run: bool
    agreement_title: str = ""
    agreement_created: bool = False
    plan_title: str = ""
    plan_created: bool = False
    plan_pk: int | None = None
    themes_created: list[str] = field(default_factory=list)
    rounds_created: list[str] = field(default_factory=list)
    created: list[CarriedInitiative] = field(default_factory=list)
    skipped: list[CarriedInitiative] = field(default_factory=list)
    milestones_created: int = 0
    milestone_texts_copied: int = 0


def carry_over(
    *,
    source_plan: ImplementationPlan,
    user: User,
    initiatives: Iterable[Initiative | int],
    target_agreement: Agreement | None = None,
    new_agreement_year: int | None = None,
    copy_milestone_texts: bool = False,
    dry_run: bool = False,
) -> CarryOverReport:
    """Carry `initiatives` (of `source_plan`) over to `target_agreement`, or to a new
    agreement »Aftale om budget <new_agreement_year>« (reused if it already exists)."""
    if not permissions.can_carry_over(user):
        raise PermissionDenied(_("Du har ikke adgang til at gøre dette."))
    if (target_agreement is None) == (new_agreement_year is None):
        raise ValueError("give either target_agreement or new_agreement_year")
    report = CarryOverReport(dry_run=dry_run)
    with all_or_nothing(dry_run=dry_run):
        _carry_over(
            report,
            source_plan=source_plan,
            user=user,
            initiatives=initiatives,
            target_agreement=target_agreement,
            new_agreement_year=new_agreement_year,
            copy_texts=copy_milestone_texts,
        )
    return report


def _carry_over(
    report: CarryOverReport,
    *,
    source_plan: ImplementationPlan,
    user: User,
    initiatives: Iterable[Initiative | int],
    target_agreement: Agreement | None,
    new_agreement_year: int | None,
    copy_texts: bool,
) -> None:
    if target_agreement is None:
        target_agreement, report.agreement_created = Agreement.objects.get_or_create(
            title=new_agreement_title(new_agreement_year), defaults={"budget_year": new_agreement_year}
        )
    target_agreement = Agreement.objects.select_for_update().get(pk=target_agreement.pk)
    if target_agreement.pk == source_plan.agreement_id:
        raise ValidationError(_("Vælg en anden aftale end udmøntningens egen."))
    report.agreement_title = target_agreement.title

    plan = _target_plan(report, source_plan, target_agreement)
    rounds = _rounds(report, target_agreement)
    themes = {theme.number: theme for theme in target_agreement.themes.all()}

    chosen = (
        Initiative.objects.filter(plan=source_plan, pk__in=[getattr(i, "pk", i) for i in initiatives])
        .select_related("theme")
        .prefetch_related("contributors", "milestones__round")
        .order_by("sort_key")
    )
    carried = set(plan.initiatives.filter(predecessor__isnull=False).values_list("predecessor_id", flat=True))
    taken = set(plan.initiatives.values_list("number", flat=True))
    for source in chosen:
        if source.pk in carried:
            report.skipped.append(CarriedInitiative(source.number, source.title, _("er allerede videreført")))
            continue
        if source.number in taken:
            report.skipped.append(
                CarriedInitiative(source.number, source.title, _("nummeret findes allerede i den nye udmøntning"))
            )
            continue
        theme = themes.get(source.theme.number)
        if theme is None:
            theme = Theme.objects.create(
                agreement=target_agreement, number=source.theme.number, title=source.theme.title
            )
            themes[theme.number] = theme
            report.themes_created.append(str(theme))
        copy = _copy_initiative(source, plan=plan, theme=theme, rounds=rounds, user=user, copy_texts=copy_texts)
        report.milestones_created += len(rounds)
        report.milestone_texts_copied += sum(bool(m.text.strip()) for m in copy.new_milestones)
        taken.add(copy.number)
        report.created.append(CarriedInitiative(copy.number, copy.title))


def _copy_initiative(
    source: Initiative,
    *,
    plan: ImplementationPlan,
    theme: Theme,
    rounds: list[FollowUpRound],
    user: User,
    copy_texts: bool,
) -> Initiative:
    """A copy of `source` in `plan`, linked to it, with a milestone per round (`.new_milestones`):
    blank, or last year's text of the same ordinal when `copy_texts`."""
    copy = Initiative(
        plan=plan,
        theme=theme,
        number=source.number,
        title=source.title,
        kind=source.kind,
        description=source.description,
        responsible_department_id=source.responsible_department_id,
        responsible_committee_id=source.responsible_committee_id,
        contributors_text=source.contributors_text,
        implementation_note=source.implementation_note,
        economy_text=source.economy_text,
        predecessor=source,
    )
    copy._history_user = user
    copy.save()
    copy.contributors.set(source.contributors.all())
    old_texts = {m.round.ordinal: m.text for m in source.milestones.all()}
    copy.new_milestones = []
    for round_ in rounds:
        milestone = Milestone(
            initiative=copy, round=round_, text=old_texts.get(round_.ordinal, "") if copy_texts else ""
        )
        milestone._history_user = user
        milestone.save()
        copy.new_milestones.append(milestone)
    return copy


def _target_plan(report: CarryOverReport, source: ImplementationPlan, agreement: Agreement) -> ImplementationPlan:
    """The committee's plan of the target agreement, created from the source's header when missing."""
    plan = ImplementationPlan.objects.filter(agreement=agreement, committee_id=source.committee_id).first()
    if plan is None:
        old_title, new_title = source.agreement.title, agreement.title
        plan = ImplementationPlan.objects.create(
            agreement=agreement,
            committee_id=source.committee_id,
            title=source.title.replace(old_title, new_title)[:300],
            contact_person=source.contact_person,
            phone=source.phone,
            email=source.email,
            intro=source.intro.replace(old_title, new_title),
            effort_green_definition=source.effort_green_definition,
            effort_yellow_definition=source.effort_yellow_definition,
            effort_red_definition=source.effort_red_definition,
            economy_intro=source.economy_intro.replace(old_title, new_title),
            economy_green_definition=source.economy_green_definition,
            economy_red_definition=source.economy_red_definition,
        )
        report.plan_created = True
    report.plan_title, report.plan_pk = plan.title, plan.pk
    return plan


def _rounds(report: CarryOverReport, agreement: Agreement) -> list[FollowUpRound]:
    rounds = list(agreement.rounds.order_by("ordinal"))
    if not rounds:
        for ordinal, name in enumerate(round_names(agreement.budget_year), start=1):
            rounds.append(FollowUpRound.objects.create(agreement=agreement, ordinal=ordinal, name=name))
            report.rounds_created.append(name)
    return rounds


# --- the agreement's skeleton -------------------------------------------------------------

# The responsible department of an initiative created from the skeleton, until the
# committee's administration imports its udmøntning (which names the real one).
UNASSIGNED_DEPARTMENT = "Ansvarligt center ikke fastlagt"


@dataclass(frozen=True)
class SkeletonInitiative:
    """One row of an agreement's skeleton: the theme, the initiative's number, title and kind
    (Initiative.Kind), and the responsible committee."""

    theme_number: int
    theme_title: str
    number: str
    title: str
    kind: str
    committee: Committee


@dataclass
class SkeletonReport(ImportReport):
    """What creating the plans from a skeleton did (or, in a dry run, would do): the changes,
    the plans by committee (created or already there) and what an existing plan says
    differently (never changed)."""

    plans: list[tuple[str, bool, int]] = field(default_factory=list)  # committee, created, initiatives
    differences: list[str] = field(default_factory=list)


def create_plans_from_skeleton(
    agreement: Agreement, skeleton: list[SkeletonInitiative], *, dry_run: bool = False
) -> SkeletonReport:
    """One plan per committee of `skeleton` in `agreement`, with the themes and the initiatives
    that committee is responsible for, numbered as in the agreement; all or nothing.

    An existing plan is never overwritten: an initiative whose number it already has is
    left as it is (the committee's administration may have imported its udmøntning), and
    where its title, kind or theme differ from the skeleton that is listed in
    `differences`; only the initiatives it lacks are added. An existing theme keeps its
    title (a different one is listed too). The agreement's four rounds are created when it
    has none, and every new initiative gets a blank milestone per round."""
    report = SkeletonReport(dry_run=dry_run)
    with all_or_nothing(dry_run=dry_run):
        themes = _skeleton_themes(report, agreement, skeleton)
        rounds = list(agreement.rounds.order_by("ordinal")) or [
            upsert(report, FollowUpRound, {"agreement": agreement, "ordinal": ordinal}, {"name": name})
            for ordinal, name in enumerate(round_names(agreement.budget_year), start=1)
        ]
        # Created only when an initiative is (a skeleton already in place creates nothing).
        department = cache(lambda: upsert(report, Department, {"name": UNASSIGNED_DEPARTMENT}, {}))
        by_committee: dict[int, list[SkeletonInitiative]] = {}
        for row in skeleton:
            by_committee.setdefault(row.committee.pk, []).append(row)
        for rows in by_committee.values():
            _skeleton_plan(report, agreement, rows, themes, rounds, department)
    return report


def _skeleton_themes(report: SkeletonReport, agreement: Agreement, skeleton) -> dict[int, Theme]:
    known = {theme.number: theme for theme in Theme.objects.filter(agreement=agreement)}
    for row in skeleton:
        theme = known.get(row.theme_number)
        if theme is None:
            lookup = {"agreement": agreement, "number": row.theme_number}
            upsert(report, Theme, lookup, {"title": row.theme_title}, known=known, key=row.theme_number)
        elif row.theme_title and theme.title != row.theme_title:
            difference = _("Tema %(number)d hedder »%(stored)s« i Milepæl, men »%(new)s« i skelettet; beholdt.") % {
                "number": theme.number,
                "stored": theme.title,
                "new": row.theme_title,
            }
            if difference not in report.differences:
                report.differences.append(difference)
    return known


def _skeleton_plan(report, agreement, rows, themes, rounds, department) -> None:
    """The committee's plan (created when missing) with the skeleton's initiatives it lacks;
    `department()` is the placeholder department, created when first needed."""
    committee = rows[0].committee
    plan = ImplementationPlan.objects.filter(agreement=agreement, committee=committee).first()
    created = plan is None
    if created:
        # Stored data, so Danish whatever the page's language (the seed plan's title, in form).
        title = f"Udmøntning af {agreement.title} for {genitive(committee.name)} ansvarsområde"
        plan = upsert(report, ImplementationPlan, {"agreement": agreement, "committee": committee}, {"title": title})
    existing = {initiative.number: initiative for initiative in plan.initiatives.select_related("theme")}
    for row in rows:
        initiative = existing.get(row.number)
        if initiative is not None:
            report.unchanged += 1
            report.differences += _skeleton_differences(committee, initiative, row)
            continue
        values = {
            "theme": themes[row.theme_number],
            "title": row.title,
            "kind": row.kind,
            "responsible_department": department(),
            "responsible_committee": committee,
        }
        initiative = upsert(report, Initiative, {"plan": plan, "number": row.number}, values)
        for round_ in rounds:
            Milestone.objects.create(initiative=initiative, round=round_, text="")
    report.plans.append((committee.name, created, plan.initiatives.count()))


def _skeleton_differences(committee, initiative: Initiative, row: SkeletonInitiative) -> list[str]:
    """What the plan's initiative says differently from the skeleton, in words."""
    found = []
    if initiative.title != row.title:
        found.append(_("titlen »%(title)s«") % {"title": initiative.title})
    if initiative.kind != row.kind:
        found.append(_("arten %(kind)s") % {"kind": initiative.get_kind_display()})
    if initiative.theme.number != row.theme_number:
        found.append(_("tema %(number)d") % {"number": initiative.theme.number})
    if not found:
        return []
    return [
        _(
            "%(committee)s: %(number)s har %(what)s i udmøntningen (skelettet: »%(title)s«, %(kind)s, tema %(theme)d); beholdt."
        )
        % {
            "committee": committee.name,
            "number": initiative.number,
            "what": ", ".join(found),
            "title": row.title,
            "kind": Initiative.Kind(row.kind).label,
            "theme": row.theme_number,
        }
    ]


def genitive(name: str) -> str:
    """A Danish name in the genitive: Økonomiudvalget → Økonomiudvalgets (a name ending in
    s, x or z takes an apostrophe)."""
    return f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"
