"""Sending the e-mails of notifications: one e-mail per recipient and group, once.

A group is due when its newest notification is older than its kind's batch delay. Sending
claims the group's pending notifications with a conditional update inside the transaction
that logs the mail, so two workers (or the worker and cron) never send the same group twice;
if the mail server refuses, the transaction rolls back and the next run tries again."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from .models import EmailOptOut, Kind, Notification, NotificationMail
from .texts import mail

logger = logging.getLogger(__name__)


@dataclass
class PendingGroup:
    recipient_id: int
    group: str
    kind: str
    notifications: list[Notification] = field(default_factory=list)


class _AlreadyClaimed(Exception):
    """Another run claimed (some of) the group first; this run leaves it alone."""


def pending_groups() -> list[PendingGroup]:
    """Groups with an e-mail still to send, oldest first (a fixed number of queries)."""
    groups: dict[tuple[int, str], PendingGroup] = {}
    pending = Notification.objects.filter(email=Notification.Email.PENDING).select_related("recipient")
    for notification in pending.order_by("created_at", "pk"):
        key = (notification.recipient_id, notification.group)
        groups.setdefault(key, PendingGroup(notification.recipient_id, notification.group, notification.kind))
        groups[key].notifications.append(notification)
    return list(groups.values())


def batch_delay(kind: str) -> datetime.timedelta:
    """How long e-mails of `kind` wait for more of their group: approvals come in runs (a
    reviewer approves one after another), and one e-mail per department and round is enough.
    Everything else asks for action and goes out at once."""
    seconds = settings.MILEPAEL_NOTIFICATION_BATCH_SECONDS if kind == Kind.APPROVED else 0
    return datetime.timedelta(seconds=seconds)


def _due(group: PendingGroup, now: datetime.datetime) -> bool:
    return now - group.notifications[-1].created_at >= batch_delay(group.kind)


def _absolute(url: str) -> str:
    return settings.MILEPAEL_BASE_URL.rstrip("/") + url


def _send_group(group: PendingGroup, opted_out: set[tuple[int, str]]) -> NotificationMail | None:
    recipient = group.notifications[0].recipient
    ids = [n.pk for n in group.notifications]
    if (recipient.pk, group.kind) in opted_out or not recipient.email:
        state = Notification.Email.OFF if recipient.email else Notification.Email.NO_ADDRESS
        Notification.objects.filter(pk__in=ids, email=Notification.Email.PENDING).update(email=state)
        return None
    subject, body = mail(
        group.kind,
        group.notifications,
        name=recipient.get_full_name() or recipient.get_username(),
        url=_absolute(group.notifications[-1].url),
        settings_url=_absolute(reverse("notifications:settings")),
    )
    with transaction.atomic():
        sent = NotificationMail.objects.create(
            recipient=recipient, address=recipient.email, subject=subject[:300], group=group.group
        )
        claimed = Notification.objects.filter(pk__in=ids, email=Notification.Email.PENDING).update(
            email=Notification.Email.SENT, mail=sent
        )
        if claimed != len(ids):
            raise _AlreadyClaimed
        send_mass_mail([(subject, body, None, [recipient.email])], fail_silently=False)
    logger.info("notification e-mail sent to %s: %s (%d)", recipient.email, subject, len(ids))
    return sent


def send_due(now: datetime.datetime | None = None) -> list[NotificationMail]:
    """Send every group that is due; returns the e-mails sent."""
    now = now or timezone.now()
    opted_out = set(EmailOptOut.objects.values_list("user_id", "kind"))
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for group in pending_groups():
            if not _due(group, now):
                continue
            try:
                result = _send_group(group, opted_out)
            except _AlreadyClaimed:
                continue
            if result is not None:
                sent.append(result)
    return sent
