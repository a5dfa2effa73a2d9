"""What the start pages show, composed from the follow-up, the public pages and the reports.
Every function runs a fixed number of queries, whatever the number of initiatives."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import timezone

from milepael.core import smileys
from milepael.followup.models import Rating, RatingMessage
from milepael.followup.selectors import DONE, DepartmentProgress, round_progress
from milepael.organisation import permissions
from milepael.organisation.permissions import User
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative
from milepael.public.models import Publication

# The counts a reporter sees for their departments, in the order of the work.
NOT_STARTED = "not_started"
REPORTER_STATES = [
    NOT_STARTED,
    Rating.Status.DRAFT,
    Rating.Status.RETURNED,
    Rating.Status.SUBMITTED,
    Rating.Status.APPROVED,
]


def days_left(deadline: datetime.date | None, today: datetime.date | None = None) -> int | None:
    """Days until the deadline (0: today, negative: overdue by that many days); None without one."""
    if deadline is None:
        return None
    return (deadline - (today or timezone.localdate())).days


def open_rounds() -> list[FollowUpRound]:
    """The open rounds, newest agreement first, earliest deadline first."""
    return list(
        FollowUpRound.objects.filter(status=FollowUpRound.Status.OPEN)
        .select_related("agreement")
        .order_by("-agreement__budget_year", "deadline", "ordinal")
    )


@dataclass
class ReporterRound:
    """An open round as a reporter sees it: deadline, counts for their departments, and the
    ratings sent back, each with the reviewer's latest message (`.latest_remark`)."""

    round: FollowUpRound
    total: int
    counts: Counter
    returned: list[Rating]

    @property
    def days_left(self) -> int | None:
        return days_left(self.round.deadline)

    @property
    def states(self) -> list[tuple[str, int]]:
        return [(state, self.counts[state]) for state in REPORTER_STATES]

    @property
    def handed_in(self) -> int:
        return sum(self.counts[s] for s in DONE)

    @property
    def to_do(self) -> int:
        """Initiatives the department still has to hand in."""
        return self.total - self.handed_in


def reporter_rounds(user: User) -> list[ReporterRound]:
    """The open rounds in which the user's departments have initiatives. Four queries."""
    rounds = open_rounds()
    departments = permissions.department_ids(user)
    totals = dict(
        Initiative.objects.filter(
            plan__agreement_id__in=[r.agreement_id for r in rounds], responsible_department_id__in=departments
        )
        .values_list("plan__agreement_id")
        .annotate(n=Count("pk"))
    )
    mine = Rating.objects.filter(round__in=rounds, initiative__responsible_department_id__in=departments)
    counts: dict[int, Counter] = {}
    for round_id, status, n in mine.values_list("round_id", "status").annotate(n=Count("pk")):
        counts.setdefault(round_id, Counter())[status] = n
    returned = (
        mine.filter(status=Rating.Status.RETURNED)
        .select_related("initiative")
        .prefetch_related(Prefetch("messages", queryset=RatingMessage.objects.select_related("author")))
        .order_by("initiative__plan_id", "initiative__sort_key")
    )
    returned_by_round: dict[int, list[Rating]] = {}
    for rating in returned:
        remarks = [m for m in rating.messages.all() if m.side == RatingMessage.Side.REVIEWER]
        rating.latest_remark = remarks[-1] if remarks else None
        returned_by_round.setdefault(rating.round_id, []).append(rating)
    result = []
    for round_ in rounds:
        total = totals.get(round_.agreement_id, 0)
        if not total:
            continue
        round_counts = counts.get(round_.pk, Counter())
        round_counts[NOT_STARTED] = total - sum(round_counts.values())
        result.append(ReporterRound(round_, total, round_counts, returned_by_round.get(round_.pk, [])))
    return result


@dataclass
class AdministratorRound:
    """An open round as the finance department follows it: progress per department."""

    round: FollowUpRound
    progress: list[DepartmentProgress]

    @property
    def days_left(self) -> int | None:
        return days_left(self.round.deadline)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.progress)

    def count(self, status: str) -> int:
        return sum(row.counts[status] for row in self.progress)

    @property
    def waiting(self) -> int:
        """Submitted and waiting for review."""
        return self.count(Rating.Status.SUBMITTED)

    @property
    def approved(self) -> int:
        return self.count(Rating.Status.APPROVED)

    @property
    def not_handed_in(self) -> int:
        return sum(row.total - row.handed_in for row in self.progress)

    @property
    def departments_behind(self) -> int:
        return sum(1 for row in self.progress if row.total > row.handed_in)


