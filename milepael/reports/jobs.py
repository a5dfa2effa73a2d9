"""A report now or in the background, and the record of every plan report generated.

Every plan report a clerk generates is a `ReportJob` row: what was asked for (report,
format, the report's date, committee meeting and case id) and the ratings it rested on, so
»Dan igen« generates the same report again. Ordinary plans are rendered in the request
(the row keeps no file); with `TASKS` in the settings pointing at a real backend (the
database backend of django-tasks-db, run by `manage.py db_worker`), plans with at least
`MILEPAEL_REPORT_BACKGROUND_THRESHOLD` initiatives (default 100) are rendered by the worker
and the user follows a progress page, then downloads the kept file. An agreement's report
and an election term's status report take the same path, measured by the initiatives they
cover (all the agreement's plans; those the term's objectives follow); they are recorded
only when they go to the worker. So do the Excel exports (core.exports: exchange makes
them, this module queues them).

The task lives here, next to the job it runs (as pretix keeps its tasks in the service
module), so the dependency runs one way: jobs → services → renderers.
"""

import functools
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from milepael.core import exports
from milepael.plans.models import FollowUpRound, ImplementationPlan

from . import selectors, services
from .builders import default_meta, fingerprint, statuses_counted
from .models import ReportJob
from .renderers import AGREEMENT, PLAN, TERM, UnknownFormat, renderer_for

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


def order_report(
    *, plan: ImplementationPlan, order: services.ReportOrder, user: AbstractBaseUser
) -> tuple[ReportJob, services.ReportFile | None]:
    """Generate the report `order` asks for and record it: (the job, the file now), or
    (the queued job, None) for a large plan. The HTML page is always rendered now.
    Raises renderers.UnknownFormat and FollowUpRound.DoesNotExist, before anything is saved."""
    renderer = renderer_for(PLAN, order.format)
    if order.round_ordinal is not None and not selectors.round_exists(plan, order.round_ordinal):
        raise FollowUpRound.DoesNotExist(order.round_ordinal)
    meta = order.meta or default_meta(plan, plan_itself=order.round_ordinal is None)
    job = ReportJob.objects.create(
        plan=plan,
        round_ordinal=order.round_ordinal,
        format=order.format,
        include_submitted=order.include_submitted,
        report_date=meta.date,
        committee_name=meta.committee,
        meeting_date=meta.meeting_date,
        case_id=meta.case_id,
        created_by=user,
    )
    if renderer.downloadable and runs_in_background(selectors.initiative_count(plan)):
        transaction.on_commit(lambda: generate_report.enqueue(str(job.pk)))
        return job, None
    try:
        result = services.render_order(plan, order_of(job))
    except Exception as error:
        _fail(job, error)
        raise
    _finish(job, result, keep_file=False)
    return job, result


def order_again(job: ReportJob, *, user: AbstractBaseUser) -> tuple[ReportJob, services.ReportFile | None]:
    """»Dan igen«: the report `job` recorded, with the same date, committee meeting and case
    id, as a new job of `user`."""
    return order_report(plan=job.plan, order=order_of(job), user=user)


def quick_report(
    *, plan: ImplementationPlan, round_ordinal: int | None, format: str, include_submitted: bool, user
) -> services.ReportFile | ReportJob:
    """The report with the default date, committee and no case id (the reports page's quick
    links): the file, or the queued job of a large plan. The HTML page is a page view, not a
    document, so it is not recorded. Raises as `order_report`."""
    order = services.ReportOrder(round_ordinal, format, include_submitted)
    if not renderer_for(PLAN, format).downloadable:
        return services.render_order(plan, order)
    job, result = order_report(plan=plan, order=order, user=user)
    return result if result is not None else job


def agreement_report(*, agreement_id: int, round_ordinal: int, format: str, user) -> services.ReportFile | ReportJob:
    """The whole agreement's report at round N: the file now, or the queued job when its
    plans together have at least the threshold's initiatives. Raises renderers.UnknownFormat,
    Agreement.DoesNotExist and FollowUpRound.DoesNotExist, before anything is saved."""
    renderer = renderer_for(AGREEMENT, format)
    if renderer.downloadable and runs_in_background(selectors.agreement_size(agreement_id, round_ordinal)):
        return _queue(
            kind=ReportJob.Kind.AGREEMENT,
            agreement_id=agreement_id,
            round_ordinal=round_ordinal,
            format=format,
            created_by=user,
        )
    return services.render_agreement_report(agreement_id, round_ordinal, format)


def term_report(*, term_id: int, format: str, user) -> services.ReportFile | ReportJob:
    """The election term's status report: the file now, or the queued job when its
    objectives follow at least the threshold's initiatives. Raises renderers.UnknownFormat
    and ElectionTerm.DoesNotExist, before anything is saved."""
    renderer = renderer_for(TERM, format)
    if renderer.downloadable and runs_in_background(selectors.term_size(term_id)):
        return _queue(kind=ReportJob.Kind.TERM, term_id=term_id, format=format, created_by=user)
    return services.render_term_report(term_id, format)


def queue_export(name: str, params: dict, size: int, user) -> str | None:
    """core.exports' queue: an export of `size` initiatives at or above the threshold becomes
    a job (its page's address); a smaller one is made now (None). `params` must hold the
    plan's pk as "plan"."""
    if not runs_in_background(size):
        return None
    return reverse("reports:job", args=[_queue_export(name, params, user).pk])


def _queue_export(name: str, params: dict, user) -> ReportJob:
    fields = {"plan_id": params["plan"], "format": "xlsx", "export_name": name, "export_params": params}
    return _queue(kind=ReportJob.Kind.EXPORT, created_by=user, **fields)


