"""Queries the follow-up pages share; each runs a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, FilteredRelation, Prefetch, Q, QuerySet
from django.utils import timezone

from milepael.core import smileys
from milepael.core.charts import Series
from milepael.core.history import changed_by, history_type, readable_value
from milepael.organisation import permissions
from milepael.organisation.models import Department
from milepael.organisation.permissions import User
from milepael.plans.models import EconomyAmount, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme

from .economy import AmountsInForce, budget_for_year, in_force
from .models import EconomyRevision, Indicator, IndicatorValue, Rating, RatingMessage, RoundEvent

# A rating the department has handed in (it counts as done for reminders and progress).
DONE = (Rating.Status.SUBMITTED, Rating.Status.APPROVED)
# A rating the department still works on: it may be edited and submitted.
IN_PROGRESS = (Rating.Status.DRAFT, Rating.Status.RETURNED)


def _visible(ratings: QuerySet[Rating], viewer: User | None) -> QuerySet[Rating]:
    """`ratings` as `viewer` may see them: without another department's drafts
    (permissions.can_see_draft). None: the system itself (reports, which count no drafts)."""
    return ratings if viewer is None else ratings.filter(permissions.visible_ratings(viewer))


@dataclass(frozen=True)
class RoundRow:
    """One round of an initiative: its milestone, the rating (None: none, or a draft the
    viewer may not see) and the cell state (`cell_state`)."""

    round: FollowUpRound
    milestone: Milestone | None
    rating: Rating | None
    state: str


def ratings_by_round(initiative: Initiative, viewer: User | None = None) -> list[RoundRow]:
    """Every round of the initiative's agreement with its milestone and rating."""
    rounds = FollowUpRound.objects.filter(agreement_id=initiative.plan.agreement_id).order_by("ordinal")
    ratings = {
        r.round_id: r
        for r in _visible(Rating.objects.filter(initiative=initiative), viewer).select_related(
            "economy_baseline", "updated_by"
        )
    }
    milestones = {m.round_id: m for m in Milestone.objects.filter(initiative=initiative)}
    return [
        RoundRow(round_, milestones.get(round_.pk), ratings.get(round_.pk), cell_state(round_, ratings.get(round_.pk)))
        for round_ in rounds
    ]


@dataclass(frozen=True)
class EarlierYear:
    """An earlier year's initiative this one was carried over from, with its agreement's
    rounds and the approved smileys of each: [(round, rating or None)]."""

    initiative: Initiative
    rounds: list[tuple[FollowUpRound, Rating | None]]


# How far back the chain of carried-over initiatives is followed (one query a year).
EARLIER_YEARS_MAX = 20


def earlier_years(initiative: Initiative) -> list[EarlierYear]:
    """The trend across years: the initiatives `initiative` was carried over from
    (Initiative.predecessor, year by year), newest first, each with its rounds' approved
    smileys (as the committee's report counted them)."""
    chain: list[Initiative] = []
    current, seen = initiative, {initiative.pk}
    while current.predecessor_id and current.predecessor_id not in seen and len(chain) < EARLIER_YEARS_MAX:
        current = Initiative.objects.select_related("plan__agreement", "plan__committee").get(pk=current.predecessor_id)
        seen.add(current.pk)
        chain.append(current)
    if not chain:
        return []
    rounds: dict[int, list[FollowUpRound]] = defaultdict(list)
    for round_ in FollowUpRound.objects.filter(agreement_id__in={i.plan.agreement_id for i in chain}).order_by(
        "ordinal"
    ):
        rounds[round_.agreement_id].append(round_)
    ratings = {
        (r.initiative_id, r.round_id): r
        for r in Rating.objects.filter(initiative__in=chain, status=Rating.Status.APPROVED)
    }
    return [
        EarlierYear(year, [(round_, ratings.get((year.pk, round_.pk))) for round_ in rounds[year.plan.agreement_id]])
        for year in chain
    ]


