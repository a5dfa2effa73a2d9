"""The deadlines as a calendar feed: each user's own address, which they can renew."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from milepael.core.downloads import attachment
from milepael.organisation import permissions
from milepael.organisation import selectors as organisation_selectors
from milepael.organisation import services as organisation_services
from milepael.organisation.permissions import internal_required, require

from .. import calendar


def deadline_calendar(request, token: str):
    """iCal feed of the user's round deadlines (the address is the key, no login). A forged,
    renewed or pre-2026 department address is 404."""
    try:
        user = organisation_selectors.user_of_calendar_nonce(organisation_services.nonce_of_calendar_address(token))
    except (signing.BadSignature, ObjectDoesNotExist) as exc:
        raise Http404 from exc
    if not permissions.can_subscribe_to_deadlines(user):
        raise Http404
    return attachment(
        calendar.ical_for(user, request.get_host()), "milepael-frister.ics", "text/calendar; charset=utf-8", inline=True
    )


@internal_required
def calendar_links(request):
    """The user's own calendar address, and a button to replace it."""
    subscribes = permissions.can_subscribe_to_deadlines(request.user)
    context = {
        "url": request.build_absolute_uri(calendar.feed_path(request.user)) if subscribes else "",
        "rounds": calendar.rounds_with_deadlines(request.user) if subscribes else [],
    }
    return render(request, "followup/calendar_links.html", context)


@require_POST
@require(permissions.can_subscribe_to_deadlines)
def calendar_renew(request):
    """»Lav nyt link«: a new address; calendars subscribed to the old one stop getting updates."""
    organisation_services.renew_calendar_address(request.user)
    messages.success(request, _("Du har fået et nyt kalenderlink. Det gamle virker ikke længere."))
    return redirect("followup:calendar_links")