def _queue(**fields) -> ReportJob:
    job = ReportJob.objects.create(**fields)
    transaction.on_commit(lambda: generate_report.enqueue(str(job.pk)))
    return job


def again(job: ReportJob, *, user: AbstractBaseUser) -> tuple[ReportJob | None, services.ReportFile | None]:
    """»Dan igen« for any report: (the new job, the file now or None while it is made). An
    agreement's or a term's report made in the request is not recorded (job None)."""
    if job.kind == ReportJob.Kind.PLAN:
        return order_again(job, user=user)
    if job.kind == ReportJob.Kind.EXPORT:
        if runs_in_background(selectors.initiative_count(job.plan)):
            return _queue_export(job.export_name, job.export_params, user), None
        return None, _as_report_file(exports.make(job.export_name, job.export_params, user))
    if job.kind == ReportJob.Kind.AGREEMENT:
        result = agreement_report(
            agreement_id=job.agreement_id, round_ordinal=job.round_ordinal, format=job.format, user=user
        )
    else:
        result = term_report(term_id=job.term_id, format=job.format, user=user)
    return (result, None) if isinstance(result, ReportJob) else (None, result)


@dataclass
class EarlierReport:
    """A report generated before, as the reports page lists it for »Dan igen«."""

    job: ReportJob
    report_name: str  # Udmøntningen, or the round's name
    format_name: str
    same_ratings: bool | None  # would it rest on the same ratings today (None: no ratings counted)


def earlier_reports(page: selectors.ReportsPage) -> list[EarlierReport]:
    """The page's jobs, each saying whether the ratings it counted are unchanged today."""
    earlier = []
    for job in page.jobs:
        same = None
        if job.round_ordinal is not None and job.ratings_fingerprint:
            statuses = statuses_counted(job.include_submitted)
            today = fingerprint(
                (rating_id, version, status)
                for ordinal, rating_id, version, status in page.rating_states
                if ordinal <= job.round_ordinal and status in statuses
            )
            same = today == job.ratings_fingerprint
        try:
            format_name = str(renderer_for(PLAN, job.format).verbose_name)
        except UnknownFormat:
            format_name = job.format
        if job.round_ordinal is None:
            name = str(_("Udmøntningen"))
        else:
            name = page.round_names.get(job.round_ordinal) or _("Opfølgning %(number)d") % {"number": job.round_ordinal}
        earlier.append(EarlierReport(job, name, format_name, same))
    return earlier


def describe(job: ReportJob) -> EarlierReport:
    """`job` as its own page describes it (two queries for a plan's report: the rounds'
    names, the ratings)."""
    if job.kind != ReportJob.Kind.PLAN:
        kind = {ReportJob.Kind.AGREEMENT: AGREEMENT, ReportJob.Kind.TERM: TERM}.get(job.kind, PLAN)
        try:
            format_name = str(renderer_for(kind, job.format).verbose_name)
        except UnknownFormat:
            format_name = job.format
        return EarlierReport(job, f"{job.get_kind_display()}: {job.subject}", format_name, None)
    page = selectors.ReportsPage(
        rounds=[],
        round_names={round_.ordinal: round_.name for round_ in selectors.rounds_of(job.plan)},
        jobs=[job],
        rating_states=selectors.rating_states(job.plan),
        committee_names=[],
    )
    return earlier_reports(page)[0]


def order_of(job: ReportJob) -> services.ReportOrder:
    """What `job` asked for, to generate it (again)."""
    return services.ReportOrder(job.round_ordinal, job.format, job.include_submitted, job.meta)


def _finish(job: ReportJob, result: services.ReportFile, *, keep_file: bool) -> None:
    """Record the finished report: its name and type, the ratings it counted and, for a
    background job, the file."""
    used = getattr(result.report, "ratings_used", None)  # a plan report's; agreement and term reports: none
    fields = {
        "status": ReportJob.Status.DONE,
        "progress": 100,
        "filename": result.filename,
        "content_type": result.content_type,
        "ratings_count": used.count if used else None,
        "ratings_changed_at": used.latest_change if used else None,
        "ratings_fingerprint": used.fingerprint if used else "",
        "finished_at": timezone.now(),
    }
    if keep_file:
        fields["content"] = result.content
    ReportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def _fail(job: ReportJob, error: Exception) -> None:
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )


def _record_progress(job_id: uuid.UUID, percent: int) -> None:
    # 100 only when the file is stored.
    ReportJob.objects.filter(pk=job_id).update(progress=min(percent, 99))


def _as_report_file(made: exports.Download) -> services.ReportFile:
    return services.ReportFile(made.content, made.filename, made.content_type, downloadable=True, report=None)


def _render(job: ReportJob) -> services.ReportFile:
    if job.kind == ReportJob.Kind.EXPORT:
        return _as_report_file(exports.make(job.export_name, job.export_params, job.created_by))
    if job.kind == ReportJob.Kind.AGREEMENT:
        return services.render_agreement_report(job.agreement_id, job.round_ordinal, job.format)
    if job.kind == ReportJob.Kind.TERM:
        return services.render_term_report(job.term_id, job.format)
    return services.render_order(job.plan_id, order_of(job), progress=functools.partial(_record_progress, job.pk))


def run_job(job_id: str) -> None:
    """Generate a queued report, recording progress; a failure is recorded, not raised."""
    job = ReportJob.objects.select_related("plan__committee").get(pk=job_id)
    if job.status == ReportJob.Status.DONE:
        return
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=5)
    try:
        result = _render(job)
    except Exception as error:
        logger.exception("Report job %s failed", job.pk)
        _fail(job, error)
        return
    _finish(job, result, keep_file=True)


@task()
def generate_report(job_id: str) -> None:
    """What the worker (`manage.py db_worker`) runs for a queued ReportJob."""
    run_job(job_id)
