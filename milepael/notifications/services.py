"""Telling users: store the notifications with the change that caused them, and send the
e-mails afterwards in the background, so a request never waits for the mail server."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from milepael.organisation.permissions import User

from .models import EmailOptOut, Kind, Notification
from .sending import batch_delay
from .tasks import send_notifications_task


def _enqueue_sending(kind: str) -> None:
    backend = send_notifications_task.get_backend()
    delay = batch_delay(kind)
    if delay and backend.supports_defer:
        # A second after the group may go out, so the worker finds it due.
        send_notifications_task.using(run_after=timezone.now() + delay + datetime.timedelta(seconds=1)).enqueue()
    else:
        send_notifications_task.enqueue()


@dataclass
class Message:
    """What to tell whom: `event` identifies what happened (with the recipient, unique), `group`
    gathers notifications into one entry and one e-mail, `params` are the values of the texts."""

    recipients: Iterable[User]
    kind: str
    event: str
    group: str
    params: dict
    url: str


def notify(messages: Iterable[Message], *, actor: User | None = None) -> int:
    """Tell each recipient (but the actor, who knows) about each message. Stored in the caller's
    transaction, so a change that is rolled back tells nobody; an event already told to a
    recipient is skipped. The e-mails are enqueued for when the transaction commits (the
    worker sends them; `manage.py send_notifications` from cron is the safety net).
    Returns how many notifications were stored."""
    rows = [
        Notification(
            recipient_id=user.pk,
            kind=message.kind,
            event=message.event,
            group=message.group,
            params=message.params,
            url=message.url,
        )
        for message in messages
        for user in {u.pk: u for u in message.recipients}.values()
        if user.is_active and (actor is None or user.pk != actor.pk)
    ]
    if not rows:
        return 0
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    for kind in {row.kind for row in rows}:
        transaction.on_commit(lambda kind=kind: _enqueue_sending(kind))
    return len(created)


def mark_read(*, user: User, group: str | None = None) -> int:
    """Mark the user's unread notifications (of one group, or all) as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if group is not None:
        unread = unread.filter(group=group)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def set_email_kinds(*, user: User, kinds: Iterable[str], offered: Iterable[str]) -> None:
    """E-mail for the `kinds` the user ticked, none for the other `offered` kinds."""
    wanted = set(kinds)
    offered = [kind for kind in offered if kind in Kind.values]
    EmailOptOut.objects.filter(user=user, kind__in=wanted).delete()
    for kind in offered:
        if kind not in wanted:
            EmailOptOut.objects.get_or_create(user=user, kind=kind)
