"""Queries the report pages and the report builder share. Each runs a fixed number of
queries, whatever the size of the plan."""

import uuid
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q

from milepael.followup.models import EconomyRevision, Rating
from milepael.followup.selectors import attach_round_data, initiatives_with_ratings
from milepael.organisation.models import Committee
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative
from milepael.term.models import ElectionTerm

from .models import ReportJob


def plan_for_report(plan_id: int) -> ImplementationPlan:
    """The plan with its agreement and committee (every report names both).
    Raises ImplementationPlan.DoesNotExist."""
    return ImplementationPlan.objects.select_related("agreement", "committee").get(pk=plan_id)


def agreement_for_report(agreement_id: int) -> Agreement:
    """Raises Agreement.DoesNotExist."""
    return Agreement.objects.get(pk=agreement_id)


def plans_for_report(agreement: Agreement) -> list[ImplementationPlan]:
    """The agreement's plans by committee, each with its agreement and committee."""
    return list(agreement.plans.select_related("agreement", "committee").order_by("committee__name"))


def agreement_round(agreement: Agreement, ordinal: int) -> FollowUpRound:
    """Raises FollowUpRound.DoesNotExist."""
    return FollowUpRound.objects.get(agreement=agreement, ordinal=ordinal)


def rounds_of(plan: ImplementationPlan) -> list[FollowUpRound]:
    """The agreement's follow-up rounds, first to last (the plan report has a row for each)."""
    return list(FollowUpRound.objects.filter(agreement_id=plan.agreement_id).order_by("ordinal"))


def round_exists(plan: ImplementationPlan, ordinal: int) -> bool:
    return FollowUpRound.objects.filter(agreement_id=plan.agreement_id, ordinal=ordinal).exists()


def agreement_size(agreement_id: int, ordinal: int) -> int:
    """The number of initiatives in the agreement's plans (what its report's cost grows with).
    Raises Agreement.DoesNotExist and FollowUpRound.DoesNotExist, as rendering would."""
    agreement = Agreement.objects.get(pk=agreement_id)
    agreement_round(agreement, ordinal)
    return Initiative.objects.filter(plan__agreement=agreement).count()


def term_size(term_id: int) -> int:
    """The number of initiatives the term's objectives follow (what its report's cost grows
    with). Raises ElectionTerm.DoesNotExist, as rendering would."""
    term = ElectionTerm.objects.get(pk=term_id)
    return Initiative.objects.filter(term_objectives__area__term=term).distinct().count()


def rounds_with_ratings(plan: ImplementationPlan) -> list[FollowUpRound]:
    """The rounds in which at least one of the plan's initiatives has a rating: those
    have a follow-up report to offer."""
    return list(
        FollowUpRound.objects.filter(agreement_id=plan.agreement_id, ratings__initiative__plan=plan)
        .distinct()
        .order_by("ordinal")
    )


def initiative_count(plan: ImplementationPlan) -> int:
    return plan.initiatives.count()


def initiatives_for_report(plan: ImplementationPlan, rounds: list[FollowUpRound]) -> list[Initiative]:
    """The plan's initiatives in report order (theme, then number) with everything a report
    shows: milestones and ratings per round (`.by_round`, aligned with `rounds`), the
    responsible committee, the contributors and the economy revisions in approval order."""
    initiatives = list(
        initiatives_with_ratings(Initiative.objects.filter(plan=plan))
        .select_related("responsible_committee")
        .prefetch_related(
            "contributors",
            Prefetch("economy_revisions", queryset=EconomyRevision.objects.order_by("approved_on", "pk")),
        )
        .order_by("theme__number", "sort_key")
    )
    return attach_round_data(initiatives, rounds)


def job_for_page(job_id: uuid.UUID) -> ReportJob:
    """A report job with what its page shows, without the file itself (it may be large) but
    with `file_kept`: whether there is one. Raises ReportJob.DoesNotExist."""
    return (
        ReportJob.objects.select_related("plan__agreement", "plan__committee", "agreement", "term", "created_by")
        .defer("content")
        .annotate(file_kept=ExpressionWrapper(Q(content__isnull=False), output_field=BooleanField()))
        .get(pk=job_id)
    )


def job_content(job: ReportJob) -> bytes:
    """The finished file of a job loaded by `job_for_page`."""
    return bytes(ReportJob.objects.values_list("content", flat=True).get(pk=job.pk))


def jobs_for_list(plan: ImplementationPlan, user, *, every_users: bool, limit: int = 20) -> list[ReportJob]:
    """The plan's latest reports, newest first: `user`'s own, or everyone's (`every_users`,
    for those permissions.can_see_every_report_job allows), without the files, each with
    `file_kept` (a file to download) and its orderer."""
    jobs = ReportJob.objects.filter(plan=plan, kind=ReportJob.Kind.PLAN)  # not its exports
    if not every_users:
        jobs = jobs.filter(created_by=user)
    return list(
        jobs.select_related("created_by")
        .defer("content")
        .annotate(file_kept=ExpressionWrapper(Q(content__isnull=False), output_field=BooleanField()))
        .order_by("-created_at")[:limit]
    )


def rating_states(plan: ImplementationPlan) -> list[tuple[int, int, int, str]]:
    """Every rating of the plan as (round ordinal, id, version, status): enough to tell
    whether a report would rest on the same ratings today (`builders.fingerprint`)."""
    return list(Rating.objects.filter(initiative__plan=plan).values_list("round__ordinal", "pk", "version", "status"))


def committee_names() -> list[str]:
    """The committees a report can go to (suggestions; any name may be typed)."""
    return list(Committee.objects.order_by("name").values_list("name", flat=True))


@dataclass
class ReportsPage:
    """What the reports page shows: the rounds with a follow-up report, the latest generated
    reports (`jobs_for_list`), the plan's ratings as `rating_states` gives them, and the
    committee names the form suggests. Five queries, whatever the plan's size."""

    rounds: list[FollowUpRound]
    round_names: dict[int, str]
    jobs: list[ReportJob]
    rating_states: list[tuple[int, int, int, str]]
    committee_names: list[str]


def reports_page(plan: ImplementationPlan, user, *, every_users: bool) -> ReportsPage:
    return ReportsPage(
        rounds=rounds_with_ratings(plan),
        round_names={round_.ordinal: round_.name for round_ in rounds_of(plan)},
        jobs=jobs_for_list(plan, user, every_users=every_users),
        rating_states=rating_states(plan),
        committee_names=committee_names(),
    )
