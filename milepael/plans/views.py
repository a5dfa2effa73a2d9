from django.http import Http404
from django.shortcuts import render

from milepael.followup import selectors as followup_selectors
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required

from . import selectors
from .forms import PlanFilterForm
from .models import ImplementationPlan, Initiative


@internal_required
def home(request):
    return render(request, "plans/home.html", {"agreements": selectors.agreements_with_plans()})


@internal_required
def plan_detail(request, pk: int):
    try:
        plan = selectors.plan_for_page(pk)
    except ImplementationPlan.DoesNotExist as exc:
        raise Http404 from exc
    rounds = selectors.rounds_of(plan)
    themes = selectors.themes_of(plan)
    form = PlanFilterForm(request.GET or None, departments=selectors.departments_of(plan), themes=themes)
    filters = form.to_filter()
    groups = selectors.plan_matrix(plan, rounds, filters)
    context = {
        "plan": plan,
        "rounds": rounds,
        "groups": groups,
        "form": form,
        "filters": filters,
        "shown": sum(len(g.initiatives) for g in groups),
    }
    template = "plans/_matrix.html" if request.htmx else "plans/plan_detail.html"
    return render(request, template, context)


@internal_required
def initiative_detail(request, pk: int, number: str):
    try:
        initiative = selectors.initiative_for_page(pk, number)
    except Initiative.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "initiative": initiative,
        "plan": initiative.plan,
        "ratings": followup_selectors.ratings_by_round(initiative),
        "revisions": followup_selectors.economy_revisions(initiative),
        "history": followup_selectors.rating_history(initiative),
        "can_revise_economy": permissions.can_revise_economy(request.user),
    }
    return render(request, "plans/initiative_detail.html", context)
