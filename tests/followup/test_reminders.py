"""Reminder e-mails to reporters (the calendar feed is tested in test_calendar.py)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from milepael.followup.models import ReminderSent
from milepael.followup.reminders import send_reminders
from milepael.plans.models import Initiative
from tests.factories import rate
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2018, 4, 15)  # the open_round fixture's deadline


@pytest.fixture
def reporter_with_email(ejendomme_reporter):
    ejendomme_reporter.email = "ejendomme@kommune.dk"
    ejendomme_reporter.save()
    return ejendomme_reporter


def test_opening_a_round_mails_each_department_once(open_round, reporter_with_email):
    sent = send_reminders(today=datetime.date(2018, 4, 1))
    assert [(r.department.name, r.kind) for r in sent] == [("Ejendomme", "opened")]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ejendomme@kommune.dk"]
    assert message.subject == "1. budgetopfølgning 2018 er åbnet – frist 15. april 2018"
    outstanding = Initiative.objects.filter(responsible_department__name="Ejendomme").count()
    assert f"{outstanding} af centrets indsatser mangler" in message.body
    assert f"/opfoelgning/runder/{open_round.pk}/arbejdsliste/" in message.body
    assert send_reminders(today=datetime.date(2018, 4, 2)) == []
    assert len(mail.outbox) == 1


def test_due_soon_and_overdue_reminders_only_while_something_is_outstanding(open_round, reporter_with_email):
    send_reminders(today=datetime.date(2018, 4, 1))
    assert [r.kind for r in send_reminders(today=DEADLINE - datetime.timedelta(days=3))] == ["due_soon"]
    assert [r.kind for r in send_reminders(today=DEADLINE + datetime.timedelta(days=1))] == ["overdue"]
    assert ReminderSent.objects.count() == 3
    assert mail.outbox[-1].subject == "Fristen for 1. budgetopfølgning 2018 er overskredet (15. april 2018)"


def test_no_deadline_reminder_when_the_department_has_submitted_everything(open_round, reporter_with_email):
    for initiative in Initiative.objects.filter(responsible_department__name="Ejendomme"):
        rate(initiative, open_round, reporter_with_email, GREEN)
    send_reminders(today=datetime.date(2018, 4, 1))
    assert send_reminders(today=DEADLINE + datetime.timedelta(days=1)) == []


def test_closed_or_planned_rounds_and_users_without_email_get_nothing(round_plan, ejendomme_reporter):
    assert send_reminders(today=datetime.date(2018, 4, 1)) == []
    assert mail.outbox == []


def test_management_command_for_cron(open_round, reporter_with_email, capsys):
    call_command("send_reminders")
    assert "påmindelser sendt" in capsys.readouterr().out
    assert ReminderSent.objects.filter(kind="opened").count() == 1


def test_opening_a_round_sends_the_reminders_as_a_background_task(
    client, round_plan, administrator, reporter_with_email, settings, django_capture_on_commit_callbacks
):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    task_backends.__init__()  # the handler caches backends; this test runs the task at once
    try:
        client.force_login(administrator)
        round_2 = round_plan.agreement.rounds.get(ordinal=2)
        deadline = timezone.localdate() + datetime.timedelta(days=30)  # not due soon, not overdue
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("followup:round_open", args=[round_2.pk]), {"deadline": deadline.isoformat()})
        assert [m.subject for m in mail.outbox] == [
            f"2. budgetopfølgning 2018 er åbnet – frist {date_format(deadline, 'DATE_FORMAT')}"
        ]
        assert ReminderSent.objects.filter(round=round_2, kind="opened").count() == 1
    finally:
        task_backends.__init__()
