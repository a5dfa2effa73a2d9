"""Overblik: a plan's smileys at a glance (followup.overview), for every internal user."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from milepael.core.shortcuts import get_or_404
from milepael.organisation.permissions import internal_required
from milepael.plans import selectors as plan_selectors

from .. import overview as overviews
from ..forms import OverviewForm


@internal_required
def overview_home(request):
    """The newest plan's overview (the header's »Overblik«)."""
    plan = overviews.newest_plan()
    if plan is None:
        return render(request, "followup/overview_empty.html")
    return redirect("followup:overview", plan_pk=plan.pk)


@internal_required
def overview(request, plan_pk: int):
    plan = get_or_404(plan_selectors.plan_for_page, plan_pk)
    rounds = plan_selectors.rounds_of(plan)
    form = OverviewForm(
        request.GET or None,
        rounds=rounds,
        departments=plan_selectors.departments_of(plan),
        themes=plan_selectors.themes_of(plan),
    )
    filters = form.to_filter()
    data = get_or_404(overviews.overview, plan, rounds, form.round_ordinal(), filters)
    return render(
        request,
        "followup/overview.html",
        {"plan": plan, "overview": data, "form": form, "filters": filters, "charts": _charts(data)},
    )


def _charts(data: overviews.Overview) -> dict:
    if data.round is None or data.total is None or not data.total.total:
        return {}
    return {
        "theme": overviews.chart(_("Indsats pr. tema"), data.by_theme, "overblik-tema"),
        "department": overviews.chart(_("Indsats pr. center"), data.by_department, "overblik-center"),
        "committee": overviews.chart(_("Indsats pr. udvalg"), data.by_committee, "overblik-udvalg"),
        "trend": overviews.chart(_("Indsats pr. opfølgning"), data.trend, "overblik-udvikling"),
    }
