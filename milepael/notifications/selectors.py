"""Queries of the »Beskeder« page and the header; each runs a fixed number of queries."""

import datetime
from dataclasses import dataclass

from milepael.organisation import permissions
from milepael.organisation.models import Profile
from milepael.organisation.permissions import User

from .models import EmailOptOut, Kind, Notification
from .texts import group_title, item_lines

# The page shows the newest notifications; older ones stay stored (and in the admin).
INBOX_LIMIT = 200
# The kinds each role can receive, in the order the settings page lists them.
KINDS_BY_ROLE = {
    Profile.Role.REPORTER: [Kind.RETURNED, Kind.APPROVED, Kind.ROUND_CLOSED],
    Profile.Role.ADMINISTRATOR: [Kind.DEPARTMENT_SUBMITTED, Kind.REPLIED, Kind.ROUND_CLOSED],
}


@dataclass
class MessageGroup:
    """One entry on the page: a group of notifications (e.g. the approvals of one department
    in one round), its heading, its lines and whether any of it is unread."""

    group: str
    kind: str
    notifications: list[Notification]

    @property
    def title(self) -> str:
        return group_title(self.kind, self.notifications)

    @property
    def lines(self) -> list[str]:
        return item_lines(self.kind, self.notifications)

    @property
    def newest(self) -> Notification:
        return self.notifications[0]

    @property
    def at(self) -> datetime.datetime:
        return self.newest.created_at

    @property
    def unread(self) -> bool:
        return any(n.read_at is None for n in self.notifications)


def inbox(user: User) -> list[MessageGroup]:
    """The user's newest notifications as groups, newest group first."""
    groups: dict[str, MessageGroup] = {}
    for notification in Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:INBOX_LIMIT]:
        groups.setdefault(notification.group, MessageGroup(notification.group, notification.kind, []))
        groups[notification.group].notifications.append(notification)
    return list(groups.values())


def unread_count(user: User) -> int:
    """How many groups have something the user has not read (the number in the header)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).values("group").distinct().count()


def notification_of(user: User, pk: int) -> Notification:
    """One of the user's own notifications (Notification.DoesNotExist for anyone else's)."""
    return Notification.objects.get(recipient=user, pk=pk)


def kinds_for(user: User) -> list[str]:
    """The kinds of notification the user's role receives."""
    return list(KINDS_BY_ROLE.get(permissions.role_of(user), []))


def email_kinds(user: User) -> list[str]:
    """The kinds the user gets e-mails about (all but those turned off)."""
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [kind for kind in kinds_for(user) if kind not in off]
