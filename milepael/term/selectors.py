"""Queries the election-term pages share. Each returns everything a page needs in a fixed
number of queries, whatever the number of areas, objectives and key figures."""

from django.db.models import Count, Prefetch, QuerySet

from milepael.core import charts
from milepael.plans.models import Initiative

from .models import Area, ElectionTerm, KeyFigure, KeyFigureValue, Objective


def terms_for_list() -> QuerySet[ElectionTerm]:
    """Every term with its committee and how many areas and objectives it has."""
    return ElectionTerm.objects.select_related("committee").annotate(
        area_count=Count("areas", distinct=True), objective_count=Count("areas__objectives", distinct=True)
    )


def term_for_page(pk: int) -> ElectionTerm:
    """The term with its areas, objectives, linked initiatives and key figures with values."""
    key_figures = KeyFigure.objects.order_by("position").prefetch_related(
        Prefetch("values", queryset=KeyFigureValue.objects.order_by("position"))
    )
    objectives = Objective.objects.order_by("position").prefetch_related(
        Prefetch("initiatives", queryset=Initiative.objects.order_by("plan_id", "sort_key")),
        Prefetch("key_figures", queryset=key_figures),
    )
    areas = Area.objects.order_by("position").prefetch_related(Prefetch("objectives", queryset=objectives))
    return (
        ElectionTerm.objects.select_related("committee").prefetch_related(Prefetch("areas", queryset=areas)).get(pk=pk)
    )


def term_page(pk: int) -> ElectionTerm:
    """`term_for_page` with every key figure's chart drawn for the web page: `.chart_svg` (inline
    SVG, "" when the figure has no values yet) and `.decimals` for its table. Drawing uses the
    prefetched values, so it adds no query."""
    term = term_for_page(pk)
    for area in term.areas.all():
        for objective in area.objectives.all():
            for key_figure in objective.key_figures.all():
                series = key_figure.series()
                key_figure.chart_svg = charts.inline_svg(series, f"noegletal-{key_figure.pk}") if series.points else ""
                key_figure.decimals = charts.decimals_of(series)
    return term
