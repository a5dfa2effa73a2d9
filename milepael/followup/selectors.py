"""Queries the follow-up pages share; each runs a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from milepael.core import smileys
from milepael.core.history import changed_by, readable_value
from milepael.organisation import permissions
from milepael.organisation.models import Department
from milepael.organisation.permissions import User
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative, Milestone

from .models import EconomyRevision, Rating, RoundEvent


def ratings_by_round(initiative: Initiative) -> list[tuple[FollowUpRound, Rating | None]]:
    """Every round of the initiative's agreement with its rating (or None)."""
    rounds = FollowUpRound.objects.filter(agreement_id=initiative.plan.agreement_id).order_by("ordinal")
    ratings = {
        r.round_id: r
        for r in Rating.objects.filter(initiative=initiative).select_related("economy_baseline", "updated_by")
    }
    return [(round_, ratings.get(round_.pk)) for round_ in rounds]


def economy_revisions(initiative: Initiative) -> list[EconomyRevision]:
    """The council-approved revisions of the initiative's economy, oldest first."""
    return list(initiative.economy_revisions.select_related("created_by").order_by("approved_on", "pk"))


def milestone_for(initiative: Initiative, round_: FollowUpRound) -> Milestone | None:
    """The initiative's milestone in the round (None when there is no milestone row)."""
    return Milestone.objects.filter(initiative=initiative, round=round_).first()


def current_economy_baseline(initiative: Initiative, on: datetime.date | None = None) -> EconomyRevision | None:
    """The latest council-approved revision on `on` (today); None means the adopted economy."""
    on = on or timezone.localdate()
    return initiative.economy_revisions.filter(approved_on__lte=on).order_by("-approved_on", "-pk").first()


def round_for_page(pk: int) -> FollowUpRound:
    """The round with its agreement (FollowUpRound.DoesNotExist when there is none)."""
    return FollowUpRound.objects.select_related("agreement").get(pk=pk)


def round_with_events(pk: int) -> FollowUpRound:
    """The round with its agreement and its opening, closing and reopening events (`.events.all()`)."""
    return (
        FollowUpRound.objects.select_related("agreement")
        .prefetch_related(Prefetch("events", queryset=RoundEvent.objects.select_related("by")))
        .get(pk=pk)
    )


def rounds_with_events(agreement_id: int | None = None) -> list[FollowUpRound]:
    rounds = FollowUpRound.objects.select_related("agreement").prefetch_related(
        Prefetch("events", queryset=RoundEvent.objects.select_related("by"))
    )
    if agreement_id:
        rounds = rounds.filter(agreement_id=agreement_id)
    return list(rounds.order_by("-agreement__budget_year", "ordinal"))


def initiatives_with_ratings(initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """`initiatives` with what attach_round_data reads: theme, department, plan, milestones, ratings."""
    return initiatives.select_related("theme", "responsible_department", "plan").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("round")),
        Prefetch("ratings", queryset=Rating.objects.select_related("round", "economy_baseline")),
    )


def attach_round_data(
    initiatives: list[Initiative], rounds: list[FollowUpRound], current: FollowUpRound | None = None
) -> list[Initiative]:
    """Give each initiative `.by_round` (list of (round, milestone, rating) aligned with
    `rounds`) and, when `current` is given, `.milestone` and `.rating` for that round."""
    for initiative in initiatives:
        milestones = {m.round_id: m for m in initiative.milestones.all()}
        ratings = {r.round_id: r for r in initiative.ratings.all()}
        initiative.by_round = [(r, milestones.get(r.pk), ratings.get(r.pk)) for r in rounds]
        if current is not None:
            initiative.milestone = milestones.get(current.pk)
            initiative.rating = ratings.get(current.pk)
    return initiatives


