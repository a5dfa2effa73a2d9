"""The login's rising delay per user name (ASVS 2.2.1 and 6.1.1, without a CAPTCHA).

django-axes locks a user name *from one address* after 5 failures. A stranger with many
addresses could still guess at one account, and locking the account itself would let anyone
lock anyone out. So per user name there is a delay instead: once the account has had
`BACKOFF_AFTER` failed logins (from any address, within axes' cool-off), every further
attempt must wait 1, 2, 4 … seconds after the latest failure, at most `BACKOFF_MAX_SECONDS`.
An attempt made too early is refused without checking the password and without counting as
a failure, so a flood of requests cannot push the delay up, and the owner is never kept out
longer than the cap. An address the account has logged in from before (within
`KNOWN_ADDRESS_DAYS`) is not delayed at all: the owner at the usual desk is not slowed
down by an attack on the account from elsewhere.
"""

import datetime
import math

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

BACKOFF_AFTER = settings.MILEPAEL_LOGIN_BACKOFF_AFTER
BACKOFF_MAX_SECONDS = settings.MILEPAEL_LOGIN_BACKOFF_MAX_SECONDS
KNOWN_ADDRESS_DAYS = 90


def now() -> datetime.datetime:
    """The clock of the rule (a function, so tests can hold it still)."""
    return timezone.now()


def delay_after(failures: int) -> int:
    """Seconds to wait after the latest failure when the account has had `failures`."""
    if failures < BACKOFF_AFTER:
        return 0
    return min(2 ** min(failures - BACKOFF_AFTER, 32), BACKOFF_MAX_SECONDS)


def is_known_address(username: str, address: str | None) -> bool:
    """True when `username` has logged in successfully from `address` recently (axes' log)."""
    if not address:
        return False
    since = now() - datetime.timedelta(days=KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since).exists()


def seconds_to_wait(username: str, address: str | None) -> int:
    """How long a login to `username` from `address` must still wait; 0: go ahead."""
    if not username:
        return 0
    window = now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=window).aggregate(
        count=Sum("failures_since_start"), latest=Max("attempt_time")
    )
    delay = delay_after(failures["count"] or 0)
    if not delay or is_known_address(username, address):
        return 0
    remaining = (failures["latest"] + datetime.timedelta(seconds=delay) - now()).total_seconds()
    return max(0, math.ceil(remaining))
