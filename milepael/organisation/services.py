"""Changes to a user's own settings that are not the admin's business: the calendar address."""

import secrets

from django.core import signing
from django.db import transaction

from .models import CalendarToken
from .permissions import User

# The calendar address is `<nonce>.<signature>`: neither part contains a full stop.
CALENDAR_SIGNER = signing.Signer(salt="milepael.organisation.calendar", sep=".")


def _new_nonce() -> str:
    return secrets.token_urlsafe(24)


def calendar_address_token(user: User) -> str:
    """The secret part of the user's calendar address, created the first time it is asked for."""
    token = CalendarToken.objects.filter(user=user).first()
    if token is None:
        token, _created = CalendarToken.objects.get_or_create(user=user, defaults={"nonce": _new_nonce()})
    return CALENDAR_SIGNER.sign(token.nonce)


@transaction.atomic
def renew_calendar_address(user: User) -> str:
    """A new calendar address for the user; the old one stops working at once."""
    CalendarToken.objects.update_or_create(user=user, defaults={"nonce": _new_nonce()})
    return calendar_address_token(user)


def nonce_of_calendar_address(token: str) -> str:
    """The nonce of a calendar address token; signing.BadSignature for a forged or old address
    (the departments' signed addresses from before per-user tokens fail here too)."""
    return CALENDAR_SIGNER.unsign(token)
