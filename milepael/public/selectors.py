"""Queries for the public pages. Only published content leaves this module: rounds with a
live publication, their *approved* ratings (smileys only) and the administrators' public
comments. Internal comments, remarks and economy references are deferred, so a template
that tried to show them would cost a query per row and fail the query-count tests.

Every function runs a fixed number of queries, whatever the number of initiatives."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from milepael.core import smileys
from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme
from milepael.plans.selectors import ThemeGroup

# Only these fields of a rating are ever read for the public pages.
PUBLIC_RATING_FIELDS = ("id", "initiative_id", "round_id", "effort", "economy", "status", "public_comment__text")


# What a public list shows of an initiative (its page and the open data add their own).
PUBLIC_INITIATIVE_FIELDS = (
    "id",
    "plan_id",
    "number",
    "title",
    "sort_key",
    "theme__id",
    "theme__number",
    "theme__title",
    "responsible_department__id",
    "responsible_department__name",
)


def public_ratings():
    """Approved ratings of published rounds, with nothing but the smileys and the public comment."""
    return (
        Rating.objects.filter(
            status=Rating.Status.APPROVED,
            round__publication__isnull=False,
            round__publication__withdrawn_at__isnull=True,
        )
        .select_related("public_comment")
        .only(*PUBLIC_RATING_FIELDS)
    )


def published_rounds(agreement_id: int) -> list[FollowUpRound]:
    return list(
        FollowUpRound.objects.filter(
            agreement_id=agreement_id, publication__isnull=False, publication__withdrawn_at__isnull=True
        )
        .select_related("publication")
        .order_by("ordinal")
    )


@dataclass
class PublicPlanEntry:
    plan: ImplementationPlan
    rounds: list[FollowUpRound]
    initiatives: int = 0  # how many initiatives the plan has
    # round id → how many of them reached the milestone (glad, approved) in that round
    reached_in: dict[int, int] = field(default_factory=dict)

    @property
    def latest_round(self) -> FollowUpRound | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def reached(self) -> int:
        """How many reached the milestone in the latest published round."""
        return self.reached_in.get(self.latest_round.pk, 0) if self.rounds else 0


def published_plans() -> list[PublicPlanEntry]:
    """Plans of agreements with at least one published round, newest agreement first, each
    with the citizens' summary of its latest round (four queries, whatever the data)."""
    rounds = list(
        FollowUpRound.objects.filter(publication__isnull=False, publication__withdrawn_at__isnull=True)
        .select_related("publication")
        .order_by("ordinal")
    )
    by_agreement: dict[int, list[FollowUpRound]] = {}
    for round_ in rounds:
        by_agreement.setdefault(round_.agreement_id, []).append(round_)
    plans = ImplementationPlan.objects.filter(agreement_id__in=by_agreement).select_related("agreement", "committee")
    initiatives = dict(
        Initiative.objects.filter(plan__agreement_id__in=by_agreement)
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "n")
    )
    reached: dict[int, dict[int, int]] = {}
    for plan_id, round_id, count in (
        public_ratings()
        .filter(effort=smileys.GREEN)
        .order_by()
        .values("initiative__plan_id", "round_id")
        .annotate(n=Count("pk"))
        .values_list("initiative__plan_id", "round_id", "n")
    ):
        reached.setdefault(plan_id, {})[round_id] = count
    return [
        PublicPlanEntry(plan, by_agreement[plan.agreement_id], initiatives.get(plan.pk, 0), reached.get(plan.pk, {}))
        for plan in plans
    ]


def published_plan_contacts() -> list[ImplementationPlan]:
    """Plans with a published round and a contact person or e-mail (for feedback)."""
    return list(
        ImplementationPlan.objects.filter(
            agreement__rounds__publication__isnull=False, agreement__rounds__publication__withdrawn_at__isnull=True
        )
        .exclude(contact_person="", email="")
        .distinct()
        .only("title", "contact_person", "phone", "email")
    )


def public_plan(pk: int) -> ImplementationPlan:
    """The plan, if it has a published round (else ImplementationPlan.DoesNotExist)."""
    return (
        ImplementationPlan.objects.select_related("agreement", "committee")
        .filter(agreement__rounds__publication__isnull=False, agreement__rounds__publication__withdrawn_at__isnull=True)
        .distinct()
        .get(pk=pk)
    )


def themes_of(plan: ImplementationPlan) -> list[Theme]:
    """The themes the plan's initiatives are in (for the filter; the responsible departments
    come from plans.selectors.departments_of)."""
    return list(Theme.objects.filter(initiatives__plan=plan).distinct().order_by("number"))


def public_theme(plan: ImplementationPlan, number: int) -> Theme:
    """The theme `number` of the plan's initiatives (Theme.DoesNotExist when it has none)."""
    return Theme.objects.filter(initiatives__plan=plan, number=number).distinct().get()


@dataclass
class PublicFilter:
    theme: int | None = None
    department: int | None = None
    status: str = ""

    @property
    def active(self) -> bool:
        return bool(self.theme or self.department or self.status)


