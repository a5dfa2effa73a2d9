from django.http import Http404
from django.shortcuts import render

from . import selectors
from .forms import PlanFilterForm
from .models import ImplementationPlan, Initiative


def home(request):
    return render(request, "plans/home.html", {"agreements": selectors.agreements_with_plans()})


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


def initiative_detail(request, pk: int, number: str):
    try:
        initiative = selectors.initiative_for_page(pk, number)
    except Initiative.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "plans/initiative_detail.html", {"initiative": initiative, "plan": initiative.plan})
