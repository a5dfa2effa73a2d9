"""The words of every kind of notification, written when they are read (so each reader gets
their own language) from the values stored with it (Notification.params)."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Kind, Notification


def group_title(kind: str, notifications: Sequence[Notification]) -> str:
    """The heading of a group of notifications (one entry on the page, the subject of one e-mail)."""
    first = notifications[0].params
    count = len(notifications)
    if kind == Kind.APPROVED:
        return ngettext(
            "%(count)d vurdering fra %(department)s er godkendt (%(round)s)",
            "%(count)d vurderinger fra %(department)s er godkendt (%(round)s)",
            count,
        ) % {"count": count, **first}
    if kind == Kind.RETURNED:
        return _("%(number)s er sendt retur til centret (%(round)s)") % first
    if kind == Kind.REPLIED:
        return _("%(by)s har svaret på bemærkningen til %(number)s (%(round)s)") % first
    if kind == Kind.DEPARTMENT_SUBMITTED:
        return (
            ngettext(
                "%(department)s har indsendt sin vurdering i %(round)s",
                "%(department)s har indsendt alle %(count)d vurderinger i %(round)s",
                first["count"],
            )
            % first
        )
    return _("%(round)s er lukket") % first


def item_lines(kind: str, notifications: Sequence[Notification]) -> list[str]:
    """What the group holds, one line each (the approved initiatives; the remark or answer)."""
    if kind == Kind.APPROVED:
        return [f"{n.params['number']} {n.params['title']}" for n in reversed(notifications)]
    if kind == Kind.RETURNED:
        return [_("Bemærkning fra %(by)s: »%(remark)s«") % n.params for n in notifications]
    if kind == Kind.REPLIED:
        return [f"»{n.params['text']}«" for n in notifications]
    return []


def mail(
    kind: str, notifications: Sequence[Notification], *, name: str, url: str, settings_url: str
) -> tuple[str, str]:
    """(subject, body) of the e-mail for a group of notifications."""
    subject = group_title(kind, notifications)
    lines = [_("Kære %(name)s") % {"name": name}, "", subject + "."]
    items = item_lines(kind, notifications)
    if items:
        lines += ["", *(f"- {line}" for line in items)]
    lines += [
        "",
        _("Se det i Milepæl: %(url)s") % {"url": url},
        "",
        _("Du kan slå e-mails om dette fra under Beskeder → Indstillinger: %(url)s") % {"url": settings_url},
        "",
        _("Venlig hilsen\nMilepæl"),
    ]
    return subject, "\n".join(lines)
