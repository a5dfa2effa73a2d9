"""An iCalendar feed of round deadlines per department, for Outlook and other calendars.

Calendar clients cannot log in, so the feed's address carries a signed token naming the
department; it reveals only round names and deadlines."""

import datetime

from django.core import signing
from django.utils import timezone

from milepael.organisation.models import Department
from milepael.plans.models import FollowUpRound

SALT = "milepael.followup.calendar"


def feed_token(department: Department) -> str:
    return signing.dumps(department.pk, salt=SALT, compress=True)


def department_from_token(token: str) -> Department:
    """Raises signing.BadSignature or Department.DoesNotExist."""
    return Department.objects.get(pk=signing.loads(token, salt=SALT))


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


def ical_for(department: Department, host: str) -> str:
    rounds = (
        FollowUpRound.objects.filter(
            deadline__isnull=False, agreement__plans__initiatives__responsible_department=department
        )
        .exclude(status=FollowUpRound.Status.PLANNED)
        .select_related("agreement")
        .distinct()
        .order_by("deadline")
    )
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Milepæl//Opfølgning//DA",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape('Milepæl – ' + department.name)}",
    ]
    for round_ in rounds:
        end = round_.deadline + datetime.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:round-{round_.pk}-department-{department.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{round_.deadline:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape('Frist: ' + round_.name + ' (' + round_.agreement.title + ')')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