def economy_revisions(initiative: Initiative) -> list[EconomyRevision]:
    """The council-approved revisions of the initiative's economy, oldest first."""
    return list(
        initiative.economy_revisions.select_related("created_by")
        .prefetch_related("amounts")
        .order_by("approved_on", "pk")
    )


def amounts_in_force(initiative: Initiative, on: datetime.date | None = None) -> AmountsInForce:
    """The amounts in force on `on` (today), in two queries (the rule: economy.in_force)."""
    revisions = EconomyRevision.objects.filter(initiative=initiative, amounts__isnull=False)
    return in_force(initiative.economy_amounts.all(), _with_amounts(revisions), on or timezone.localdate())


def amounts_in_force_by_committee(agreement_id: int, on: datetime.date | None = None) -> list[tuple[str, list]]:
    """(committee name, its plan's amounts in force) per plan of the agreement, by committee
    name; four queries whatever the agreement's size."""
    in_force_ = agreement_amounts_in_force(agreement_id, on)
    committees: dict[str, list] = {}
    rows = Initiative.objects.filter(plan__agreement_id=agreement_id).values_list("pk", "plan__committee__name")
    for pk, committee in rows.order_by("plan__committee__name"):
        if pk in in_force_:
            committees.setdefault(committee, []).extend(in_force_[pk].amounts)
    return list(committees.items())


def year_budget(initiative: Initiative, round_: FollowUpRound) -> int | None:
    """The initiative's net budget in force today for the round's budget year (None: no amounts)."""
    return budget_for_year(amounts_in_force(initiative).amounts, round_.agreement.budget_year)


def _with_amounts(revisions: QuerySet[EconomyRevision]) -> list[EconomyRevision]:
    return list(revisions.distinct().order_by("approved_on", "pk").prefetch_related("amounts"))


def plan_amounts_in_force(plan: ImplementationPlan, on: datetime.date | None = None) -> dict[int, AmountsInForce]:
    """Initiative pk → its amounts in force on `on` (today), for every initiative of the plan
    with amounts; three queries whatever the plan's size."""
    return _amounts_in_force_where(on, initiative__plan=plan)


def agreement_amounts_in_force(agreement_id: int, on: datetime.date | None = None) -> dict[int, AmountsInForce]:
    """`plan_amounts_in_force` for every plan of the agreement at once; three queries."""
    return _amounts_in_force_where(on, initiative__plan__agreement_id=agreement_id)


def _amounts_in_force_where(on: datetime.date | None, **where) -> dict[int, AmountsInForce]:
    on = on or timezone.localdate()
    adopted: dict[int, list] = defaultdict(list)
    for amount in EconomyAmount.objects.filter(**where).order_by("year", "kind", "sign"):
        adopted[amount.initiative_id].append(amount)
    revisions: dict[int, list[EconomyRevision]] = defaultdict(list)
    for revision in _with_amounts(EconomyRevision.objects.filter(amounts__isnull=False, **where)):
        revisions[revision.initiative_id].append(revision)
    return {pk: in_force(adopted[pk], revisions[pk], on) for pk in set(adopted) | set(revisions)}


def amounts_in_force_by_theme(plan: ImplementationPlan, on: datetime.date | None = None) -> list[tuple[str, list]]:
    """(theme as »3. Titel«, its initiatives' amounts in force) per theme with amounts, in
    theme order; five queries whatever the plan's size."""
    in_force_ = plan_amounts_in_force(plan, on)
    if not in_force_:
        return []
    # Plain rows, and model objects only for the themes with amounts (a large plan has thousands).
    rows = Initiative.objects.filter(plan=plan).order_by("theme__number", "sort_key").values_list("pk", "theme_id")
    amounts: dict[int, list] = {}
    for pk, theme_id in rows:
        if pk in in_force_:
            amounts.setdefault(theme_id, []).extend(in_force_[pk].amounts)
    themes = Theme.objects.in_bulk(list(amounts))
    return [(str(themes[theme_id]), theme_amounts) for theme_id, theme_amounts in amounts.items()]


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


