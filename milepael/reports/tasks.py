"""Background tasks (django-tasks; the Django 6 tasks API)."""

from django_tasks import task


@task()
def generate_report(job_id: str) -> None:
    from .services import run_job

    run_job(job_id)
