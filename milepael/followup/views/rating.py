"""The single rating page (for long comments, and for the dialogue with the reviewer)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required

from .. import selectors, services
from ..economy import YearEconomy, year_economy_for
from ..forms import AnswerForm, RatingForm
from .common import add_service_errors, initiative_to_rate, worklist_row_url

# The buttons of the form: (submit for review?, go on to the next initiative?)
BUTTONS = {"submit": (True, False), "submit_next": (True, True), "draft": (False, False), "draft_next": (False, True)}


def _button(request) -> tuple[bool, bool]:
    for name, meaning in BUTTONS.items():
        if name in request.POST:
            return meaning
    return False, False


def _after_save(request, round_, initiative, rating, *, go_next: bool):
    """Where the user goes after saving: back to the row in the worklist, or on to the next
    initiative of the worklist that is not handed in ("Gem og næste")."""
    if rating.status == rating.Status.SUBMITTED:
        message = _("Vurderingen af %(number)s er indsendt.")
    else:
        message = _("Kladden til %(number)s er gemt.")
    messages.success(request, message % {"number": initiative.number})
    worklist = reverse("followup:worklist", args=[round_.pk])
    if go_next:
        following = selectors.next_to_rate(round_, request.user, after=initiative)
        if following is not None:
            return redirect("followup:rate", pk=round_.pk, initiative_pk=following.pk)
        messages.info(request, _("Alle dine indsatser i opfølgningen er indsendt."))
        return redirect(worklist)
    return redirect(worklist_row_url(round_, request.user, initiative.pk))


@internal_required
def rate(request, pk: int, initiative_pk: int):
    round_, initiative = initiative_to_rate(request, pk, initiative_pk)
    page = selectors.rating_page(round_, initiative)
    conflict = None
    form_kwargs = {
        "milestone_blank": page.milestone_blank,
        "plan": initiative.plan,
        "indicators": page.indicators,
        "suggestion_url": reverse("followup:expected_result", args=[round_.pk, initiative.pk]),
    }
    if request.method == "POST":
        form = RatingForm(request.POST, **form_kwargs)
        if form.is_valid():
            submit, go_next = _button(request)
            try:
                rating = services.save_rating_with_indicators(
                    initiative=initiative,
                    round_=round_,
                    user=request.user,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                    submit=submit,
                    indicator_values=form.indicator_values(),
                )
            except services.RatingConflict as exc:
                # Keep what the user typed; show what is stored now beside it.
                conflict = exc.current
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_save(request, round_, initiative, rating, go_next=go_next)
    else:
        form = _stored_form(page, round_, initiative)
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    return _render(request, round_, initiative, page, form, AnswerForm(), conflict=conflict, status=status)


def _stored_form(page: selectors.RatingPage, round_, initiative) -> RatingForm:
    initial = RatingForm.initial_for(page.rating, milestone_blank=page.milestone_blank)
    initial |= {f"indicator_{indicator.pk}": indicator.value for indicator in page.indicators}
    return RatingForm(
        initial=initial,
        milestone_blank=page.milestone_blank,
        plan=initiative.plan,
        indicators=page.indicators,
        suggestion_url=reverse("followup:expected_result", args=[round_.pk, initiative.pk]),
    )


def _year_economy(round_, page: selectors.RatingPage, form: RatingForm) -> YearEconomy:
    """The budget year as the form stands: the amount typed if it can be read, else the stored one."""
    year = round_.agreement.budget_year
    if form.is_bound:
        return year_economy_for(year, page.budget_kr, form["expected_result_kr"].value() or "")
    stored = page.rating.expected_result_kr if page.rating else None
    return YearEconomy(year, page.budget_kr, stored)


@internal_required
def expected_result(request, pk: int, initiative_pk: int):
    """htmx: budget, expected result, deviation and suggested smiley for the amount typed
    (any parameter ending in expected_result_kr: the worklist prefixes its rows)."""
    round_, initiative = initiative_to_rate(request, pk, initiative_pk)
    typed = next((v for k, v in request.GET.items() if k.endswith("expected_result_kr")), "")
    budget = selectors.year_budget(initiative, round_)
    context = {"year_economy": year_economy_for(round_.agreement.budget_year, budget, typed), "show_rule": True}
    return render(request, "followup/_expected_result.html", context)


def _render(request, round_, initiative, page, form, answer_form, *, conflict=None, status: int = 200):
    rating = page.rating
    context = {
        "round": round_,
        "initiative": initiative,
        "page": page,
        "milestone": page.milestone,
        "rating": rating,
        "form": form,
        "conflict": conflict,
        "earlier": page.earlier,
        "baseline": page.baseline,
        "editable": round_.is_open and (rating is None or permissions.can_edit_rating(request.user, rating)),
        "can_answer": rating is not None and round_.is_open and permissions.can_answer_rating(request.user, rating),
        "answer_form": answer_form,
        "year_economy": _year_economy(round_, page, form),
    }
    return render(request, "followup/rate.html", context, status=status)


@require_POST
@internal_required
def answer(request, pk: int, initiative_pk: int):
    """The department's answer in the rating's dialogue, from the rating page."""
    round_, initiative = initiative_to_rate(request, pk, initiative_pk)
    page = selectors.rating_page(round_, initiative)
    form = AnswerForm(request.POST)
    if page.rating is not None and form.is_valid():
        try:
            services.answer_rating(page.rating, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Dit svar er sendt til Økonomi og Styring."))
            return redirect(reverse("followup:rate", args=[round_.pk, initiative.pk]) + "#dialogue")
    elif page.rating is None:
        form.add_error(None, _("Der er ingen vurdering at svare på endnu."))
    return _render(request, round_, initiative, page, _stored_form(page, round_, initiative), form, status=422)
