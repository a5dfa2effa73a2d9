"""Background tasks (django-tasks). Cron's `manage.py send_reminders` remains the safety
net: every reminder is sent at most once, whoever gets there first."""

from django_tasks import task


@task()
def send_reminders_now() -> int:
    from .reminders import send_reminders

    return len(send_reminders())