def initiatives_with_ratings(initiatives: QuerySet[Initiative], viewer: User | None = None) -> QuerySet[Initiative]:
    """`initiatives` with what attach_round_data reads: theme, department, plan, milestones,
    ratings (those `viewer` may see; None: all)."""
    return initiatives.select_related("theme", "responsible_department", "plan").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("round")),
        Prefetch("ratings", queryset=_visible(Rating.objects.select_related("round", "economy_baseline"), viewer)),
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


def _worklist_initiatives(round_: FollowUpRound, user: User) -> QuerySet[Initiative]:
    """The initiatives of the round the user rates (all of them for an administrator), in
    worklist order."""
    initiatives = Initiative.objects.filter(plan__agreement_id=round_.agreement_id)
    if not permissions.is_administrator(user):
        initiatives = initiatives.filter(responsible_department_id__in=permissions.department_ids(user))
    return initiatives.order_by("plan_id", "sort_key")


def worklist_ids(round_: FollowUpRound, user: User) -> list[int]:
    """The ids of the user's worklist, in its order (one query; the page is cut from them)."""
    return list(_worklist_initiatives(round_, user).values_list("pk", flat=True))


def worklist(
    round_: FollowUpRound, user: User, only: int | None = None, among: list[int] | None = None
) -> list[Initiative]:
    """The initiatives the user rates in this round (all of them for an administrator; with
    `only`, just that one; with `among`, those of a page), with the round's milestone, the
    earlier rounds' ratings and the dialogue of this round's rating (`.rating.messages.all()`,
    oldest first)."""
    initiatives = _worklist_initiatives(round_, user)
    if only is not None:
        initiatives = initiatives.filter(pk=only)
    if among is not None:
        initiatives = initiatives.filter(pk__in=among)
    initiatives = list(
        initiatives_with_ratings(initiatives).prefetch_related(
            Prefetch(
                "ratings__messages",
                queryset=RatingMessage.objects.filter(rating__round=round_).select_related("author"),
            )
        )
    )
    rounds = list(FollowUpRound.objects.filter(agreement_id=round_.agreement_id, ordinal__lte=round_.ordinal))
    _attach_year_budgets(initiatives, round_)
    return attach_round_data(initiatives, rounds, current=round_)


def _attach_year_budgets(initiatives: list[Initiative], round_: FollowUpRound) -> None:
    """`.year_budget_kr` on each: its net budget in force for the round's year (three queries)."""
    in_force_ = agreement_amounts_in_force(round_.agreement_id)
    year = round_.agreement.budget_year
    for initiative in initiatives:
        amounts = in_force_[initiative.pk].amounts if initiative.pk in in_force_ else []
        initiative.year_budget_kr = budget_for_year(amounts, year)


def next_to_rate(round_: FollowUpRound, user: User, after: Initiative) -> Initiative | None:
    """The next initiative of the user's worklist (after `after`, then from the top) that the
    user may rate and that is not handed in yet; None when everything is."""
    handed_in = Rating.objects.filter(round=round_, status__in=DONE).values("initiative_id")
    candidates = [
        i
        for i in _worklist_initiatives(round_, user).exclude(pk__in=handed_in).exclude(pk=after.pk)
        if permissions.can_rate(user, i)
    ]
    key = (after.plan_id, after.sort_key)
    later = [i for i in candidates if (i.plan_id, i.sort_key) > key]
    return (later or candidates or [None])[0]


def complete_drafts(round_: FollowUpRound, user: User, *, besides: list[int]) -> list[Rating]:
    """The user's ratings in the round with both smileys, not handed in, of initiatives other
    than `besides` (the page's rows): what »Indsend alle færdige« submits from other pages."""
    ratings = (
        Rating.objects.filter(round=round_, status__in=IN_PROGRESS, initiative__in=_worklist_initiatives(round_, user))
        .exclude(effort="")
        .exclude(economy="")
        .exclude(initiative_id__in=besides)
    )
    return list(ratings.select_related("initiative__plan").order_by("initiative__plan_id", "initiative__sort_key"))


