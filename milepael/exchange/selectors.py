"""The queries of the exchange pages and workbooks; each runs a fixed number of queries."""

from milepael.organisation import permissions
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative

from .models import PlanImportJob


def plan_of_round(round_: FollowUpRound, plan_pk: int) -> ImplementationPlan:
    """The plan `plan_pk` of the round's agreement, with its agreement and committee (one
    query); raises `ImplementationPlan.DoesNotExist` for a plan of another agreement."""
    return ImplementationPlan.objects.select_related("agreement", "committee").get(
        pk=plan_pk, agreement_id=round_.agreement_id
    )


def initiative_count(plan: ImplementationPlan) -> int:
    """What an export's cost grows with (core.exports queues it at the report threshold)."""
    return plan.initiatives.count()


def departments_of_round(round_: FollowUpRound) -> set[int]:
    """The responsible departments of the initiatives rated in `round_` (one query)."""
    initiatives = Initiative.objects.filter(plan__agreement_id=round_.agreement_id)
    return set(initiatives.values_list("responsible_department_id", flat=True).distinct())


def initiatives_for_ratings_workbook(plan: ImplementationPlan, user) -> list[Initiative]:
    """The rows of the ratings workbook `user` downloads (one query, plus the user's departments):
    the initiatives they may rate — all of them for an administrator, their departments'
    for a reporter. Someone who may rate none of them (a reader, or a reporter for another
    plan) gets every initiative: a read-only overview, whose rows the rating rules refuse
    if it is uploaded."""
    initiatives = list(plan.initiatives.select_related("responsible_department").order_by("sort_key"))
    return [i for i in initiatives if permissions.can_rate(user, i)] or initiatives


def initiative_for_suggestion(pk: int) -> Initiative:
    """The initiative with its plan's agreement (for the budget year), one query."""
    return Initiative.objects.select_related("plan__agreement").get(pk=pk)


def agreement_for_skeleton(pk: int) -> Agreement:
    """The agreement whose skeleton is imported (one query)."""
    return Agreement.objects.get(pk=pk)


def import_job(job_id) -> PlanImportJob:
    """A background plan import with its plan (one query); the file itself is not loaded."""
    return PlanImportJob.objects.select_related("plan").defer("content").get(pk=job_id)
