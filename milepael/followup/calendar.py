"""An iCalendar feed of round deadlines per user, for Outlook and other calendars.

Calendar clients cannot log in, so the feed's address carries the user's own secret token
(organisation.CalendarToken; »Lav nyt link« replaces it, and the old address stops
working). The feed reveals only round names and deadlines: those of the rounds the user's
departments report in, every round for an administrator."""

import datetime

from django.urls import reverse
from django.utils import timezone

from milepael.organisation import permissions
from milepael.organisation.permissions import User
from milepael.organisation.services import calendar_address_token
from milepael.plans.models import FollowUpRound


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets are folded."""
    data = line.encode()
    parts = []
    while len(data) > 75:
        cut = 75
        while (data[cut] & 0xC0) == 0x80:  # do not split a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode())
        data = data[cut:]
    parts.append(data.decode())
    return "\r\n ".join(parts)


def feed_path(user: User) -> str:
    """The path of the user's calendar feed (its token is created the first time)."""
    return reverse("followup:calendar", args=[calendar_address_token(user)])


def rounds_with_deadlines(user: User) -> list[FollowUpRound]:
    """The opened rounds with a deadline that concern the user, by deadline."""
    rounds = FollowUpRound.objects.filter(deadline__isnull=False).exclude(status=FollowUpRound.Status.PLANNED)
    if not permissions.is_administrator(user):
        rounds = rounds.filter(
            agreement__plans__initiatives__responsible_department_id__in=permissions.department_ids(user)
        )
    return list(rounds.select_related("agreement").distinct().order_by("deadline", "pk"))


def ical_for(user: User, host: str) -> str:
    """The user's deadlines as an iCalendar document (all-day events on the deadline)."""
    rounds = rounds_with_deadlines(user)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Milepæl//Opfølgning//DA",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape('Milepæl – frister')}",
    ]
    for round_ in rounds:
        end = round_.deadline + datetime.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:round-{round_.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{round_.deadline:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape('Frist: ' + round_.name + ' (' + round_.agreement.title + ')')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
