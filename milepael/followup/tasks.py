"""Background tasks (django-tasks). Cron's `manage.py send_reminders` remains the safety
net: every reminder is sent at most once, whoever gets there first."""

from django_tasks import task

from .reminders import send_reminders


@task()
def send_reminders_now() -> int:
    """Send the reminders that are due now (after a round is opened); returns how many."""
    return len(send_reminders())
