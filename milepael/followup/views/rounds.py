"""The rounds: the list, a round's page, opening and reopening, closing through a
confirmation page (what is missing, »Send påmindelse nu«, a reason to close anyway)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from milepael.core.actions import run_action
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required, require
from milepael.plans.models import FollowUpRound

from .. import selectors, services
from ..forms import CloseRoundForm, OpenRoundForm, ReopenRoundForm
from ..tasks import send_reminders_now
from .common import add_service_errors, safe_next


@internal_required
def rounds_index(request):
    return render(
        request,
        "followup/rounds.html",
        {
            "rounds": selectors.rounds_with_events(),
            "can_manage": permissions.can_manage_rounds(request.user),
        },
    )


@internal_required
def round_detail(request, pk: int):
    round_ = get_or_404(selectors.round_with_events, pk)
    return render(
        request,
        "followup/round_detail.html",
        {
            "round": round_,
            "progress": selectors.round_progress(round_),
            "plan_progress": selectors.plan_progress(round_),
            "events": round_.events.all(),
            "can_manage": permissions.can_manage_rounds(request.user),
            "open_form": OpenRoundForm(),
            "reopen_form": ReopenRoundForm(),
        },
    )


def _open(request, round_: FollowUpRound) -> str:
    form = OpenRoundForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Angiv en gyldig frist for at åbne opfølgningen."))
    services.open_round(round_, user=request.user, deadline=form.cleaned_data["deadline"])
    # The departments hear about it right away (by the worker), not at the next cron run.
    transaction.on_commit(send_reminders_now.enqueue)
    return _("Opfølgningen »%(round)s« er åbnet.") % {"round": round_.name}


def _reopen(request, round_: FollowUpRound) -> str:
    services.reopen_round(round_, user=request.user, reason=request.POST.get("reason", ""))
    return _("Opfølgningen »%(round)s« er genåbnet.") % {"round": round_.name}


@require_POST
@require(permissions.can_manage_rounds)
def round_action(request, pk: int, action: str):
    """Open or reopen the round (closing has its own confirmation page)."""
    round_ = get_or_404(selectors.round_for_page, pk)
    run_action(request, {"open": lambda: _open(request, round_), "reopen": lambda: _reopen(request, round_)}, action)
    return redirect("followup:round", pk=round_.pk)


@require(permissions.can_manage_rounds)
def close_round(request, pk: int):
    """Closing, confirmed: what is still missing per department, a reminder at once, and a
    reason when the round is closed with initiatives not approved."""
    round_ = get_or_404(selectors.round_for_page, pk)
    form = CloseRoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_round(round_, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opfølgningen »%(round)s« er lukket.") % {"round": round_.name})
            return redirect("followup:round", pk=round_.pk)
    progress = selectors.round_progress(round_)
    context = {
        "round": round_,
        "form": form,
        "progress": progress,
        "missing": sum(row.unapproved for row in progress),
        "behind": [row for row in progress if row.unapproved],
    }
    return render(request, "followup/close_round.html", context, status=422 if form.errors else 200)


@require_POST
@require(permissions.can_manage_rounds)
def remind(request, pk: int):
    """»Send påmindelse nu«: mail the departments that are behind, then back to the page."""
    round_ = get_or_404(selectors.round_for_page, pk)
    try:
        sent = services.remind_now(round_, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        names = ", ".join(reminder.department.name for reminder in sent)
        message = ngettext(
            "Påmindelsen er sendt til %(count)d center: %(names)s.",
            "Påmindelsen er sendt til %(count)d centre: %(names)s.",
            len(sent),
        )
        messages.success(request, message % {"count": len(sent), "names": names})
    return redirect(safe_next(request, reverse("followup:round_close", args=[round_.pk])))
