"""The plan page (`/udmoentninger/<pk>/`): the milestone matrix from `plans`, and the economy
totals in force, which need the council-approved revisions of the follow-up, so the page
lives here (as the initiative page does) at the address it always had."""

from django.shortcuts import render
from django.utils.translation import gettext as _

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
    themes = plan_selectors.themes_of(plan)
    form = PlanFilterForm(request.GET or None, departments=plan_selectors.departments_of(plan), themes=themes)
    filters = form.to_filter()
    groups = plan_selectors.plan_matrix(plan, rounds, filters)
    context = {
        "plan": plan,
        "rounds": rounds,
        "groups": groups,
        "form": form,
        "filters": filters,
        "shown": sum(len(g.initiatives) for g in groups),
        "can_carry_over": permissions.can_carry_over(request.user),
    }
    if request.htmx:
        return render(request, "plans/_matrix.html", context)
    context["economy_totals"] = budget_totals(selectors.amounts_in_force_by_theme(plan), _("Udmøntningen i alt"))
    return render(request, "plans/plan_detail.html", context)