def administrator_rounds() -> list[AdministratorRound]:
    """Every open round with its progress per department (one query per open round; there is
    one open round at a time in practice, one per agreement at most)."""
    return [AdministratorRound(round_, round_progress(round_)) for round_ in open_rounds()]


@dataclass
class FinishedRound:
    """The latest closed round: whether it is published, the next round to open."""

    round: FollowUpRound
    publication: Publication | None
    next_round: FollowUpRound | None
    plans: list[ImplementationPlan] = field(default_factory=list)

    @property
    def is_published(self) -> bool:
        return self.publication is not None and self.publication.is_live


def latest_closed_round() -> FinishedRound | None:
    """The latest closed round (newest agreement, highest number) with its publication, its
    agreement's plans and the agreement's next planned round. Three queries."""
    round_ = (
        FollowUpRound.objects.filter(status=FollowUpRound.Status.CLOSED)
        .select_related("agreement", "publication")
        .order_by("-agreement__budget_year", "-ordinal")
        .first()
    )
    if round_ is None:
        return None
    next_round = (
        FollowUpRound.objects.filter(
            agreement_id=round_.agreement_id, ordinal__gt=round_.ordinal, status=FollowUpRound.Status.PLANNED
        )
        .order_by("ordinal")
        .first()
    )
    plans = list(round_.agreement.plans.select_related("committee").order_by("pk"))
    return FinishedRound(round_, getattr(round_, "publication", None), next_round, plans)


@dataclass
class ThemeSummary:
    """Effort smileys of one theme's initiatives in a round (approved ratings only; the rest
    count as not rated)."""

    theme: str
    counts: Counter

    @property
    def cells(self) -> list[int]:
        return [self.counts[value] for value in SUMMARY_VALUES]


SUMMARY_VALUES = [smileys.GREEN, smileys.YELLOW, smileys.RED, smileys.NO_MILESTONE, smileys.UNRATED]


@dataclass
class RoundSummary:
    round: FollowUpRound
    themes: list[ThemeSummary]
    shown: list[ThemeSummary] = field(default_factory=list)  # the rows the page shows (most_in_need)

    @property
    def totals(self) -> list[int]:
        return [sum(t.counts[value] for t in self.themes) for value in SUMMARY_VALUES]


def round_summary(round_: FollowUpRound) -> RoundSummary:
    """Per theme of the round's agreement: how many initiatives have each effort smiley
    (approved ratings), and how many are not rated. Two queries."""
    initiatives = Initiative.objects.filter(plan__agreement_id=round_.agreement_id).order_by(
        "theme__number", "sort_key"
    )
    effort = dict(
        Rating.objects.filter(round=round_, status=Rating.Status.APPROVED).values_list("initiative_id", "effort")
    )
    themes: dict[int, ThemeSummary] = {}
    for pk, theme_id, number, title in initiatives.values_list("pk", "theme_id", "theme__number", "theme__title"):
        summary = themes.setdefault(theme_id, ThemeSummary(f"{number}. {title}", Counter()))  # as str(Theme)
        summary.counts[effort.get(pk) or smileys.UNRATED] += 1
    summaries = list(themes.values())
    return RoundSummary(round_, summaries, most_in_need(summaries))


# A start page sums up: of more themes than this it shows those most in need of attention
# (a plan 100 times the seed has 800; the overview shows them all).
START_THEMES = 10


def most_in_need(themes: list, limit: int = START_THEMES) -> list:
    """Every theme when there are at most `limit`; else the `limit` with the most sur, then
    neutral effort smileys (`.counts` by smiley), in their own order."""
    if len(themes) <= limit:
        return themes
    ranked = sorted(
        range(len(themes)), key=lambda i: (-themes[i].counts[smileys.RED], -themes[i].counts[smileys.YELLOW])
    )
    return [themes[i] for i in sorted(ranked[:limit])]


def latest_publication() -> Publication | None:
    """The newest live publication, with its round, agreement and plans."""
    return (
        Publication.objects.live()
        .select_related("round__agreement", "published_by")
        .prefetch_related("round__agreement__plans")
        .order_by("-published_at")
        .first()
    )
