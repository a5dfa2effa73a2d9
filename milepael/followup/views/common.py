"""What several follow-up views share: fetching the initiative to rate with the right, and
putting a rule's messages on the form fields they are about."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.plans.models import FollowUpRound, Initiative

from .. import selectors


def initiative_to_rate(request, round_pk: int, initiative_pk: int) -> tuple[FollowUpRound, Initiative]:
    """The round and the initiative of its agreement that the user rates, fetched with the right
    (like healthchecks' _get_rw_check_for_user): 404 when either does not exist or the initiative
    belongs to another agreement, 403 when the user may not rate it."""
    round_ = get_or_404(selectors.round_for_page, round_pk)
    initiative = get_or_404(selectors.initiative_to_rate, round_, initiative_pk)
    if not permissions.can_rate(request.user, initiative):
        raise PermissionDenied
    return round_, initiative


def add_service_errors(form: Form, error: ValidationError) -> None:
    """The rules' messages on the fields they are about (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def safe_next(request, default: str) -> str:
    """The `next` address of a POST, if it is one of ours; else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def worklist_page_of(ids: list[int], initiative_pk: int) -> int:
    """The worklist page (MILEPAEL_WORKLIST_PER_PAGE rows each) that shows the initiative."""
    index = ids.index(initiative_pk) if initiative_pk in ids else 0
    return index // settings.MILEPAEL_WORKLIST_PER_PAGE + 1


def worklist_row_url(round_: FollowUpRound, user, initiative_pk: int) -> str:
    """The initiative's row in the user's worklist, on the page that shows it."""
    page = worklist_page_of(selectors.worklist_ids(round_, user), initiative_pk)
    query = f"?side={page}" if page > 1 else ""
    return f"{reverse('followup:worklist', args=[round_.pk])}{query}#row-{initiative_pk}"