def worklist(round_: FollowUpRound, user: User) -> list[Initiative]:
    """The initiatives the user rates in this round (all of them for an administrator),
    with the round's milestone and the earlier rounds' ratings."""
    initiatives = Initiative.objects.filter(plan__agreement_id=round_.agreement_id)
    if not permissions.is_administrator(user):
        initiatives = initiatives.filter(responsible_department_id__in=permissions.department_ids(user))
    initiatives = list(initiatives_with_ratings(initiatives).order_by("plan_id", "sort_key"))
    rounds = list(FollowUpRound.objects.filter(agreement_id=round_.agreement_id, ordinal__lte=round_.ordinal))
    return attach_round_data(initiatives, rounds, current=round_)


def initiative_to_rate(round_: FollowUpRound, initiative_pk: int) -> Initiative:
    """An initiative of the round's agreement (Initiative.DoesNotExist for one of another agreement)."""
    return Initiative.objects.select_related("plan__agreement", "responsible_department", "theme").get(
        pk=initiative_pk, plan__agreement_id=round_.agreement_id
    )


@dataclass
class RatingPage:
    """What the rating form shows beside the form: the round's milestone, the stored rating,
    the earlier rounds' (round, milestone, rating) and the economy it is rated against."""

    milestone: Milestone | None
    rating: Rating | None
    earlier: list[tuple[FollowUpRound, Milestone | None, Rating | None]]
    baseline: EconomyRevision | None

    @property
    def milestone_blank(self) -> bool:
        return self.milestone is None or self.milestone.is_blank


def rating_page(round_: FollowUpRound, initiative: Initiative) -> RatingPage:
    """The rating page's data for `initiative` in `round_`."""
    earlier_rounds = list(FollowUpRound.objects.filter(agreement_id=round_.agreement_id, ordinal__lt=round_.ordinal))
    return RatingPage(
        milestone=milestone_for(initiative, round_),
        # Through the initiative's manager, so rating.initiative needs no query of its own.
        rating=initiative.ratings.filter(round=round_).select_related("updated_by").first(),
        earlier=attach_round_data([initiative], earlier_rounds)[0].by_round,
        baseline=current_economy_baseline(initiative),
    )


def rating_for_review(pk: int) -> Rating:
    """The rating with its initiative and round (Rating.DoesNotExist when there is none)."""
    return Rating.objects.select_related("initiative", "round").get(pk=pk)


def initiative_for_revision(pk: int) -> Initiative:
    """The initiative whose economy is revised, with its plan and agreement."""
    return Initiative.objects.select_related("plan__agreement").get(pk=pk)


def departments_reported_for(user: User) -> list[Department]:
    """The departments `user` reports for, by name (every department for an administrator)."""
    departments = Department.objects.order_by("name")
    if not permissions.is_administrator(user):
        departments = departments.filter(pk__in=permissions.department_ids(user))
    return list(departments)


@dataclass
class DepartmentProgress:
    department: Department
    total: int = 0
    counts: Counter = field(default_factory=Counter)

    @property
    def missing(self) -> int:
        return self.total - sum(self.counts.values())

    @property
    def done(self) -> bool:
        return self.total > 0 and self.counts[Rating.Status.APPROVED] == self.total


def round_progress(round_: FollowUpRound) -> list[DepartmentProgress]:
    """Per department: initiatives in the round, and how many ratings are in each status."""
    statuses = [s for s, _label in Rating.Status.choices]
    rows = (
        Department.objects.filter(initiatives__plan__agreement_id=round_.agreement_id)
        .annotate(
            total=Count("initiatives", distinct=True),
            **{
                status: Count(
                    "initiatives__ratings",
                    filter=Q(initiatives__ratings__round=round_, initiatives__ratings__status=status),
                    distinct=True,
                )
                for status in statuses
            },
        )
        .order_by("name")
    )
    return [
        DepartmentProgress(row, row.total, Counter({status: getattr(row, status) for status in statuses}))
        for row in rows
    ]


def ratings_to_review(round_: FollowUpRound) -> list[Rating]:
    """The round's submitted ratings, by department and number, with the round's milestone."""
    return list(
        Rating.objects.filter(round=round_, status=Rating.Status.SUBMITTED)
        .select_related("initiative__responsible_department", "initiative__plan", "updated_by", "economy_baseline")
        .prefetch_related(Prefetch("initiative__milestones", queryset=Milestone.objects.filter(round=round_)))
        .order_by("initiative__responsible_department__name", "initiative__sort_key")
    )


