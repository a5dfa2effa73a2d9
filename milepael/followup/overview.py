"""Overblik: where a plan, or a whole agreement (all its committees' plans), stands at a glance. For one round (the latest with approved
ratings, or the one asked for) the effort smileys per theme, per department and per
committee, the trend over the year's rounds up to it, and what changed since the previous
round. Counted like the committee report (reports.builders.statuses_counted): approved
ratings only; anything else is "ikke vurderet". Two queries, whatever the plan's (or the
agreement's) size."""

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from milepael.core import charts, smileys
from milepael.core.formatting import danish_number
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative

from .models import Rating

# What the overview counts: what reaches the committee in its report.
COUNTED = (Rating.Status.APPROVED,)
KINDS = ("effort", "economy")
# Better is higher; "ingen milepæl" and not rated are not on the scale.
RANK = {
    "effort": {smileys.GREEN: 3, smileys.YELLOW: 2, smileys.RED: 1},
    "economy": {smileys.GREEN: 2, smileys.RED: 1},
}
BETTER, WORSE = "better", "worse"
DIRECTIONS = {BETTER: gettext_lazy("Bedre"), WORSE: gettext_lazy("Dårligere")}


@dataclass(frozen=True)
class Share:
    """One smiley's count in a group and its share of the group, in per cent."""

    key: str
    value: str  # the smiley value for the face (UNRATED for the unrated)
    label: str
    count: int
    percent: str


@dataclass(frozen=True)
class GroupCounts:
    """The effort smileys of one group (a theme, a department, a committee or a round)."""

    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shares(self) -> list[Share]:
        total = self.total
        return [
            Share(key, _value(key), _label(key), count, danish_number(100 * count / total if total else 0, 0))
            for key, count in self.counts.items()
        ]


@dataclass(frozen=True)
class Change:
    """An initiative whose effort or economy smiley differs from the previous round's."""

    initiative: "InitiativeRow"
    kind: str
    before: str
    after: str
    direction: str  # BETTER or WORSE
    newly_red: bool

    @property
    def aspect(self) -> str:
        return _("Indsats") if self.kind == "effort" else _("Økonomi")


@dataclass(frozen=True)
class ChangeFilter:
    """The GET form over the changes: a department, a theme, a direction (each optional)."""

    department: int | None = None
    theme: int | None = None
    direction: str = ""

    def keeps(self, change: Change) -> bool:
        initiative = change.initiative
        return (
            (self.department is None or initiative.responsible_department_id == self.department)
            and (self.theme is None or initiative.theme_id == self.theme)
            and (not self.direction or change.direction == self.direction)
        )


@dataclass
class Overview:
    plan: ImplementationPlan | Agreement  # what it is the overview of
    rounds: list[FollowUpRound]
    round: FollowUpRound | None
    previous: FollowUpRound | None = None
    total: GroupCounts | None = None
    by_theme: list[GroupCounts] = field(default_factory=list)
    by_department: list[GroupCounts] = field(default_factory=list)
    by_committee: list[GroupCounts] = field(default_factory=list)
    trend: list[GroupCounts] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    all_changes: int = 0


def _value(key: str) -> str:
    return smileys.UNRATED if key == smileys.UNRATED_KEY else key


def _label(key: str) -> str:
    return str(smileys.FACES[_value(key)][1])


def _effort(label: str, values: list[str]) -> GroupCounts:
    return GroupCounts(label, smileys.tally(values, "effort"))


def _scope(plan: ImplementationPlan | Agreement) -> dict:
    """The initiatives' filter: one plan's, or every plan's of an agreement."""
    return {"plan__agreement": plan} if isinstance(plan, Agreement) else {"plan": plan}


