"""How a view turns "not found" into 404: it asks a selector for the object, and a missing
object (DoesNotExist from the selector's `.get()`) becomes Http404. Every page lookup goes
through `get_or_404`, so a view never builds a queryset to find its object."""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

P = ParamSpec("P")
T = TypeVar("T")


def get_or_404(selector: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`selector(*args, **kwargs)`, or Http404 when the object it looks up does not exist."""
    try:
        return selector(*args, **kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