def submittable_count(round_: FollowUpRound, user: User) -> int:
    """How many of the user's ratings in the round have both smileys and are not handed in:
    what »Indsend alle færdige« would submit."""
    return (
        Rating.objects.filter(round=round_, status__in=IN_PROGRESS, initiative__in=_worklist_initiatives(round_, user))
        .exclude(effort="")
        .exclude(economy="")
        .count()
    )


def department_is_done(round_: FollowUpRound, department_id: int) -> int:
    """The number of the department's initiatives in the round when every one of them is
    handed in (submitted or approved); 0 while something is missing."""
    initiatives = Initiative.objects.filter(
        plan__agreement_id=round_.agreement_id, responsible_department_id=department_id
    )
    counts = initiatives.aggregate(
        total=Count("pk", distinct=True),
        done=Count("ratings", filter=Q(ratings__round=round_, ratings__status__in=DONE), distinct=True),
    )
    return counts["total"] if counts["total"] and counts["total"] == counts["done"] else 0


def unapproved_count(round_: FollowUpRound) -> int:
    """How many of the round's initiatives are not approved (no rating, a draft, returned or
    waiting for review): what closing the round leaves unfinished."""
    approved = Rating.objects.filter(round=round_, status=Rating.Status.APPROVED).values("initiative_id")
    return Initiative.objects.filter(plan__agreement_id=round_.agreement_id).exclude(pk__in=approved).count()


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
    messages: list[RatingMessage]
    indicators: list[Indicator] = field(default_factory=list)
    budget_kr: int | None = None  # the net budget in force for the round's year

    @property
    def milestone_blank(self) -> bool:
        return self.milestone is None or self.milestone.is_blank


def rating_page(round_: FollowUpRound, initiative: Initiative) -> RatingPage:
    """The rating page's data for `initiative` in `round_`."""
    earlier_rounds = list(FollowUpRound.objects.filter(agreement_id=round_.agreement_id, ordinal__lt=round_.ordinal))
    # Through the initiative's manager, so rating.initiative needs no query of its own.
    rating = initiative.ratings.filter(round=round_).select_related("updated_by").first()
    return RatingPage(
        milestone=milestone_for(initiative, round_),
        rating=rating,
        earlier=attach_round_data([initiative], earlier_rounds)[0].by_round,
        baseline=current_economy_baseline(initiative),
        messages=list(rating.messages.select_related("author")) if rating else [],
        indicators=indicators_in_round(initiative, round_),
        budget_kr=year_budget(initiative, round_),
    )


def indicators_in_round(initiative: Initiative, round_: FollowUpRound) -> list[Indicator]:
    """The initiative's key figures, each with `.value` in `round_` (None: not entered)."""
    indicators = list(
        Indicator.objects.filter(initiative=initiative).prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.filter(round=round_), to_attr="in_round")
        )
    )
    for indicator in indicators:
        indicator.value = _plain(indicator.in_round[0].value) if indicator.in_round else None
    return indicators


def _plain(value):
    """7.50 → 7.5 and 10.00 → 10: the value as typed, not as stored with two decimals."""
    return value.quantize(1) if value == value.to_integral_value() else value.normalize()


