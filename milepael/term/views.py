from django.http import Http404
from django.shortcuts import render

from milepael.core import charts
from milepael.organisation.permissions import internal_required

from . import selectors
from .models import ElectionTerm


@internal_required
def term_list(request):
    return render(request, "term/term_list.html", {"terms": selectors.terms_for_list()})


@internal_required
def term_detail(request, pk: int):
    try:
        term = selectors.term_for_page(pk)
    except ElectionTerm.DoesNotExist as exc:
        raise Http404 from exc
    for area in term.areas.all():
        for objective in area.objectives.all():
            for key_figure in objective.key_figures.all():
                series = key_figure.series()
                key_figure.chart_svg = charts.inline_svg(series, f"noegletal-{key_figure.pk}") if series.points else ""
                key_figure.decimals = charts.decimals_of(series)
    return render(request, "term/term_detail.html", {"term": term})