def _attach_public_ratings(initiatives, rounds: list[FollowUpRound]) -> None:
    for initiative in initiatives:
        ratings = {r.round_id: r for r in initiative.public_ratings}
        initiative.public_by_round = [(round_, ratings.get(round_.pk)) for round_ in rounds]
        # For the phone cards: the newest published round first, the earlier ones newest first.
        initiative.public_latest = initiative.public_by_round[-1] if rounds else None
        initiative.public_earlier = initiative.public_by_round[-2::-1]


def _filtered(plan: ImplementationPlan, rounds: list[FollowUpRound], filters: PublicFilter):
    """The plan's initiatives that pass `filters`; the status filter is the effort smiley in
    the latest published round."""
    initiatives = Initiative.objects.filter(plan=plan)
    if filters.theme:
        initiatives = initiatives.filter(theme__number=filters.theme)
    if filters.department:
        initiatives = initiatives.filter(responsible_department_id=filters.department)
    if filters.status and rounds:
        initiatives = initiatives.filter(
            pk__in=public_ratings().filter(round=rounds[-1], effort=filters.status).values("initiative_id")
        )
    return initiatives


def plan_overview(plan: ImplementationPlan, rounds: list[FollowUpRound], filters: PublicFilter) -> list[ThemeGroup]:
    """Themes with their (filtered) initiatives; each initiative gets `.public_by_round`, a
    list of (round, approved rating or None) aligned with `rounds`."""
    initiatives = (
        _filtered(plan, rounds, filters)
        .select_related("theme", "responsible_department")
        .only(*PUBLIC_INITIATIVE_FIELDS)
        .prefetch_related(
            Prefetch("ratings", queryset=public_ratings().filter(round__in=rounds), to_attr="public_ratings")
        )
        .order_by("theme__number", "sort_key")
    )
    groups: dict[int, ThemeGroup] = {}
    for initiative in initiatives:
        groups.setdefault(initiative.theme_id, ThemeGroup(initiative.theme)).initiatives.append(initiative)
    for group in groups.values():
        _attach_public_ratings(group.initiatives, rounds)
    return list(groups.values())


@dataclass
class ThemeSummary:
    """A folded theme: how many (filtered) initiatives it has and, per published round, how
    many of them have each effort smiley (`smileys.tally` keys)."""

    theme: Theme
    initiatives: int
    by_round: list[tuple[FollowUpRound, dict[str, int]]]

    @property
    def latest(self) -> dict[str, int] | None:
        return self.by_round[-1][1] if self.by_round else None


def theme_summaries(
    plan: ImplementationPlan, rounds: list[FollowUpRound], filters: PublicFilter, themes: list[Theme]
) -> list[ThemeSummary]:
    """The themes (of `themes`, in their order) that have initiatives passing `filters`, with
    their counts, from two grouped queries whatever the size of the plan: what the folded
    plan page shows without loading a single initiative."""
    initiatives = _filtered(plan, rounds, filters)
    per_theme = dict(initiatives.order_by().values("theme_id").annotate(n=Count("pk")).values_list("theme_id", "n"))
    rated: dict[tuple[int, int], dict[str, int]] = {}
    for theme_id, round_id, effort, n in (
        public_ratings()
        .filter(initiative__in=initiatives.values("pk"), round__in=rounds)
        .order_by()
        .values("initiative__theme_id", "round_id", "effort")
        .annotate(n=Count("pk"))
        .values_list("initiative__theme_id", "round_id", "effort", "n")
    ):
        counts = rated.setdefault((theme_id, round_id), {})
        key = effort or smileys.UNRATED_KEY
        counts[key] = counts.get(key, 0) + n
    summaries = []
    for theme in themes:
        total = per_theme.get(theme.pk, 0)
        if not total:
            continue
        by_round = []
        for round_ in rounds:
            counts = rated.get((theme.pk, round_.pk), {})
            tally = {key: counts.get(key, 0) for key in smileys.TALLY_KEYS["effort"]}
            tally[smileys.UNRATED_KEY] = total - sum(counts.values()) + counts.get(smileys.UNRATED_KEY, 0)
            by_round.append((round_, tally))
        summaries.append(ThemeSummary(theme, total, by_round))
    return summaries


def summed_counts(summaries: list[ThemeSummary], rounds: list[FollowUpRound]) -> list[tuple[FollowUpRound, dict]]:
    """Per published round, the effort counts of all `summaries` together (as `effort_counts`)."""
    result = []
    for index, round_ in enumerate(rounds):
        total = dict.fromkeys(smileys.TALLY_KEYS["effort"], 0)
        for summary in summaries:
            for key, n in summary.by_round[index][1].items():
                total[key] += n
        result.append((round_, total))
    return result


def effort_counts(groups: list[ThemeGroup], rounds: list[FollowUpRound]) -> list[tuple[FollowUpRound, dict]]:
    """Per published round: how many of the shown initiatives have each effort smiley."""
    result = []
    for index, round_ in enumerate(rounds):
        ratings = [initiative.public_by_round[index][1] for group in groups for initiative in group.initiatives]
        result.append((round_, smileys.tally((smileys.value_of(r, "effort") for r in ratings), "effort")))
    return result