def indicators_with_values(initiative: Initiative) -> list[Indicator]:
    """The initiative's key figures, each with `.rows` (round, value or None) for every round
    of the agreement and `.series` (the rounds with a value, for `core.charts`)."""
    rounds = list(FollowUpRound.objects.filter(agreement_id=initiative.plan.agreement_id).order_by("ordinal"))
    indicators = list(Indicator.objects.filter(initiative=initiative).prefetch_related("values"))
    for indicator in indicators:
        values = {value.round_id: _plain(value.value) for value in indicator.values.all()}
        indicator.rows = [(round_, values.get(round_.pk)) for round_ in rounds]
        indicator.baseline_shown, indicator.target_shown = (
            None if v is None else _plain(v) for v in (indicator.baseline, indicator.target)
        )
        points = tuple((round_.name, value) for round_, value in indicator.rows if value is not None)
        indicator.series = Series(indicator.name, indicator.unit, points)
    return indicators


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
class Progress:
    """A round's ratings of some initiatives (a department's or a plan's) by status."""

    total: int = 0
    counts: Counter = field(default_factory=Counter)

    @property
    def missing(self) -> int:
        """Initiatives without a rating (not started)."""
        return self.total - sum(self.counts.values())

    @property
    def unapproved(self) -> int:
        """Initiatives not approved yet, whatever their state."""
        return self.total - self.counts[Rating.Status.APPROVED]

    @property
    def handed_in(self) -> int:
        """Initiatives submitted or approved."""
        return self.counts[Rating.Status.SUBMITTED] + self.counts[Rating.Status.APPROVED]

    @property
    def done(self) -> bool:
        return self.total > 0 and self.counts[Rating.Status.APPROVED] == self.total


@dataclass
class DepartmentProgress(Progress):
    department: Department | None = None

    @property
    def label(self) -> str:
        return self.department.name


@dataclass
class PlanProgress(Progress):
    plan: ImplementationPlan | None = None

    @property
    def label(self) -> str:
        return self.plan.committee.name


def _with_progress(units: QuerySet, round_: FollowUpRound) -> list[tuple[object, int, Counter]]:
    """(unit, initiatives, ratings by status in the round) for departments or plans, whose
    initiatives are both reached as `initiatives`. One query."""
    statuses = [s for s, _label in Rating.Status.choices]
    # Joined to this round's ratings only: at most one per initiative, so nothing is counted
    # twice and no DISTINCT is needed (counting distinct over every round's ratings cost
    # PostgreSQL 14 ms at 3,500 initiatives).
    round_ratings = FilteredRelation("initiatives__ratings", condition=Q(initiatives__ratings__round=round_))
    rows = units.annotate(
        round_ratings=round_ratings,
        total=Count("initiatives"),
        **{status: Count("round_ratings", filter=Q(round_ratings__status=status)) for status in statuses},
    )
    return [(row, row.total, Counter({status: getattr(row, status) for status in statuses})) for row in rows]


def round_progress(round_: FollowUpRound) -> list[DepartmentProgress]:
    """Per department: initiatives in the round, and how many ratings are in each status."""
    departments = Department.objects.filter(initiatives__plan__agreement_id=round_.agreement_id).order_by("name")
    return [
        DepartmentProgress(total, counts, department=row) for row, total, counts in _with_progress(departments, round_)
    ]


def plan_progress(round_: FollowUpRound) -> list[PlanProgress]:
    """Per plan (committee) of the round's agreement, the same counts as round_progress."""
    plans = (
        ImplementationPlan.objects.filter(agreement_id=round_.agreement_id)
        .select_related("committee")
        .order_by("committee__name")
    )
    return [PlanProgress(total, counts, plan=row) for row, total, counts in _with_progress(plans, round_)]


# How good a smiley is, to show a change against the previous round as better or worse.
# No milestone (and no smiley) has no rank: nothing to compare.
RANK = {smileys.GREEN: 3, smileys.YELLOW: 2, smileys.RED: 1}


@dataclass
class ReviewFilter:
    """The review page's filters: a department, an effort or economy smiley, and only ratings
    whose smileys changed since the previous round (or that have no previous rating)."""

    department: int | None = None
    effort: str = ""
    economy: str = ""
    changed: bool = False

    @property
    def active(self) -> bool:
        return bool(self.department or self.effort or self.economy or self.changed)