@dataclass
class SmileyCounts:
    """Counts of effort and economy smileys for one group (a theme, a department):
    `core.smileys.tally` of each kind."""

    label: str
    effort: dict[str, int] = field(default_factory=dict)
    economy: dict[str, int] = field(default_factory=dict)


@dataclass
class SmileyOverview:
    rounds: list[FollowUpRound]
    initiatives: list[Initiative]
    by_theme: list[tuple[FollowUpRound, list[SmileyCounts]]]
    by_department: list[tuple[FollowUpRound, list[SmileyCounts]]]


def smiley_overview(plan: ImplementationPlan) -> SmileyOverview:
    """The plan's initiatives × rounds with their ratings, and counts per theme,
    department and round. Counts include every saved rating, drafts marked as such on the page."""
    rounds = list(FollowUpRound.objects.filter(agreement_id=plan.agreement_id).order_by("ordinal"))
    initiatives = list(
        initiatives_with_ratings(Initiative.objects.filter(plan=plan)).order_by("theme__number", "sort_key")
    )
    attach_round_data(initiatives, rounds)

    def counts(key) -> list[tuple[FollowUpRound, list[SmileyCounts]]]:
        result = []
        for index, round_ in enumerate(rounds):
            groups: dict[str, list[Rating | None]] = defaultdict(list)
            for initiative in initiatives:
                groups[key(initiative)].append(initiative.by_round[index][2])
            result.append(
                (
                    round_,
                    [
                        SmileyCounts(
                            label,
                            effort=smileys.tally((smileys.value_of(r, "effort") for r in ratings), "effort"),
                            economy=smileys.tally((smileys.value_of(r, "economy") for r in ratings), "economy"),
                        )
                        for label, ratings in groups.items()
                    ],
                )
            )
        return result

    return SmileyOverview(
        rounds=rounds,
        initiatives=initiatives,
        by_theme=counts(lambda i: str(i.theme)),
        by_department=counts(lambda i: i.responsible_department.name),
    )


# Bookkeeping fields that change with every save; a record that changed only these is not shown.
HISTORY_NOISE = ["version", "updated_at", "updated_by", "sort_key"]


def initiative_history(initiative: Initiative) -> list[dict]:
    """Every recorded change to the initiative, its milestones, ratings and economy revisions,
    newest first, as {when, who, what, type, changes: [(field, before, after)]}."""
    entries = []
    sources = [
        initiative.history.all(),
        Milestone.history.filter(initiative_id=initiative.pk),
        Rating.history.filter(initiative_id=initiative.pk),
        EconomyRevision.history.filter(initiative_id=initiative.pk),
    ]
    round_names = dict(
        FollowUpRound.objects.filter(agreement_id=initiative.plan.agreement_id).values_list("pk", "name")
    )
    for queryset in sources:
        records = list(queryset.select_related("history_user").order_by("history_date", "history_id"))
        previous: dict = {}
        for record in records:
            model = record.instance_type
            what = str(model._meta.verbose_name)
            round_id = getattr(record, "round_id", None)
            if round_id:
                what = f"{what} · {round_names.get(round_id, '')}"
            prior = previous.get(record.id)
            changes = []
            if prior is not None:
                delta = record.diff_against(prior, excluded_fields=HISTORY_NOISE)
                for change in delta.changes:
                    field_ = model._meta.get_field(change.field)
                    changes.append(
                        (
                            str(field_.verbose_name),
                            readable_value(field_, change.old),
                            readable_value(field_, change.new),
                        )
                    )
            previous[record.id] = record
            if prior is not None and not changes:
                continue
            entries.append(
                {
                    "when": record.history_date,
                    "who": changed_by(record.history_user),
                    "what": what,
                    "type": record.get_history_type_display(),
                    "changes": changes,
                }
            )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries
