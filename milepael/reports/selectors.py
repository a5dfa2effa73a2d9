"""Queries the report pages and the report builder share. Each runs a fixed number of
queries, whatever the size of the plan."""

import uuid

from django.db.models import Prefetch

from milepael.followup.models import EconomyRevision
from milepael.followup.selectors import attach_round_data, initiatives_with_ratings
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative

from .models import ReportJob


def plan_for_report(plan_id: int) -> ImplementationPlan:
    """The plan with its agreement and committee (every report names both).
    Raises ImplementationPlan.DoesNotExist."""
    return ImplementationPlan.objects.select_related("agreement", "committee").get(pk=plan_id)


def rounds_of(plan: ImplementationPlan) -> list[FollowUpRound]:
    """The agreement's follow-up rounds, first to last (the plan report has a row for each)."""
    return list(FollowUpRound.objects.filter(agreement_id=plan.agreement_id).order_by("ordinal"))


def round_exists(plan: ImplementationPlan, ordinal: int) -> bool:
    return FollowUpRound.objects.filter(agreement_id=plan.agreement_id, ordinal=ordinal).exists()


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
    """A report job with what its page shows, without the file itself (it may be large).
    Raises ReportJob.DoesNotExist."""
    return ReportJob.objects.select_related("plan__agreement", "plan__committee").defer("content").get(pk=job_id)


def job_content(job: ReportJob) -> bytes:
    """The finished file of a job loaded by `job_for_page`."""
    return bytes(ReportJob.objects.values_list("content", flat=True).get(pk=job.pk))