@dataclass
class ReviewCard:
    """A rating as the reviewer sees it: beside the round's milestone and the previous round's
    rating of the same initiative (None in the first round or when it was not rated)."""

    rating: Rating
    milestone: Milestone | None
    previous: Rating | None

    def _trend(self, kind: str) -> str:
        if self.previous is None:
            return ""
        before = RANK.get(getattr(self.previous, kind))
        now = RANK.get(getattr(self.rating, kind))
        if before is None or now is None or before == now:
            return ""
        return "better" if now > before else "worse"

    @property
    def effort_trend(self) -> str:
        """ "better", "worse" or "" (the same, or nothing to compare) against the previous round."""
        return self._trend("effort")

    @property
    def economy_trend(self) -> str:
        return self._trend("economy")

    @property
    def changed(self) -> bool:
        """A smiley differs from the previous round's, or there is no previous rating."""
        if self.previous is None:
            return True
        return (self.previous.effort, self.previous.economy) != (self.rating.effort, self.rating.economy)


def review_cards(
    round_: FollowUpRound, status: str | None, filters: ReviewFilter, pks: list[int] | None = None
) -> list[ReviewCard]:
    """The round's ratings in `status` (submitted: to review; returned: waiting for the
    department; None: any) that pass `filters` (and, given `pks`, only those), by department
    and number, with the milestone, the dialogue, the economy baseline and the previous
    round's rating. Five queries."""
    ratings = Rating.objects.filter(round=round_)
    if status is not None:
        ratings = ratings.filter(status=status)
    if pks is not None:
        ratings = ratings.filter(pk__in=pks)
    if filters.department:
        ratings = ratings.filter(initiative__responsible_department_id=filters.department)
    if filters.effort:
        ratings = ratings.filter(effort=filters.effort)
    if filters.economy:
        ratings = ratings.filter(economy=filters.economy)
    ratings = list(
        ratings.select_related(
            "initiative__responsible_department", "initiative__plan", "updated_by", "economy_baseline"
        )
        .prefetch_related(
            Prefetch("initiative__milestones", queryset=Milestone.objects.filter(round=round_)),
            Prefetch("messages", queryset=RatingMessage.objects.select_related("author")),
        )
        .order_by("initiative__responsible_department__name", "initiative__plan_id", "initiative__sort_key")
    )
    previous = {
        r.initiative_id: r
        for r in Rating.objects.select_related("round").filter(
            round__agreement_id=round_.agreement_id,
            round__ordinal=round_.ordinal - 1,
            initiative_id__in=[r.initiative_id for r in ratings],
        )
    }
    cards = [
        ReviewCard(rating, next(iter(rating.initiative.milestones.all()), None), previous.get(rating.initiative_id))
        for rating in ratings
    ]
    return [card for card in cards if card.changed] if filters.changed else cards


def review_cards_of(round_: FollowUpRound, pks: list[int]) -> list[ReviewCard]:
    """The cards of these ratings of the round, whatever their status (after a review action)."""
    return review_cards(round_, None, ReviewFilter(), pks)


def versions_seen(versions: dict[int, int]) -> dict[int, object]:
    """The recorded state of each rating at the version the reviewer saw (rating pk → history
    record), so a conflict can show both versions. One query."""
    if not versions:
        return {}
    records = Rating.history.filter(id__in=list(versions)).select_related("history_user").order_by("history_id")
    return {record.id: record for record in records if record.version == versions[record.id]}


def review_departments(round_: FollowUpRound) -> list[Department]:
    """The departments with initiatives in the round (the review page's department filter)."""
    return list(
        Department.objects.filter(initiatives__plan__agreement_id=round_.agreement_id).distinct().order_by("name")
    )


@dataclass
class SmileyCounts:
    """Counts of effort and economy smileys for one group (a theme, a department):
    `core.smileys.tally` of each kind."""

    label: str
    effort: dict[str, int] = field(default_factory=dict)
    economy: dict[str, int] = field(default_factory=dict)


# What a matrix cell without a rating says: the round is not opened yet ("–"), it was closed
# without a rating ("Mangler"), or it is open and nobody has rated yet.
NOT_OPENED, MISSING, NOT_RATED = "not_opened", "missing", "not_rated"


