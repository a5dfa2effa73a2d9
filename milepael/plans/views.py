from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from milepael.core import fragments
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required, require

from . import selectors, services
from .economy import totals_table
from .forms import CarryOverForm, PlanFilterForm


@internal_required
def home(request):
    return render(request, "plans/home.html", {"agreements": selectors.agreements_with_plans()})


@internal_required
def plan_detail(request, pk: int):
    plan = get_or_404(selectors.plan_for_page, pk)
    rounds = selectors.rounds_of(plan)
    departments, themes = fragments.remember(
        ("plan-filter-choices", plan.pk), lambda: (selectors.departments_of(plan), selectors.theme_choices(plan))
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
    if selectors.initiative_count(plan) > settings.MILEPAEL_FOLD_THEMES_ABOVE:
        folded = selectors.folded_themes(plan, filters)
        context["shown"] = sum(theme.initiatives for theme in folded)
        if context["shown"] > settings.MILEPAEL_FOLD_THEMES_ABOVE:
            context["page"] = Paginator(folded, settings.MILEPAEL_FOLD_THEMES_PER_PAGE).get_page(page_number)
            return render_to_string("plans/_folded.html", context, request)
    context["groups"] = selectors.plan_matrix(plan, rounds, filters)
    context["shown"] = sum(len(group.initiatives) for group in context["groups"])
    return render_to_string("plans/_matrix.html", context, request)


def _economy_totals(plan) -> str:
    table = totals_table(selectors.adopted_amounts_by_theme(plan), _("Udmøntningen i alt"))
    return render_to_string("plans/_economy_totals.html", {"economy_totals": table})


def _kept_query(request) -> str:
    """The filters of the request as a query string (without the page), for links that keep them."""
    kept = request.GET.copy()
    kept.pop("side", None)
    return kept.urlencode()


@internal_required
def plan_theme(request, pk: int, number: int):
    """One theme's initiatives and milestones (the filters apply): the rows of a folded theme
    for htmx, or without JavaScript a page of its own."""
    plan = get_or_404(selectors.plan_for_page, pk)
    theme = get_or_404(selectors.theme_of, plan, number)
    rounds = selectors.rounds_of(plan)
    form = PlanFilterForm(
        request.GET or None, departments=selectors.departments_of(plan), themes=[(theme.number, str(theme))]
    )
    filters = form.to_filter()
    rows = fragments.cached(
        ("plan-theme", plan.pk, theme.pk, filters),
        lambda: render_to_string(
            "plans/_theme_table.html",
            {"group": selectors.ThemeGroup(theme, _initiatives(plan, rounds, filters, theme)), "rounds": rounds},
            request,
        ),
    )
    if request.htmx:
        return HttpResponse(rows)
    context = {"plan": plan, "theme": theme, "rows": rows, "query": _kept_query(request)}
    return render(request, "plans/plan_theme.html", context)


def _initiatives(plan, rounds, filters, theme) -> list:
    groups = selectors.plan_matrix(plan, rounds, filters, theme)
    return groups[0].initiatives if groups else []


@require(permissions.can_carry_over)
def carry_over(request, pk: int):
    """Choose → preview (a dry run of the real carry-over) → confirm. Nothing is saved before confirm."""
    plan = get_or_404(selectors.plan_for_page, pk)
    form = CarryOverForm(request.POST or None, plan=plan)
    context = {"plan": plan, "form": form}
    if request.method == "POST" and form.is_valid():
        confirming = "confirm" in request.POST
        try:
            report = services.carry_over(
                source_plan=plan, user=request.user, dry_run=not confirming, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if confirming:
                messages.success(
                    request,
                    _("Videreført til »%(agreement)s«: %(created)d indsatser oprettet, %(skipped)d sprunget over.")
                    % {
                        "agreement": report.agreement_title,
                        "created": len(report.created),
                        "skipped": len(report.skipped),
                    },
                )
                return redirect("plans:plan", pk=report.plan_pk)
            context.update(report=report, hidden_values=form.hidden_values())
    status = 422 if form.errors else 200
    return render(request, "plans/carry_over.html", context, status=status)
