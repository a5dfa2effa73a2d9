"""The plan page (`/udmoentninger/<pk>/`) and a theme of it: the milestone matrix from
`plans` (above MILEPAEL_FOLD_THEMES_ABOVE initiatives its themes folded, each opened on its
own), and the economy totals in force, which need the council-approved revisions of the
follow-up, so the page lives here (as the initiative page does) at the address it always had.
The rendered parts are cached by the data version (core.fragments)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from milepael.core import fragments
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required
from milepael.plans import selectors as plan_selectors
from milepael.plans.forms import PlanFilterForm

from .. import selectors
from ..economy import budget_totals


@internal_required
def plan_detail(request, pk: int):
    plan = get_or_404(plan_selectors.plan_for_page, pk)
    rounds = plan_selectors.rounds_of(plan)
    departments, themes = fragments.remember(
        ("plan-filter-choices", plan.pk),
        lambda: (plan_selectors.departments_of(plan), plan_selectors.theme_choices(plan)),
    )
    form = PlanFilterForm(request.GET or None, departments=departments, themes=themes)
    filters = form.to_filter()
    page_number = request.GET.get("side", "1")
    # The milestones matrix (or, for a large plan, its folded themes) is the same for every
    # internal user, so it is cached by plan, filters and page.
    matrix = fragments.cached(
        ("plan-matrix", plan.pk, filters, page_number),
        lambda: _matrix(request, plan, rounds, filters, page_number),
    )
    if request.htmx:
        return HttpResponse(matrix)
    context = {
        "plan": plan,
        "filters": filters,
        # A large plan's theme list makes the form slow to render: cached as the request asked for it.
        "form_fields": fragments.cached(
            ("plan-filter-form", plan.pk, request.GET.urlencode()),
            lambda: render_to_string("plans/_filter_fields.html", {"form": form}, request),
        ),
        "matrix": matrix,
        "can_carry_over": permissions.can_carry_over(request.user),
        "economy_totals": fragments.cached(("plan-economy", plan.pk), lambda: _economy_totals(plan)),
    }
    return render(request, "plans/plan_detail.html", context)


def _matrix(request, plan, rounds, filters, page_number) -> str:
    """The open matrix, or above MILEPAEL_FOLD_THEMES_ABOVE initiatives the page's themes folded."""
    context = {"plan": plan, "rounds": rounds, "filters": filters, "query": _kept_query(request)}
    # A plan of few initiatives is shown open whatever the filters: no need to count per theme.
    if plan_selectors.initiative_count(plan) > settings.MILEPAEL_FOLD_THEMES_ABOVE:
        folded = plan_selectors.folded_themes(plan, filters)
        context["shown"] = sum(theme.initiatives for theme in folded)
        if context["shown"] > settings.MILEPAEL_FOLD_THEMES_ABOVE:
            context["page"] = Paginator(folded, settings.MILEPAEL_FOLD_THEMES_PER_PAGE).get_page(page_number)
            return render_to_string("plans/_folded.html", context, request)
    context["groups"] = plan_selectors.plan_matrix(plan, rounds, filters)
    context["shown"] = sum(len(group.initiatives) for group in context["groups"])
    return render_to_string("plans/_matrix.html", context, request)


def _economy_totals(plan) -> str:
    totals = budget_totals(selectors.amounts_in_force_by_theme(plan), _("Udmøntningen i alt"))
    return render_to_string("plans/_economy_totals.html", {"economy_totals": totals})


def _kept_query(request) -> str:
    """The filters of the request as a query string (without the page), for links that keep them."""
    kept = request.GET.copy()
    kept.pop("side", None)
    return kept.urlencode()


@internal_required
def plan_theme(request, pk: int, number: int):
    """One theme's initiatives and milestones (the filters apply): the rows of a folded theme
    for htmx, or without JavaScript a page of its own."""
    plan = get_or_404(plan_selectors.plan_for_page, pk)
    theme = get_or_404(plan_selectors.theme_of, plan, number)
    rounds = plan_selectors.rounds_of(plan)
    form = PlanFilterForm(
        request.GET or None, departments=plan_selectors.departments_of(plan), themes=[(theme.number, str(theme))]
    )
    filters = form.to_filter()
    rows = fragments.cached(
        ("plan-theme", plan.pk, theme.pk, filters),
        lambda: render_to_string(
            "plans/_theme_table.html",
            {"group": plan_selectors.ThemeGroup(theme, _initiatives(plan, rounds, filters, theme)), "rounds": rounds},
            request,
        ),
    )
    if request.htmx:
        return HttpResponse(rows)
    context = {"plan": plan, "theme": theme, "rows": rows, "query": _kept_query(request)}
    return render(request, "plans/plan_theme.html", context)


def _initiatives(plan, rounds, filters, theme) -> list:
    groups = plan_selectors.plan_matrix(plan, rounds, filters, theme)
    return groups[0].initiatives if groups else []