def cell_state(round_: FollowUpRound, rating: Rating | None) -> str:
    """The rating's status (draft, submitted, returned, approved), or for no rating one of
    NOT_OPENED, MISSING, NOT_RATED by the round's status."""
    if rating is not None:
        return rating.status
    if round_.status == FollowUpRound.Status.PLANNED:
        return NOT_OPENED
    if round_.status == FollowUpRound.Status.CLOSED:
        return MISSING
    return NOT_RATED


@dataclass(frozen=True)
class MatrixCell:
    round: FollowUpRound
    rating: Rating | None
    state: str


@dataclass
class ThemeRows:
    """One theme of the smiley matrix: its initiatives' cells, and per round the theme's
    effort totals (`core.smileys.tally`, the same rule as the counts under the matrix)."""

    theme: object
    rows: list[tuple[Initiative, list[MatrixCell]]]
    totals: list[dict[str, int]]


@dataclass
class SmileyOverview:
    rounds: list[FollowUpRound]
    initiatives: list[Initiative]
    by_theme: list[tuple[FollowUpRound, list[SmileyCounts]]]
    by_department: list[tuple[FollowUpRound, list[SmileyCounts]]]
    themes: list[ThemeRows] = field(default_factory=list)


def _theme_rows(initiatives: list[Initiative], rounds: list[FollowUpRound]) -> list[ThemeRows]:
    themes: dict[int, ThemeRows] = {}
    for initiative in initiatives:
        group = themes.setdefault(initiative.theme_id, ThemeRows(initiative.theme, [], []))
        cells = [MatrixCell(r, rating, cell_state(r, rating)) for r, _milestone, rating in initiative.by_round]
        group.rows.append((initiative, cells))
    for group in themes.values():
        group.totals = [
            smileys.tally((smileys.value_of(cells[index].rating, "effort") for _i, cells in group.rows), "effort")
            for index in range(len(rounds))
        ]
    return list(themes.values())


def smiley_overview(plan: ImplementationPlan, viewer: User | None = None, theme=None) -> SmileyOverview:
    """The plan's initiatives (or only `theme`'s) × rounds with their ratings, and counts per
    theme, department and round. Counts include every rating `viewer` may see (drafts only of
    their own department, or all for an administrator), drafts marked as such on the page."""
    rounds = list(FollowUpRound.objects.filter(agreement_id=plan.agreement_id).order_by("ordinal"))
    scope = Initiative.objects.filter(plan=plan) if theme is None else Initiative.objects.filter(plan=plan, theme=theme)
    initiatives = list(initiatives_with_ratings(scope, viewer).order_by("theme__number", "sort_key"))
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
        themes=_theme_rows(initiatives, rounds),
    )


@dataclass
class FoldedSmileyTheme:
    """A folded theme of the smiley matrix: how many initiatives, and the effort smileys
    (`core.smileys.tally`) of the summary round."""

    theme: object
    initiatives: int
    summary: dict[str, int]


@dataclass
class FoldedSmileys:
    rounds: list[FollowUpRound]
    summary_round: FollowUpRound | None
    themes: list[FoldedSmileyTheme]
    by_department: list[tuple[FollowUpRound, list[SmileyCounts]]]


