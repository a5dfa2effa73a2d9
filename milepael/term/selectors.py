"""Queries the election-term pages share. Each returns everything a page needs in a fixed
number of queries, whatever the number of areas, objectives and key figures."""

from django.db.models import Count, Prefetch, QuerySet

from milepael.plans.models import Initiative

from .models import Area, ElectionTerm, KeyFigure, KeyFigureValue, Objective


def terms_for_list() -> QuerySet[ElectionTerm]:
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
