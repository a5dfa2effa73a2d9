"""The review: cards with context (the previous round's smileys, the milestone, the economy
baseline, the dialogue), filters, approve one or several, send back with a remark. With
htmx every card changes in place and a live region says what happened; without it, every
button posts and comes back to the page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import require
from milepael.plans.models import FollowUpRound

from .. import selectors, services
from ..forms import ReturnForm, ReviewFilterForm, selected_versions
from ..models import Rating


@require(permissions.can_review)
def review(request, pk: int):
    round_ = get_or_404(selectors.round_for_page, pk)
    form = ReviewFilterForm(request.GET or None, departments=selectors.review_departments(round_))
    filters = form.to_filter()
    context = {
        "round": round_,
        "form": form,
        "filters": filters,
        "cards": selectors.review_cards(round_, Rating.Status.SUBMITTED, filters),
        "returned": selectors.review_cards(round_, Rating.Status.RETURNED, filters),
    }
    if request.htmx:
        return render(request, "followup/_review_lists.html", context)
    context["progress"] = selectors.round_progress(round_)
    return render(request, "followup/review.html", context)


def _status(outcomes: list[services.ReviewOutcome]) -> int:
    if any(o.conflict for o in outcomes):
        return 409
    return 422 if any(o.error for o in outcomes) else 200


def _announcement(outcomes: list[services.ReviewOutcome]) -> str:
    """What happened, in one sentence per kind of outcome (for the live region and messages)."""
    approved = [o.rating.initiative.number for o in outcomes if o.approved]
    returned = [o.rating.initiative.number for o in outcomes if o.rating.status == Rating.Status.RETURNED]
    parts = []
    if approved:
        parts.append(
            ngettext("%(numbers)s er godkendt.", "%(count)d er godkendt: %(numbers)s.", len(approved))
            % {"count": len(approved), "numbers": ", ".join(approved)}
        )
    if returned and not any(o.conflict or o.error for o in outcomes):
        parts.append(_("%(number)s er sendt retur til centret.") % {"number": ", ".join(returned)})
    for outcome in outcomes:
        if outcome.conflict:
            parts.append(
                _(
                    "%(number)s er ændret, siden du åbnede siden. Se den nye version, før du godkender eller sender retur."
                )
                % {"number": outcome.rating.initiative.number}
            )
        elif outcome.error:
            parts.append(f"{outcome.rating.initiative.number}: {outcome.error}")
    return " ".join(parts)


def _respond(request, round_: FollowUpRound, outcomes: list[services.ReviewOutcome], announce: str = "", typed=None):
    """htmx: the changed cards (swapped in place, out of band) and the announcement in the live
    region; without JavaScript: the announcement as a message, back to the review page."""
    announce = announce or _announcement(outcomes)
    status = _status(outcomes) if outcomes else 422
    if not request.htmx:
        (messages.success if status == 200 else messages.error)(request, announce)
        return redirect("followup:review", pk=round_.pk)
    cards = {c.rating.pk: c for c in selectors.review_cards_of(round_, [o.rating.pk for o in outcomes])}
    seen = selectors.versions_seen({o.rating.pk: o.expected_version for o in outcomes if o.conflict})
    results = [
        {
            "card": cards[o.rating.pk],
            "outcome": o,
            "seen": seen.get(o.rating.pk),
            "remark": (typed or {}).get(o.rating.pk),
        }
        for o in outcomes
        if o.rating.pk in cards
    ]
    context = {"round": round_, "results": results, "announce": announce}
    return render(request, "followup/_review_result.html", context, status=status)


def _approve(request, round_: FollowUpRound, versions: dict[int, int]):
    if not versions:
        return _respond(request, round_, [], _("Vælg de vurderinger, der skal godkendes."))
    try:
        outcomes = services.approve_ratings(round_=round_, user=request.user, versions=versions)
    except ValidationError as error:
        return _respond(request, round_, [], " ".join(error.messages))
    if not outcomes:
        return _respond(request, round_, [], _("Vurderingerne findes ikke længere i opfølgningen."))
    return _respond(request, round_, outcomes)


@require_POST
@require(permissions.can_review)
def approve_selected(request, pk: int):
    """»Godkend valgte«: the ticked cards, in one transaction; a card changed in between is
    shown with both versions (409) while the others are approved."""
    round_ = get_or_404(selectors.round_for_page, pk)
    return _approve(request, round_, selected_versions(request.POST.getlist("rating")))


@require_POST
@require(permissions.can_review)
def review_action(request, rating_pk: int, action: str):
    """Approve one card, or send it back with a remark (the start of a dialogue)."""
    rating = get_or_404(selectors.rating_for_review, rating_pk)
    if action == "approve":
        return _approve(request, rating.round, selected_versions([f"{rating.pk}:{request.POST.get('version', '')}"]))
    form = ReturnForm(request.POST)
    outcome = services.ReviewOutcome(rating)
    typed = {rating.pk: request.POST.get("remark", "")}  # kept in the field when something is wrong
    if not form.is_valid():
        outcome.error = _("Skriv hvorfor vurderingen sendes retur.")
        return _respond(request, rating.round, [outcome], typed=typed)
    try:
        outcome.rating = services.return_rating(
            rating, user=request.user, expected_version=form.cleaned_data["version"], remark=form.cleaned_data["remark"]
        )
    except services.RatingConflict as exc:
        outcome.rating, outcome.conflict, outcome.expected_version = exc.current, True, form.cleaned_data["version"]
    except ValidationError as error:
        outcome.error = " ".join(error.messages)
    return _respond(request, rating.round, [outcome], typed=typed)
