"""Queries the plan pages share. Each returns everything a page needs in a fixed
number of queries, whatever the number of initiatives."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from milepael.organisation.models import Department

from .models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme


@dataclass
class PlanFilter:
    """The filters a user can set on the plan page (all optional)."""

    department: int | None = None
    kind: str = ""
    theme: int | None = None
    query: str = ""

    @property
    def active(self) -> bool:
        return bool(self.department or self.kind or self.theme or self.query)


@dataclass
class ThemeGroup:
    """A theme with the initiatives shown under it (the plan page and the public plan page)."""

    theme: Theme
    initiatives: list[Initiative] = field(default_factory=list)


def agreements_with_plans() -> QuerySet[Agreement]:
    """Every agreement with its plans (and their committees), for the start page."""
    plans = ImplementationPlan.objects.select_related("committee").order_by("committee__name")
    return Agreement.objects.prefetch_related(Prefetch("plans", queryset=plans))


def plan_for_page(pk: int) -> ImplementationPlan:
    """The plan with its agreement and committee (ImplementationPlan.DoesNotExist when there is none)."""
    return ImplementationPlan.objects.select_related("agreement", "committee").get(pk=pk)


def rounds_of(plan: ImplementationPlan) -> list[FollowUpRound]:
    """The rounds of the plan's agreement, in order."""
    return agreement_rounds(plan.agreement_id)


def agreement_rounds(agreement_id: int) -> list[FollowUpRound]:
    """The agreement's rounds (shared by all its plans), in order."""
    return list(FollowUpRound.objects.filter(agreement_id=agreement_id).order_by("ordinal"))


def agreement_for_page(pk: int) -> Agreement:
    """The agreement (Agreement.DoesNotExist when there is none)."""
    return Agreement.objects.get(pk=pk)


def plans_of(agreement: Agreement) -> list[ImplementationPlan]:
    """The agreement's plans, one per committee, by committee name."""
    return list(agreement.plans.select_related("committee").order_by("committee__name"))


def theme_choices(plan: ImplementationPlan, key: str = "number") -> list[tuple[int, str]]:
    """(number, or with `key="pk"` the id; »3. Titel«) of the themes the plan has initiatives
    in, by number: a filter's choices (another committee's themes would only find nothing),
    without building a model per theme (a large plan has hundreds)."""
    rows = _own_themes(plan).values_list(key, "number", "title")
    return [(value, f"{number}. {title}") for value, number, title in rows]


def _own_themes(plan: ImplementationPlan) -> QuerySet[Theme]:
    # A semi-join, not a join made distinct (which cost PostgreSQL 40 ms at 3,500 initiatives).
    used = Initiative.objects.filter(plan=plan).values("theme_id")
    return Theme.objects.filter(agreement_id=plan.agreement_id, pk__in=used).order_by("number")


def departments_of(plan: ImplementationPlan) -> list[Department]:
    """Departments responsible for at least one initiative of the plan (for the filter)."""
    responsible = Initiative.objects.filter(plan=plan).values("responsible_department_id")
    return list(Department.objects.filter(pk__in=responsible).order_by("name"))


def filter_initiatives(plan: ImplementationPlan, filters: PlanFilter) -> QuerySet[Initiative]:
    """The plan's initiatives that pass `filters`."""
    initiatives = Initiative.objects.filter(plan=plan)
    if filters.department:
        initiatives = initiatives.filter(responsible_department_id=filters.department)
    if filters.kind:
        initiatives = initiatives.filter(kind=filters.kind)
    if filters.theme:
        initiatives = initiatives.filter(theme__number=filters.theme)
    if filters.query:
        initiatives = initiatives.filter(pk__in=_search(plan, filters.query))
    return initiatives


def _search(plan: ImplementationPlan, query: str) -> QuerySet:
    """Initiative ids matching a number prefix (3.0, 2.02.1) or every word of the query."""
    query = query.strip()
    number = query.rstrip(".")
    matches = Q(number=number) | Q(number__startswith=number + ".")
    words = Q()
    for word in query.split():
        words &= (
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(implementation_note__icontains=word)
            | Q(economy_text__icontains=word)
            | Q(contributors_text__icontains=word)
            | Q(responsible_department__name__icontains=word)
            | Q(milestones__text__icontains=word)
        )
    return Initiative.objects.filter(plan=plan).filter(matches | words).values("pk")


@dataclass
class FoldedTheme:
    """A theme shown folded: its name and how many of its initiatives pass the filters."""

    theme: Theme
    initiatives: int


def folded_themes(plan: ImplementationPlan, filters: PlanFilter) -> list[FoldedTheme]:
    """The plan's themes with an initiative passing `filters`, by number, with how many pass; two queries."""
    counts = dict(
        filter_initiatives(plan, filters)
        .order_by()
        .values("theme_id")
        .annotate(count=Count("pk"))
        .values_list("theme_id", "count")
    )
    themes = Theme.objects.filter(agreement_id=plan.agreement_id).order_by("number")
    return [FoldedTheme(theme, counts[theme.pk]) for theme in themes if theme.pk in counts]


def initiative_count(plan: ImplementationPlan) -> int:
    return Initiative.objects.filter(plan=plan).count()


def theme_of(plan: ImplementationPlan, number: int) -> Theme:
    """Theme `number` of the plan's agreement (Theme.DoesNotExist when there is none)."""
    return Theme.objects.get(agreement_id=plan.agreement_id, number=number)


def plan_matrix(
    plan: ImplementationPlan, rounds: list[FollowUpRound], filters: PlanFilter, theme: Theme | None = None
) -> list[ThemeGroup]:
    """Themes (or only `theme`) with their (filtered) initiatives; each initiative gets
    `.milestones_by_round`, a list aligned with `rounds` (None where no milestone row exists)."""
    initiatives = filter_initiatives(plan, filters)
    if theme is not None:
        initiatives = initiatives.filter(theme=theme)
    initiatives = (
        initiatives.select_related("theme", "responsible_department")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.only("initiative_id", "round_id", "text")))
        .order_by("theme__number", "sort_key")
    )
    groups: dict[int, ThemeGroup] = {}
    for initiative in initiatives:
        by_round = {m.round_id: m for m in initiative.milestones.all()}
        initiative.milestones_by_round = [by_round.get(r.pk) for r in rounds]
        groups.setdefault(initiative.theme_id, ThemeGroup(initiative.theme)).initiatives.append(initiative)
    return list(groups.values())


def initiative_for_page(plan_pk: int, number: str) -> Initiative:
    """Initiative `number` of the plan with everything its page shows beside ratings and history
    (Initiative.DoesNotExist when the plan has no such initiative)."""
    return (
        Initiative.objects.select_related(
            "plan__agreement",
            "plan__committee",
            "theme",
            "responsible_department",
            "responsible_committee",
            "predecessor__plan__agreement",
        )
        .prefetch_related(
            "contributors",
            Prefetch(
                "successors",
                queryset=Initiative.objects.select_related("plan__agreement").order_by("plan__agreement__budget_year"),
            ),
            Prefetch("milestones", queryset=Milestone.objects.select_related("round").order_by("round__ordinal")),
        )
        .get(plan_id=plan_pk, number=number)
    )


def adopted_amounts(initiative: Initiative) -> list:
    """The initiative's adopted economy amounts (one query), before any revision."""
    return list(initiative.economy_amounts.all())