def overview(
    plan: ImplementationPlan | Agreement,
    rounds: list[FollowUpRound],
    round_ordinal: int | None = None,
    filters: ChangeFilter | None = None,
) -> Overview:
    """The overview of a plan, or of an agreement's plans together, at round `round_ordinal`
    of its `rounds` (default: the latest round with an approved rating, else the first).
    Raises FollowUpRound.DoesNotExist for an unknown round."""
    initiatives = _initiatives(plan)
    ratings = _counted_ratings(plan)
    current = _chosen_round(rounds, ratings, round_ordinal)
    result = Overview(plan=plan, rounds=rounds, round=current)
    if current is None:
        return result
    index = rounds.index(current)

    def effort_at(round_: FollowUpRound, initiative: InitiativeRow) -> str:
        return smileys.value_of(ratings.get((initiative.pk, round_.pk)), "effort")

    groups: dict[str, dict[str, list[str]]] = {"theme": defaultdict(list), "department": defaultdict(list)}
    groups["committee"] = defaultdict(list)
    now = [effort_at(current, initiative) for initiative in initiatives]
    for initiative, value in zip(initiatives, now, strict=True):
        groups["theme"][initiative.theme_label].append(value)
        groups["department"][initiative.responsible_department.name].append(value)
        groups["committee"][initiative.committee or _("Uden ansvarligt udvalg")].append(value)
    result.total = _effort(_("I alt"), now)
    result.by_theme = [_effort(label, values) for label, values in groups["theme"].items()]
    result.by_department = [_effort(label, values) for label, values in sorted(groups["department"].items())]
    result.by_committee = [_effort(label, values) for label, values in sorted(groups["committee"].items())]
    result.trend = [_effort(r.name, [effort_at(r, i) for i in initiatives]) for r in rounds[: index + 1]]
    if index > 0:
        result.previous = rounds[index - 1]
        changes = _changes(initiatives, ratings, result.previous, current)
        result.all_changes = len(changes)
        result.changes = [change for change in changes if (filters or ChangeFilter()).keeps(change)]
    return result


class Named(NamedTuple):
    name: str


class InitiativeRow(NamedTuple):
    """What the overview needs of an initiative: read as plain values, not models, because a
    large agreement has thousands (building the models was most of the overview's time; a
    frozen dataclass still took a fifth of it)."""

    pk: int
    number: str
    title: str
    plan_id: int
    theme_id: int
    theme_label: str  # »3. Titel«, as str(Theme)
    responsible_department_id: int
    responsible_department: Named
    committee: str | None  # the responsible committee's name

    def get_absolute_url(self) -> str:
        return reverse("followup:initiative", args=[self.plan_id, self.number])


class CountedRating(NamedTuple):
    effort: str
    economy: str


def _initiatives(plan: ImplementationPlan | Agreement) -> list[InitiativeRow]:
    """The initiatives of the plan (or of the agreement's plans), in plan order; one query."""
    fields = ("pk", "number", "title", "plan_id", "theme_id", "theme__number", "theme__title")
    fields += ("responsible_department_id", "responsible_department__name", "responsible_committee__name")
    rows = (
        Initiative.objects.filter(**_scope(plan))
        .order_by("theme__number", "sort_key", "plan__committee__name")
        .values_list(*fields)
    )
    return [
        InitiativeRow(
            pk,
            number,
            title,
            plan_id,
            theme_id,
            f"{theme_number}. {theme_title}",
            department_id,
            Named(department),
            committee,
        )
        for pk, number, title, plan_id, theme_id, theme_number, theme_title, department_id, department, committee in rows
    ]


def _counted_ratings(plan: ImplementationPlan | Agreement) -> dict[tuple[int, int], CountedRating]:
    """{(initiative id, round id): its smileys} of the counted (approved) ratings; one query."""
    scope = {f"initiative__{key}": value for key, value in _scope(plan).items()}
    ratings = Rating.objects.filter(**scope, status__in=COUNTED)
    return {
        (initiative_id, round_id): CountedRating(effort, economy)
        for initiative_id, round_id, effort, economy in ratings.values_list(
            "initiative_id", "round_id", "effort", "economy"
        )
    }


def _chosen_round(rounds: list[FollowUpRound], ratings: dict, ordinal: int | None) -> FollowUpRound | None:
    if ordinal is not None:
        for round_ in rounds:
            if round_.ordinal == ordinal:
                return round_
        raise FollowUpRound.DoesNotExist(ordinal)
    rated = {round_id for _initiative, round_id in ratings}
    with_ratings = [round_ for round_ in rounds if round_.pk in rated]
    if with_ratings:
        return with_ratings[-1]
    return rounds[0] if rounds else None


