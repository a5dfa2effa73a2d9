"""E-mail reminders to reporters: when a round opens, shortly before its deadline, and
when it is overdue. Run by cron (`manage.py send_reminders`) — each reminder goes out
once per round, department and kind, however often it runs. An administrator can also
remind the departments that are behind at once (»Send påmindelse nu«, send_manual_reminders)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from milepael.organisation.models import Department, Profile
from milepael.plans.models import FollowUpRound, Initiative

from .models import Rating, ReminderSent
from .selectors import DONE


@dataclass
class Reminder:
    round: FollowUpRound
    department: Department
    kind: str
    recipients: list[str]
    outstanding: int


def _reporter_addresses() -> dict[int, list[str]]:
    """The e-mail addresses of each department's active reporters."""
    reporters: dict[int, list[str]] = {}
    for department_id, email in (
        Profile.objects.filter(role=Profile.Role.REPORTER, user__is_active=True, departments__isnull=False)
        .exclude(user__email="")
        .values_list("departments", "user__email")
    ):
        reporters.setdefault(department_id, []).append(email)
    return reporters


def _outstanding(round_: FollowUpRound) -> dict[int, int]:
    """Per department of the round: how many of its initiatives are not handed in."""
    initiatives = Initiative.objects.filter(plan__agreement_id=round_.agreement_id)
    done = set(Rating.objects.filter(round=round_, status__in=DONE).values_list("initiative_id", flat=True))
    per_department: dict[int, int] = {}
    for initiative_id, department_id in initiatives.values_list("pk", "responsible_department_id"):
        per_department.setdefault(department_id, 0)
        if initiative_id not in done:
            per_department[department_id] += 1
    return per_department


def due_reminders(today: datetime.date | None = None) -> list[Reminder]:
    """Reminders that should go out now and have not been sent."""
    today = today or timezone.localdate()
    days_before = settings.MILEPAEL_REMINDER_DAYS_BEFORE
    sent = set(ReminderSent.objects.values_list("round_id", "department_id", "kind"))
    reporters = _reporter_addresses()
    reminders = []
    for round_ in FollowUpRound.objects.filter(status=FollowUpRound.Status.OPEN):
        per_department = _outstanding(round_)
        departments = Department.objects.in_bulk(per_department)
        for department_id, outstanding in per_department.items():
            kinds = [ReminderSent.Kind.OPENED]
            if round_.deadline and outstanding:
                if today > round_.deadline:
                    kinds.append(ReminderSent.Kind.OVERDUE)
                elif (round_.deadline - today).days <= days_before:
                    kinds.append(ReminderSent.Kind.DUE_SOON)
            for kind in kinds:
                if (round_.pk, department_id, kind) in sent or not reporters.get(department_id):
                    continue
                reminders.append(
                    Reminder(round_, departments[department_id], kind, sorted(reporters[department_id]), outstanding)
                )
    return reminders


def _message(reminder: Reminder) -> tuple[str, str]:
    round_ = reminder.round
    deadline = date_format(round_.deadline, "DATE_FORMAT") if round_.deadline else _("ingen frist")
    url = settings.MILEPAEL_BASE_URL.rstrip("/") + reverse("followup:worklist", args=[round_.pk])
    subject = {
        ReminderSent.Kind.OPENED: _("%(round)s er åbnet – frist %(deadline)s"),
        ReminderSent.Kind.DUE_SOON: _("Påmindelse: %(round)s har frist %(deadline)s"),
        ReminderSent.Kind.OVERDUE: _("Fristen for %(round)s er overskredet (%(deadline)s)"),
        ReminderSent.Kind.MANUAL: _("Påmindelse fra Økonomi og Styring: %(round)s har frist %(deadline)s"),
    }[reminder.kind] % {"round": round_.name, "deadline": deadline}
    body = _(
        "Kære %(department)s\n\n%(subject)s.\n\n%(outstanding)d af centrets indsatser mangler at blive vurderet "
        "og indsendt.\n\nArbejdslisten: %(url)s\n\nVenlig hilsen\nØkonomi og Styring"
    ) % {"department": reminder.department.name, "subject": subject, "outstanding": reminder.outstanding, "url": url}
    return subject, body


def send_reminders(today: datetime.date | None = None) -> list[Reminder]:
    """Send what is due and record it; a reminder recorded by a parallel run is skipped."""
    return _send(due_reminders(today))


def send_manual_reminders(round_: FollowUpRound) -> list[Reminder]:
    """Remind every department of the open round that has initiatives not handed in, now
    (»Send påmindelse nu«); departments without a reporter with e-mail are left out."""
    reporters = _reporter_addresses()
    per_department = {d: n for d, n in _outstanding(round_).items() if n and reporters.get(d)}
    departments = Department.objects.in_bulk(per_department)
    reminders = [
        Reminder(round_, departments[d], ReminderSent.Kind.MANUAL, sorted(reporters[d]), n)
        for d, n in sorted(per_department.items(), key=lambda item: departments[item[0]].name)
    ]
    return _send(reminders)


def _send(reminders: list[Reminder]) -> list[Reminder]:
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in reminders:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        round=reminder.round,
                        department=reminder.department,
                        kind=reminder.kind,
                        recipients=", ".join(reminder.recipients),
                    )
                    subject, body = _message(reminder)
                    send_mass_mail([(subject, body, None, reminder.recipients)], fail_silently=False)
            except IntegrityError:
                continue
            sent.append(reminder)
    return sent
