"""A plan's report now or in the background: at once for ordinary plans, as a background
job (django-tasks) for large ones when a task backend is configured.

The switch: with `TASKS` in the settings pointing at a real backend (the database backend
of django-tasks-db, run by `manage.py db_worker`), plans with at least
`MILEPAEL_REPORT_BACKGROUND_THRESHOLD` initiatives (default 100) are generated in the
background and the user follows a progress page. Without it (or with the immediate
backend) every report is generated in the request.

The task lives here, next to the job it runs (as pretix keeps its tasks in the service
module), so the dependency runs one way: jobs → services → renderers.
"""

import functools
import logging
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from milepael.plans.models import FollowUpRound, ImplementationPlan

from . import selectors, services
from .models import ReportJob
from .renderers import PLAN, renderer_for

logger = logging.getLogger(__name__)


def background_threshold() -> int:
    return settings.MILEPAEL_REPORT_BACKGROUND_THRESHOLD


def background_available() -> bool:
    """True when settings.TASKS names a backend that runs tasks outside the request."""
    if not getattr(settings, "TASKS", None):
        return False
    return not isinstance(task_backends["default"], ImmediateBackend)


def runs_in_background(initiative_count: int) -> bool:
    return background_available() and initiative_count >= background_threshold()


def plan_report_or_job(
    *,
    plan: ImplementationPlan,
    round_ordinal: int | None,
    format: str,
    include_submitted: bool,
    user: AbstractBaseUser,
) -> services.ReportFile | ReportJob:
    """The plan's report in `format` now, or a queued job for a large plan. The HTML page
    is always rendered now. Raises renderers.UnknownFormat and FollowUpRound.DoesNotExist."""
    renderer = renderer_for(PLAN, format)
    if renderer.downloadable and runs_in_background(selectors.initiative_count(plan)):
        # The worker would find out too late, on a progress page: check the round first.
        if round_ordinal is not None and not selectors.round_exists(plan, round_ordinal):
            raise FollowUpRound.DoesNotExist(round_ordinal)
        return start_job(
            plan_id=plan.pk, round_ordinal=round_ordinal, format=format, include_submitted=include_submitted, user=user
        )
    return services.render_plan_report(plan, round_ordinal, format, include_submitted=include_submitted)


def start_job(
    *, plan_id: int, round_ordinal: int | None, format: str, include_submitted: bool, user: AbstractBaseUser
) -> ReportJob:
    """Queue the report; the task runs when the transaction commits."""
    job = ReportJob.objects.create(
        plan_id=plan_id,
        round_ordinal=round_ordinal,
        format=format,
        include_submitted=include_submitted,
        created_by=user,
    )
    transaction.on_commit(lambda: generate_report.enqueue(str(job.pk)))
    return job


def _record_progress(job_id: uuid.UUID, percent: int) -> None:
    # 100 only when the file is stored.
    ReportJob.objects.filter(pk=job_id).update(progress=min(percent, 99))


def run_job(job_id: str) -> None:
    """Generate a queued report, recording progress; a failure is recorded, not raised."""
    job = ReportJob.objects.get(pk=job_id)
    if job.status == ReportJob.Status.DONE:
        return
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=5)
    try:
        result = services.render_plan_report(
            job.plan_id,
            job.round_ordinal,
            job.format,
            include_submitted=job.include_submitted,
            progress=functools.partial(_record_progress, job.pk),
        )
    except Exception as error:
        logger.exception("Report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE,
        progress=100,
        content=result.content,
        filename=result.filename,
        content_type=result.content_type,
        finished_at=timezone.now(),
    )


@task()
def generate_report(job_id: str) -> None:
    """What the worker (`manage.py db_worker`) runs for a queued ReportJob."""
    run_job(job_id)
