"""Overblik: a plan's smileys at a glance (followup.overview), and the agreement page (all
its committees' plans: progress in the open round and the same overview across them), for
every internal user."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from milepael.core import fragments
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required
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


# The charts, by the name in their address: (title, the overview's groups). The theme chart
# shows the page of themes the page shows.
PLAN_CHARTS = {
    "udvikling": (gettext_lazy("Indsats pr. opfølgning"), "trend"),
    "tema": (gettext_lazy("Indsats pr. tema"), "by_theme"),
    "center": (gettext_lazy("Indsats pr. center"), "by_department"),
    "udvalg": (gettext_lazy("Indsats pr. udvalg"), "by_committee"),
}
AGREEMENT_CHARTS = {name: PLAN_CHARTS[name] for name in ("udvalg", "tema", "center")}
CHANGES_PER_PAGE = 100


@internal_required
def overview(request, plan_pk: int):
    """A plan's overview. Counted from approved ratings only, so the same for every internal
    user: cached by plan and query. The charts are images of their own (the first response
    stays small), their numbers in the alt text and in the tables."""
    plan = get_or_404(plan_selectors.plan_for_page, plan_pk)
    body = fragments.cached(("overview", plan.pk, request.GET.urlencode()), lambda: _overview_body(request, plan))
    return render(request, "followup/overview.html", {"plan": plan, "body": body})


def _overview_form(request, plan) -> OverviewForm:
    return OverviewForm(
        request.GET or None,
        rounds=plan_selectors.rounds_of(plan),
        departments=plan_selectors.departments_of(plan),
        themes=plan_selectors.theme_choices(plan, key="pk"),
    )


def _overview_data(request, plan) -> tuple[OverviewForm, overviews.Overview]:
    form = _overview_form(request, plan)
    rounds = plan_selectors.rounds_of(plan)
    return form, get_or_404(overviews.overview, plan, rounds, form.round_ordinal(), form.to_filter())


def _overview_body(request, plan) -> str:
    form, data = _overview_data(request, plan)
    themes = _theme_page(request, data)
    changes = Paginator(data.changes, CHANGES_PER_PAGE).get_page(request.GET.get("side"))
    url = reverse("followup:overview_chart", args=[plan.pk, "tema"])
    context = {
        "plan": plan,
        "overview": data,
        "form": form,
        "filters": form.to_filter(),
        "themes": themes,
        "themes_pager": _pager(request, themes, "tema-side"),
        "changes": changes,
        "changes_pager": _pager(request, changes, "side"),
        "charts": _chart_links(request, data, PLAN_CHARTS, url, themes),
    }
    return render_to_string("followup/_overview_body.html", context, request)


def _theme_page(request, data: overviews.Overview):
    return Paginator(data.by_theme, settings.MILEPAEL_FOLD_THEMES_PER_PAGE).get_page(request.GET.get("tema-side"))


def _pager(request, page, param: str) -> dict:
    """The page and the addresses of the previous and next (the rest of the query kept)."""

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = number
        return "?" + query.urlencode()

    return {
        "page": page,
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
    }


def _chart_links(request, data: overviews.Overview, kinds: dict, theme_url: str, themes) -> dict:
    """{name: {url, alt}} of each chart: its address (with the page's query) and its numbers in words."""
    if data.round is None or data.total is None or not data.total.total:
        return {}
    query = request.GET.urlencode()
    links = {}
    for name, (title, attribute) in kinds.items():
        groups = list(themes) if attribute == "by_theme" else getattr(data, attribute)
        url = theme_url.replace("/tema.svg", f"/{name}.svg")
        links[name] = {"url": f"{url}?{query}" if query else url, "alt": overviews.alt_text(str(title), groups)}
    return links


@internal_required
def overview_chart(request, plan_pk: int, name: str):
    """One chart of a plan's overview as an SVG file (the same query as the page)."""
    if name not in PLAN_CHARTS:
        raise Http404
    plan = get_or_404(plan_selectors.plan_for_page, plan_pk)

    def draw():
        data = _overview_data(request, plan)[1]
        return _drawn(request, data, PLAN_CHARTS[name])

    return _svg_response(fragments.remember(("overview-chart", plan.pk, name, request.GET.urlencode()), draw))


def _drawn(request, data: overviews.Overview, kind: tuple) -> bytes:
    title, attribute = kind
    groups = list(_theme_page(request, data)) if attribute == "by_theme" else getattr(data, attribute)
    return overviews.drawn_chart(str(title), groups, horizontal=attribute != "trend").content


def _svg_response(content: bytes) -> HttpResponse:
    return HttpResponse(content, content_type="image/svg+xml")


@internal_required
def agreement(request, pk: int):
    """The agreement page: its plans' progress in the open round (per user: who may see
    drafts), and the overview across its plans (approved ratings: cached for everyone)."""
    agreement = get_or_404(plan_selectors.agreement_for_page, pk)
    body = fragments.cached(
        (
            "agreement",
            agreement.pk,
            permissions.draft_visibility(request.user),
            permissions.can_import(request.user),  # the skeleton's next step
            request.GET.urlencode(),
        ),
        lambda: _agreement_body(request, agreement),
    )
    return render(request, "followup/agreement.html", {"agreement": agreement, "body": body})


def _agreement_body(request, agreement) -> str:
    rounds = plan_selectors.agreement_rounds(agreement.pk)
    open_round = next((round_ for round_ in rounds if round_.is_open), None)
    data = overviews.overview(agreement, rounds)
    themes = _theme_page(request, data)
    url = reverse("followup:agreement_chart", args=[agreement.pk, "tema"])
    context = {
        "agreement": agreement,
        "plans": plan_selectors.plans_of(agreement),
        "open_round": open_round,
        "progress": selectors.plan_progress(open_round) if open_round else [],
        "overview": data,
        "themes": themes,
        "themes_pager": _pager(request, themes, "tema-side"),
        "charts": _chart_links(request, data, AGREEMENT_CHARTS, url, themes),
        "red_shares": overviews.red_share_by_year(agreement.budget_year),
        "can_import": permissions.can_import(request.user),
        "economy_totals": budget_totals(selectors.amounts_in_force_by_committee(agreement.pk), _("Aftalen i alt")),
    }
    return render_to_string("followup/_agreement_body.html", context, request)


@internal_required
def agreement_chart(request, pk: int, name: str):
    """One chart of the agreement's overview as an SVG file."""
    if name not in AGREEMENT_CHARTS:
        raise Http404
    agreement = get_or_404(plan_selectors.agreement_for_page, pk)

    def draw():
        data = overviews.overview(agreement, plan_selectors.agreement_rounds(agreement.pk))
        return _drawn(request, data, AGREEMENT_CHARTS[name])

    return _svg_response(fragments.remember(("agreement-chart", agreement.pk, name, request.GET.urlencode()), draw))
