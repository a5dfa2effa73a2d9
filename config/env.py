"""Strict readers for settings from environment variables (after healthchecks' envbool/envint).

A typo in a deployment's environment must stop the start-up with a message naming the
variable, not silently fall back: `MILEPAEL_PRODUCTION=ture` read as "not production"
would switch off HTTPS redirects, HSTS and secure cookies without anyone noticing.

Every helper takes the variable's name, a default and, optionally, the mapping to read
(`env=os.environ`), so config/oidc_settings.py can pass the mapping it was given. For the
typed readers (bool, int, float) a variable that is empty or only spaces counts as unset and
gives the default: a compose file's `MILEPAEL_DEBUG=` means "not set", not "false". Text and
lists keep an empty value, because "no hosts" or "no groups" can be meant.
"""

import os
import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _raw(name: str, env: Mapping[str, str]) -> str | None:
    """The variable's value stripped of surrounding spaces, or None when unset or blank."""
    value = env.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _refuse(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={value}: expected {expected}.")


def env_str(name: str, default: str = "", *, env: Mapping[str, str] = os.environ, strip: bool = False) -> str:
    """The variable as text, or `default` when unset. `strip=True` drops surrounding spaces
    (and then a blank value gives the default); without it the value is kept exactly, as a
    password or secret key may legitimately contain any character."""
    if strip:
        raw = _raw(name, env)
        return default if raw is None else raw
    return env.get(name, default)


def env_bool(name: str, default: bool = False, *, env: Mapping[str, str] = os.environ) -> bool:
    """1/0, true/false, yes/no, on/off (any case, surrounding spaces ignored); anything else
    raises ImproperlyConfigured naming the variable and the value."""
    raw = _raw(name, env)
    if raw is None:
        return default
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _refuse(name, env[name], "1/0, true/false, yes/no or on/off")


def env_int(name: str, default: int, *, env: Mapping[str, str] = os.environ, minimum: int | None = None) -> int:
    """A whole number (optionally at least `minimum`); anything else raises ImproperlyConfigured."""
    raw = _raw(name, env)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _refuse(name, env[name], "a whole number") from None
    if minimum is not None and value < minimum:
        raise _refuse(name, env[name], f"a whole number of at least {minimum}")
    return value


def env_float(name: str, default: float, *, env: Mapping[str, str] = os.environ, minimum: float | None = None) -> float:
    """A decimal number with a point (optionally at least `minimum`); anything else raises
    ImproperlyConfigured. "nan" and "inf" are refused: no setting means them."""
    raw = _raw(name, env)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise _refuse(name, env[name], "a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _refuse(name, env[name], "a finite number")
    if minimum is not None and value < minimum:
        raise _refuse(name, env[name], f"a number of at least {minimum:g}")
    return value


def env_list(name: str, default: str | Iterable[str] = "", *, env: Mapping[str, str] = os.environ) -> list[str]:
    """A comma-separated list; items are stripped and empty items dropped. `default` is used
    when the variable is unset, and may be a comma-separated string or a list."""
    value = env.get(name)
    if value is None:
        if isinstance(default, str):
            value = default
        else:
            return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


def env_rate(name: str, default: str, *, env: Mapping[str, str] = os.environ) -> str:
    """A request rate as Django REST framework reads it: a whole number, a slash and a period
    (s, min, hour or day; "300/min"); anything else raises ImproperlyConfigured."""
    raw = _raw(name, env)
    if raw is None:
        return default
    if not RATE.match(raw) or int(raw.split("/")[0]) < 1:
        raise _refuse(name, env[name], "a rate such as 300/min (per s, min, hour or day)")
    return raw
