"""Rate limits of the API: per user (MILEPAEL_API_RATE_USER) and per anonymous client address
(MILEPAEL_API_RATE_ANON, the address behind the proxy as core/clientip.py finds it).

The rates are read from the settings at every request (not at import, as DRF's own classes
do), so an operator's setting and the tests' overrides both take effect. Throttling runs
before the rights are checked and also for a wrong token, so refused requests count and
tokens cannot be guessed at full speed; a refusal is 429 with a Danish `detail` and
`Retry-After`."""

import math

from django.conf import settings
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from milepael.core.clientip import client_ip


class _SettingsRate:
    setting = ""

    def get_rate(self) -> str:
        return getattr(settings, self.setting)

    def get_ident(self, request) -> str:
        return client_ip(request) or ""


class UserThrottle(_SettingsRate, UserRateThrottle):
    """Requests per logged-in user (session or token), whatever address they come from."""

    setting = "MILEPAEL_API_RATE_USER"


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    """Requests without valid credentials, per client address."""

    setting = "MILEPAEL_API_RATE_ANON"


class Throttled(exceptions.Throttled):
    """DRF's 429, with the whole message in Danish (DRF would append an English sentence)."""

    def __init__(self, wait: float | None):
        seconds = max(1, math.ceil(wait or 1))
        detail = ngettext(
            "For mange forespørgsler. Prøv igen om %(seconds)d sekund.",
            "For mange forespørgsler. Prøv igen om %(seconds)d sekunder.",
            seconds,
        ) % {"seconds": seconds}
        exceptions.APIException.__init__(self, detail, "throttled")
        self.wait = seconds


class ThrottledFirst:
    """View mixin: rate limits before rights, and for failed credentials too."""

    def perform_authentication(self, request):
        try:
            super().perform_authentication(request)
        except exceptions.AuthenticationFailed:
            # Now anonymous: a wrong token counts against the address's rate.
            self.check_throttles(request)
            raise

    def check_permissions(self, request):
        self.check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request):
        # initial() calls it again after check_permissions: count each request once.
        if getattr(request, "_milepael_throttles_checked", False):
            return
        request._milepael_throttles_checked = True
        super().check_throttles(request)

    def throttled(self, request, wait):
        raise Throttled(wait)