def folded_smileys(plan: ImplementationPlan, viewer: User | None = None) -> FoldedSmileys:
    """What the folded smiley matrix shows, counted in the database (five queries, whatever
    the plan's size): per theme the initiatives and the summary round's effort smileys, and
    per round and department the counts, with the ratings `viewer` may see, like smiley_overview."""
    rounds = list(FollowUpRound.objects.filter(agreement_id=plan.agreement_id).order_by("ordinal"))
    summary = rounds[summary_round_index(rounds)] if rounds else None
    per_theme, per_department = Counter(), Counter()
    for theme_id, department, count in (
        Initiative.objects.filter(plan=plan)
        .values_list("theme_id", "responsible_department__name")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        per_theme[theme_id] += count
        per_department[department] += count
    ratings = _visible(Rating.objects.filter(initiative__plan=plan), viewer)
    theme_values: dict[int, list[str]] = defaultdict(list)
    for theme_id, effort, count in (
        ratings.filter(round=summary)
        .values_list("initiative__theme_id", "effort")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        theme_values[theme_id] += [effort] * count
    themes = [
        FoldedSmileyTheme(theme, per_theme[theme.pk], _tally_padded(theme_values[theme.pk], per_theme[theme.pk]))
        for theme in plan_themes(plan)
        if per_theme[theme.pk]
    ]
    return FoldedSmileys(rounds, summary, themes, _department_counts(ratings, rounds, per_department))


def _tally_padded(values: list[str], initiatives: int, kind: str = "effort") -> dict[str, int]:
    """tally of `values`, the initiatives without a rating counted as not rated."""
    return smileys.tally([*values, *[smileys.UNRATED] * (initiatives - len(values))], kind)


def _department_counts(ratings, rounds, per_department: Counter) -> list[tuple[FollowUpRound, list[SmileyCounts]]]:
    values: dict[tuple[int, str], dict[str, list[str]]] = defaultdict(lambda: {"effort": [], "economy": []})
    for round_id, department, effort, economy, count in (
        ratings.values_list("round_id", "initiative__responsible_department__name", "effort", "economy")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        values[(round_id, department)]["effort"] += [effort] * count
        values[(round_id, department)]["economy"] += [economy] * count
    result = []
    for round_ in rounds:
        groups = []
        for department in sorted(per_department):
            given = values[(round_.pk, department)]
            groups.append(
                SmileyCounts(
                    department,
                    effort=_tally_padded(given["effort"], per_department[department]),
                    economy=_tally_padded(given["economy"], per_department[department], "economy"),
                )
            )
        result.append((round_, groups))
    return result


def plan_themes(plan: ImplementationPlan) -> list:
    """The themes of the plan's agreement, by number (only what a theme's label needs)."""
    return list(Theme.objects.filter(agreement_id=plan.agreement_id).only("number", "title").order_by("number"))


def summary_round_index(rounds: list[FollowUpRound]) -> int:
    """Which round a folded theme's counts are of: the latest one opened (else the first)."""
    opened = [index for index, round_ in enumerate(rounds) if round_.status != FollowUpRound.Status.PLANNED]
    return opened[-1] if opened else 0


# Bookkeeping fields that change with every save; a record that changed only these is not shown.
HISTORY_NOISE = ["version", "updated_at", "updated_by", "sort_key"]


def initiative_history(initiative: Initiative, viewer: User | None = None) -> list[dict]:
    """Every recorded change to the initiative, its milestones, ratings and economy revisions,
    newest first, as {when, who, what, type, changes: [(field, before, after)]}. A `viewer`
    who may not see the initiative's drafts sees none of a rating's draft states: changes are
    shown between the states they may see (None: everything)."""
    entries = []
    rating_history = Rating.history.filter(initiative_id=initiative.pk)
    if viewer is not None and not permissions.can_see_draft(viewer, initiative):
        rating_history = rating_history.exclude(status=Rating.Status.DRAFT)
    sources = [
        initiative.history.all(),
        Milestone.history.filter(initiative_id=initiative.pk),
        rating_history,
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
                    "type": history_type(record),
                    "changes": changes,
                }
            )
    entries += _message_entries(initiative, round_names)
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def _message_entries(initiative: Initiative, round_names: dict[int, str]) -> list[dict]:
    """The dialogue about the initiative's ratings as history entries (messages never change,
    so each is one entry: who wrote what, when)."""
    messages = RatingMessage.objects.filter(rating__initiative=initiative).select_related("author", "rating")
    return [
        {
            "when": message.created_at,
            "who": changed_by(message.author),
            "what": f"{RatingMessage._meta.verbose_name} · {round_names.get(message.rating.round_id, '')}",
            "type": message.get_side_display(),
            "changes": [],
            "text": message.text,
        }
        for message in messages
    ]