def _changes(initiatives: list["InitiativeRow"], ratings: dict, previous: FollowUpRound, current: FollowUpRound):
    """Every better or worse smiley since `previous`: the newly red first (a smiley that is
    sur now and was not, whatever it was), then the other worse ones, then the better ones,
    each in plan order."""
    changes = []
    for initiative in initiatives:
        before_rating = ratings.get((initiative.pk, previous.pk))
        after_rating = ratings.get((initiative.pk, current.pk))
        for kind in KINDS:
            before, after = smileys.value_of(before_rating, kind), smileys.value_of(after_rating, kind)
            ranks = RANK[kind]
            newly_red = after == smileys.RED and before != smileys.RED
            if newly_red or (before in ranks and after in ranks and ranks[before] != ranks[after]):
                better = not newly_red and ranks[after] > ranks[before]
                changes.append(Change(initiative, kind, before, after, BETTER if better else WORSE, newly_red))
    order = {(True, WORSE): 0, (False, WORSE): 1, (False, BETTER): 2}
    return sorted(changes, key=lambda change: order[(change.newly_red, change.direction)])


@dataclass(frozen=True)
class RedShare:
    """A department's sure effort smileys of one year: of `rated` approved ratings with a
    smiley on the scale (glad, neutral, sur), `red` were sur."""

    red: int
    rated: int

    @property
    def percent(self) -> str:
        return danish_number(100 * self.red / self.rated, 0)


@dataclass
class RedShareTable:
    years: list[int]
    rows: list[tuple[str, list[RedShare | None]]]  # (department, a share per year or None)


def red_share_by_year(until_year: int) -> RedShareTable:
    """Trend across years: per department, its share of sur effort smileys in each budget
    year up to `until_year`, over all the year's rounds and plans (approved ratings). One query."""
    counts = (
        Rating.objects.filter(
            status__in=COUNTED,
            effort__in=list(RANK["effort"]),
            round__agreement__budget_year__lte=until_year,
        )
        .values_list("initiative__responsible_department__name", "round__agreement__budget_year")
        .annotate(rated=Count("pk"), red=Count("pk", filter=Q(effort=smileys.RED)))
    )
    shares: dict[str, dict[int, RedShare]] = defaultdict(dict)
    for department, year, rated, red in counts:
        shares[department][year] = RedShare(red, rated)
    years = sorted({year for by_year in shares.values() for year in by_year})
    rows = [(name, [shares[name].get(year) for year in years]) for name in sorted(shares)]
    return RedShareTable(years, rows)


# --- charts -------------------------------------------------------------------------------


def _segments(groups: list[GroupCounts]) -> tuple[charts.Segment, ...]:
    return tuple(
        charts.Segment(
            label=_label(key),
            counts=tuple(group.counts[key] for group in groups),
            colour=smileys.COLOURS[_value(key)],
            hatch=smileys.HATCHES[_value(key)],
        )
        for key in smileys.TALLY_KEYS["effort"]
    )


def alt_text(title: str, groups: list[GroupCounts]) -> str:
    """»Title. Group: 3 glad (25 %), 1 neutral (8 %), …; Group 2: …« — zeros left out."""
    parts = []
    nothing = _("ingen indsatser")
    for group in groups:
        counts = ", ".join(
            f"{share.count} {share.label.lower()} ({share.percent} %)" for share in group.shares if share.count
        )
        parts.append(f"{group.label}: {counts or nothing}")
    return f"{title}. {'; '.join(parts)}."


def drawn_chart(title: str, groups: list[GroupCounts], *, horizontal: bool = True) -> charts.Chart:
    """The groups' effort smileys as a stacked bar chart (an SVG file)."""
    categories = [
        textwrap.fill(group.label, width=26 if horizontal else 16, break_long_words=False) for group in groups
    ]
    height = 1.6 + 0.42 * max(len(groups), 2) if horizontal else 3.2
    return charts.stacked_bar(
        categories,
        list(_segments(groups)),
        title=title,
        ylabel=_("Antal indsatser"),
        alt_text=alt_text(title, groups),
        size=(5.6, height),
        horizontal=horizontal,
    )


def newest_plan() -> ImplementationPlan | None:
    """The plan the overview opens with: the newest year's, first committee by name."""
    return ImplementationPlan.objects.select_related("agreement", "committee").first()


def newest_subject() -> ImplementationPlan | Agreement | None:
    """What »Overblik« opens with: the newest agreement as a whole when several committees'
    plans share it (the finance department follows them up together), else its one plan."""
    plan = newest_plan()
    if plan is None:
        return None
    return plan.agreement if plan.agreement.plans.count() > 1 else plan
