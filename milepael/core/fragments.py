"""Rendered page fragments (a theme's rows, a page's counts) kept in the shared cache.

The key holds the data version (core.dataversion: every write to the data changes it, so
nothing cached outlives a change), the language, and the caller's parts: everything else the
output depends on (the plan and theme, the filters, the page, what the viewer may see).
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import dataversion

T = TypeVar("T")
_MISSING = object()


def key(*parts: object) -> str:
    """The cache key of a fragment described by `parts`, at the current data version and language."""
    described = "|".join(str(part) for part in (dataversion.current(), get_language(), *parts))
    return "milepael:fragment:" + hashlib.sha256(described.encode()).hexdigest()


def remember(parts: tuple, compute: Callable[[], T]) -> T:
    """The value described by `parts` (anything that pickles): from the cache, or `compute()` stored there."""
    value_key = key(*parts)
    value = cache.get(value_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(value_key, value, settings.MILEPAEL_FRAGMENT_SECONDS)
    return value


def cached(parts: tuple, render: Callable[[], str]) -> SafeString:
    """The fragment described by `parts`: from the cache, or `render()` (HTML already
    escaped by its template) stored there."""
    return mark_safe(remember(parts, lambda: str(render())))  # noqa: S308 - rendered by a template, which escaped it
