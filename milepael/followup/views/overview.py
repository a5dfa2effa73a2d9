"""Overblik: a plan's smileys at a glance (followup.overview), and the agreement page (all
its committees' plans: progress in the open round and the same overview across them), for
every internal user."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from milepael.core.shortcuts import get_or_404
from milepael.organisation.permissions import can_import, internal_required
from milepael.plans import selectors as plan_selectors
from milepael.plans.models import Agreement

from .. import overview as overviews
from .. import selectors
from ..economy import budget_totals
from ..forms import OverviewForm


@internal_required
def overview_home(request):
    """The header's »Overblik«: the newest agreement's page when it has several plans, else
    the newest plan's overview."""
    subject = overviews.newest_subject()
    if subject is None:
        return render(request, "followup/overview_empty.html")
    if isinstance(subject, Agreement):
        return redirect("followup:agreement", pk=subject.pk)
    return redirect("followup:overview", plan_pk=subject.pk)


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


@internal_required
def agreement(request, pk: int):
    agreement = get_or_404(plan_selectors.agreement_for_page, pk)
    rounds = plan_selectors.agreement_rounds(agreement.pk)
    open_round = next((round_ for round_ in rounds if round_.is_open), None)
    data = overviews.overview(agreement, rounds)
    context = {
        "agreement": agreement,
        "plans": plan_selectors.plans_of(agreement),
        "open_round": open_round,
        "progress": selectors.plan_progress(open_round) if open_round else [],
        "overview": data,
        "charts": _agreement_charts(data),
        "red_shares": overviews.red_share_by_year(agreement.budget_year),
        "can_import": can_import(request.user),
        "economy_totals": budget_totals(selectors.amounts_in_force_by_committee(agreement.pk), _("Aftalen i alt")),
    }
    return render(request, "followup/agreement.html", context)


def _agreement_charts(data: overviews.Overview) -> dict:
    if data.round is None or data.total is None or not data.total.total:
        return {}
    return {
        "committee": overviews.chart(_("Indsats pr. udvalg"), data.by_committee, "aftale-udvalg"),
        "theme": overviews.chart(_("Indsats pr. tema"), data.by_theme, "aftale-tema"),
        "department": overviews.chart(_("Indsats pr. center"), data.by_department, "aftale-center"),
    }
