"""The initiative page, the plan's smiley overview and the economy revision form."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from milepael.core import charts, fragments
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required, require
from milepael.plans import selectors as plan_selectors
from milepael.plans.economy import economy_table

from .. import selectors, services
from ..forms import EconomyRevisionForm, RevisedAmountFormSet


@internal_required
def initiative_detail(request, plan_pk: int, number: str):
    """The initiative with its milestones, ratings per round, economy revisions and history."""
    initiative = get_or_404(plan_selectors.initiative_for_page, plan_pk, number)
    context = {
        "initiative": initiative,
        "plan": initiative.plan,
        "ratings": selectors.ratings_by_round(initiative, request.user),
        "earlier_years": selectors.earlier_years(initiative),
        "revisions": selectors.economy_revisions(initiative),
        **_economy(initiative),
        "history": selectors.initiative_history(initiative, request.user),
        "indicators": _with_charts(selectors.indicators_with_values(initiative)),
        "can_revise_economy": permissions.can_revise_economy(request.user),
        "can_suggest_amounts": permissions.can_import(request.user),
    }
    return render(request, "followup/initiative_detail.html", context)


def _with_charts(indicators: list) -> list:
    """Each key figure with `.chart` (inline SVG; empty without values)."""
    for indicator in indicators:
        indicator.chart = (
            charts.inline_svg(indicator.series, f"indsatsnoegletal-{indicator.pk}") if indicator.series.points else ""
        )
    return indicators


def _economy(initiative) -> dict:
    """The amounts in force as a table, and the adopted ones too when a revision changed them."""
    in_force = selectors.amounts_in_force(initiative)
    return {
        "economy": economy_table(in_force.amounts, _("I alt")),
        "economy_revision": in_force.revision,
        "adopted_economy": economy_table(plan_selectors.adopted_amounts(initiative), _("I alt"))
        if in_force.revision
        else None,
    }


@internal_required
def plan_smileys(request, plan_pk: int):
    """The smiley matrix; above MILEPAEL_FOLD_THEMES_ABOVE initiatives its themes folded (name
    and counts), a page of themes at a time. Cached by what the viewer may see, not by user."""
    plan = get_or_404(plan_selectors.plan_for_page, plan_pk)
    page_number = request.GET.get("side", "1")
    body = fragments.cached(
        ("plan-smileys", plan.pk, permissions.draft_visibility(request.user), page_number),
        lambda: _smileys_body(request, plan, page_number),
    )
    return render(request, "followup/plan_smileys.html", {"plan": plan, "body": body})


def _smileys_body(request, plan, page_number: str) -> str:
    if plan_selectors.initiative_count(plan) <= settings.MILEPAEL_FOLD_THEMES_ABOVE:
        overview = selectors.smiley_overview(plan, request.user)
        context = {"plan": plan, "overview": overview, "themes": overview.themes, "rounds": overview.rounds}
        return render_to_string("followup/_smileys_open.html", context, request)
    folded = selectors.folded_smileys(plan, request.user)
    page = Paginator(folded.themes, settings.MILEPAEL_FOLD_THEMES_PER_PAGE).get_page(page_number)
    context = {"plan": plan, "folded": folded, "page": page, "query": ""}
    return render_to_string("followup/_smileys_folded.html", context, request)


@internal_required
def plan_smileys_theme(request, plan_pk: int, number: int):
    """One theme of the smiley matrix: the rows of a folded theme for htmx, or without
    JavaScript a page of its own."""
    plan = get_or_404(plan_selectors.plan_for_page, plan_pk)
    theme = get_or_404(plan_selectors.theme_of, plan, number)
    rows = fragments.cached(
        ("plan-smileys-theme", plan.pk, theme.pk, permissions.draft_visibility(request.user)),
        lambda: _smileys_theme(request, plan, theme),
    )
    if request.htmx:
        return HttpResponse(rows)
    return render(request, "followup/plan_smileys_theme.html", {"plan": plan, "theme": theme, "rows": rows})


def _smileys_theme(request, plan, theme) -> str:
    overview = selectors.smiley_overview(plan, request.user, theme)
    context = {"themes": overview.themes, "rounds": overview.rounds, "caption_theme": theme}
    return render_to_string("followup/_smiley_table.html", context, request)


@require(permissions.can_revise_economy)
def economy_revision(request, initiative_pk: int):
    initiative = get_or_404(selectors.initiative_for_revision, initiative_pk)
    data = request.POST if request.method == "POST" else None
    form = EconomyRevisionForm(data)
    # A post without the amount rows (an older form, a script) is a revision without amounts.
    amounts = RevisedAmountFormSet(data if data and "amounts-TOTAL_FORMS" in data else None, prefix="amounts")
    amounts_valid = not amounts.is_bound or amounts.is_valid()
    if data is not None and form.is_valid() and amounts_valid:
        new_amounts = amounts.amounts if amounts.is_bound else []
        try:
            services.revise_economy(initiative, user=request.user, amounts=new_amounts, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Den reviderede økonomi for %(number)s er gemt.") % {"number": initiative.number}
            )
            return redirect(initiative.get_absolute_url())
    return render(
        request,
        "followup/economy_revision.html",
        {
            "initiative": initiative,
            "form": form,
            "amounts": amounts,
            "revisions": selectors.economy_revisions(initiative),
        },
        status=422 if form.errors or not amounts_valid else 200,
    )
