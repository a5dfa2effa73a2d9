"""Generating a report file: at once for ordinary plans, as a background task (django-tasks)
for large ones when a task backend is configured.

The switch: with `TASKS` in the settings pointing at a real backend (the database backend
of django-tasks-db, run by `manage.py db_worker`), plans with at least
`MILEPAEL_REPORT_BACKGROUND_THRESHOLD` initiatives (default 100) are generated in the
background and the user follows a progress page. Without it (or with the immediate
backend) every report is generated in the request.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .builders import build_plan_report
from .models import ReportJob

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_FORMATS = tuple(CONTENT_TYPES)


def background_threshold() -> int:
    return settings.MILEPAEL_REPORT_BACKGROUND_THRESHOLD


def background_available() -> bool:
    """True when settings.TASKS names a backend that runs tasks outside the request."""
    if not getattr(settings, "TASKS", None):
        return False
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return not isinstance(task_backends["default"], ImmediateBackend)


def runs_in_background(initiative_count: int) -> bool:
    return background_available() and initiative_count >= background_threshold()


@dataclass
class ReportFile:
    content: bytes
    filename: str
    content_type: str


def render(
    plan_id: int,
    round_ordinal: int | None,
    format: str,
    *,
    include_submitted: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ReportFile:
    """Build the report once and lay it out as `format` (pdf, docx, xlsx).
    `progress` gets a percentage now and then."""
    from .render_docx import render_docx
    from .render_pdf import render_pdf
    from .render_xlsx import render_xlsx

    report = build_plan_report(plan_id, round_ordinal, include_submitted=include_submitted)
    if progress:
        progress(20)

    def step(done: int, total: int) -> None:
        if progress and total:
            progress(20 + int(75 * done / total))

    if format == "pdf":
        content = render_pdf(report)
    elif format == "docx":
        content = render_docx(report, step)
    elif format == "xlsx":
        content = render_xlsx(report, step)
    else:
        raise ValueError(f"unknown report format {format!r}")
    return ReportFile(content, report.filename(format), CONTENT_TYPES[format])


def render_term(term_id: int, format: str) -> ReportFile:
    """The election term's status report, built once and laid out as `format` (pdf, docx,
    xlsx). Small enough (tens of objectives) to render in the request.
    Raises term.ElectionTerm.DoesNotExist for an unknown term."""
    from .render_docx import render_term_docx
    from .render_pdf import render_term_pdf
    from .render_xlsx import render_term_xlsx
    from .term_builders import build_term_report

    renderers = {"pdf": render_term_pdf, "docx": render_term_docx, "xlsx": render_term_xlsx}
    if format not in renderers:
        raise ValueError(f"unknown report format {format!r}")
    report = build_term_report(term_id)
    return ReportFile(renderers[format](report), report.filename(format), CONTENT_TYPES[format])


def start_job(plan_id: int, round_ordinal: int | None, format: str, *, include_submitted: bool, user) -> ReportJob:
    """Queue the report; the task runs when the transaction commits."""
    from .tasks import generate_report

    job = ReportJob.objects.create(
        plan_id=plan_id,
        round_ordinal=round_ordinal,
        format=format,
        include_submitted=include_submitted,
        created_by=user,
    )
    transaction.on_commit(lambda: generate_report.enqueue(str(job.pk)))
    return job


def run_job(job_id: str) -> None:
    """Generate a queued report, recording progress; a failure is recorded, not raised."""
    job = ReportJob.objects.get(pk=job_id)
    if job.status == ReportJob.Status.DONE:
        return
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=5)

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=min(percent, 99))

    try:
        result = render(
            job.plan_id, job.round_ordinal, job.format, include_submitted=job.include_submitted, progress=progress
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
