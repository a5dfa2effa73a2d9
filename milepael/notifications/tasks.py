"""Background task (django-tasks): send the e-mails of notifications that are due. Cron's
`manage.py send_notifications` is the safety net; a group is sent once, whoever gets there first."""

from django_tasks import task

from .sending import send_due


@task()
def send_notifications_task() -> int:
    """Send what is due now; returns how many e-mails went out."""
    return len(send_due())
