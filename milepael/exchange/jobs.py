"""A large plan's import in the background (as reports/jobs.py does for large reports): with a
task backend that runs outside the request (django-tasks-db's `manage.py db_worker`), a
confirmed preview of a plan with at least `MILEPAEL_IMPORT_BACKGROUND_THRESHOLD` initiatives
is stored as a `PlanImportJob` with the file the user confirmed, and the worker imports it
while the user follows a progress page that says what is happening, then links to the plan.
A failure is recorded with the Danish error and its place."""

import logging
from collections.abc import Collection, Mapping

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from milepael.core.imports import IMPORT_ERRORS, FormatErrors

from .formats import confirm_upload
from .models import PlanImportJob
from .plan_import import PreviewOutdated
from .uploads import SafeUpload, check_upload

logger = logging.getLogger(__name__)


def background_available() -> bool:
    """True when settings.TASKS names a backend that runs tasks outside the request."""
    if not getattr(settings, "TASKS", None):
        return False
    return not isinstance(task_backends["default"], ImmediateBackend)


def runs_in_background(initiative_count: int) -> bool:
    return background_available() and initiative_count >= settings.MILEPAEL_IMPORT_BACKGROUND_THRESHOLD


def enqueue_import(
    upload: SafeUpload,
    *,
    department_choices: Mapping[str, int],
    use_amounts: Collection[str] = (),
    fingerprint: str | None,
    user: AbstractBaseUser,
) -> PlanImportJob:
    """Store the confirmed upload and its decisions as a job, queued once this transaction commits."""
    job = PlanImportJob.objects.create(
        filename=upload.name[:255],
        format=upload.format,
        content=upload.data,
        department_choices=dict(department_choices),
        use_amounts=sorted(use_amounts),
        fingerprint=fingerprint or "",
        created_by=user,
        step=_("Venter på at komme til"),
    )
    transaction.on_commit(lambda: import_plan_task.enqueue(str(job.pk)))
    return job


def _record(job_id, percent: int, step: str) -> None:
    PlanImportJob.objects.filter(pk=job_id).update(progress=min(percent, 99), step=step[:200])


def run_job(job_id: str) -> None:
    """Import a queued plan, recording each step; a failure is recorded, not raised."""
    job = PlanImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status in (PlanImportJob.Status.DONE, PlanImportJob.Status.FAILED):
        return
    PlanImportJob.objects.filter(pk=job.pk).update(status=PlanImportJob.Status.RUNNING)
    _record(job.pk, 5, _("Læser filen"))
    try:
        # The file is checked again exactly as on upload: the worker trusts nothing stored.
        upload = check_upload(job.filename, bytes(job.content))
        report = confirm_upload(
            upload,
            expected_fingerprint=job.fingerprint or None,
            department_choices={name: int(pk) for name, pk in job.department_choices.items()},
            use_amounts=job.use_amounts,
            user=job.created_by,
            progress=lambda percent, step: _record(job.pk, percent, step),
        )
    except PreviewOutdated:
        _fail(job, [_("Udmøntningen er ændret, siden forhåndsvisningen blev vist. Upload filen igen.")])
        return
    except IMPORT_ERRORS as exc:
        _fail(job, [str(e) for e in exc.errors] if isinstance(exc, FormatErrors) else [str(exc)])
        return
    except Exception:
        logger.exception("Plan import job %s failed", job.pk)
        _fail(job, [_("Importen mislykkedes uventet. Intet er gemt. Prøv igen, eller kontakt Økonomi og Styring.")])
        return
    PlanImportJob.objects.filter(pk=job.pk).update(
        status=PlanImportJob.Status.DONE,
        progress=100,
        step="",
        summary=report.summary()[:500],
        plan=report.plan,
        finished_at=timezone.now(),
        content=b"",  # the file is not kept once it is imported
    )


def _fail(job: PlanImportJob, errors: list[str]) -> None:
    PlanImportJob.objects.filter(pk=job.pk).update(
        status=PlanImportJob.Status.FAILED, errors=errors, step="", finished_at=timezone.now(), content=b""
    )


@task()
def import_plan_task(job_id: str) -> None:
    """What the worker (`manage.py db_worker`) runs for a queued PlanImportJob."""
    run_job(job_id)
