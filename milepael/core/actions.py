"""One shape for the small POST actions of a page (open or reopen a round, withdraw a
publication …): look the action up by name, run it, and tell the user the outcome as a
message; the view then redirects back to the page the button was on."""

from collections.abc import Callable, Mapping

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest


def run_action(request: HttpRequest, actions: Mapping[str, Callable[[], str]], action: str) -> bool:
    """Run `actions[action]` (404 for a name it does not know). Its return value is the
    success message; a broken rule (ValidationError) becomes error messages. True on success."""
    perform = actions.get(action)
    if perform is None:
        raise Http404
    try:
        messages.success(request, perform())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True