def public_initiative(plan: ImplementationPlan, number: str, rounds: list[FollowUpRound]) -> Initiative:
    """The initiative with `.public_by_round` as (round, milestone, approved rating or None)."""
    initiative = (
        Initiative.objects.select_related("theme", "responsible_department", "responsible_committee")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.filter(round__in=rounds), to_attr="public_milestones"),
            Prefetch("ratings", queryset=public_ratings().filter(round__in=rounds), to_attr="public_ratings"),
        )
        .get(plan=plan, number=number)
    )
    milestones = {m.round_id: m for m in initiative.public_milestones}
    ratings = {r.round_id: r for r in initiative.public_ratings}
    initiative.public_by_round = [(r, milestones.get(r.pk), ratings.get(r.pk)) for r in rounds]
    return initiative


# --- The administrators' publishing pages ---------------------------------------------------


def rounds_for_publishing() -> list[FollowUpRound]:
    """Every round, newest agreement first, with its publication and who published it."""
    return list(
        FollowUpRound.objects.select_related("agreement", "publication", "publication__published_by").order_by(
            "-agreement__budget_year", "ordinal"
        )
    )


def round_to_publish(pk: int) -> FollowUpRound:
    """The round with its agreement and publication (FollowUpRound.DoesNotExist when there is none)."""
    return FollowUpRound.objects.select_related("agreement", "publication").get(pk=pk)


def ratings_for_public_comments(round_: FollowUpRound) -> list[Rating]:
    """The round's approved ratings with their initiative, department and public comment, in plan order."""
    return list(
        Rating.objects.filter(round=round_, status=Rating.Status.APPROVED)
        .select_related("initiative", "initiative__responsible_department", "public_comment")
        .order_by("initiative__plan_id", "initiative__sort_key")
    )


# How many initiatives the publishing preview shows in full, as citizens will see them.
PREVIEW_ROWS = 10


@dataclass
class PublishPreview:
    """What citizens will see when the round is published, and what they will not: counts of
    the approved smileys, the first initiatives as the public page lists them, and how many
    initiatives will show as not rated (no rating, or a rating that is not approved)."""

    round: FollowUpRound
    total: int
    effort: dict[str, int]
    economy: dict[str, int]
    first: list[tuple[Initiative, Rating | None]]
    not_approved: int
    unrated: int

    @property
    def hidden(self) -> int:
        return self.not_approved + self.unrated


def publish_preview(round_: FollowUpRound) -> PublishPreview:
    """The preview of publishing `round_` (three queries, whatever the size of the plans)."""
    initiatives = list(
        Initiative.objects.filter(plan__agreement_id=round_.agreement_id)
        .select_related("responsible_department")
        .only("id", "number", "title", "plan_id", "sort_key", "responsible_department__name")
        .order_by("plan_id", "sort_key")
    )
    statuses = dict(Rating.objects.filter(round=round_).values_list("initiative_id", "status"))
    approved = {
        r.initiative_id: r
        for r in Rating.objects.filter(round=round_, status=Rating.Status.APPROVED).only(
            "id", "initiative_id", "effort", "economy", "status"
        )
    }
    shown = [approved.get(initiative.pk) for initiative in initiatives]
    return PublishPreview(
        round=round_,
        total=len(initiatives),
        effort=smileys.tally((smileys.value_of(rating, "effort") for rating in shown), "effort"),
        economy=smileys.tally((smileys.value_of(rating, "economy") for rating in shown), "economy"),
        first=[(i, approved.get(i.pk)) for i in initiatives[:PREVIEW_ROWS]],
        not_approved=sum(1 for i in initiatives if i.pk in statuses and i.pk not in approved),
        unrated=sum(1 for i in initiatives if i.pk not in statuses),
    )


# --- Open data ------------------------------------------------------------------------------


def open_data_initiatives(plan: ImplementationPlan, rounds: list[FollowUpRound]) -> list[Initiative]:
    """The plan's initiatives in plan order, each with `.public_by_round` as (round, milestone,
    approved rating or None) for the published `rounds` — the same published fields as the
    initiative page, nothing else (three queries, whatever the size of the plan)."""
    initiatives = list(
        Initiative.objects.filter(plan=plan)
        .select_related("theme", "responsible_department")
        .only(*PUBLIC_INITIATIVE_FIELDS)
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(round__in=rounds).only("id", "initiative_id", "round_id", "text"),
                to_attr="public_milestones",
            ),
            Prefetch("ratings", queryset=public_ratings().filter(round__in=rounds), to_attr="public_ratings"),
        )
        .order_by("theme__number", "sort_key")
    )
    for initiative in initiatives:
        milestones = {m.round_id: m for m in initiative.public_milestones}
        ratings = {r.round_id: r for r in initiative.public_ratings}
        initiative.public_by_round = [(r, milestones.get(r.pk), ratings.get(r.pk)) for r in rounds]
    return initiatives
