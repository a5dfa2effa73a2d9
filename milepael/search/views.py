from django.shortcuts import render

from milepael.organisation.permissions import internal_required

from . import selectors, services
from .forms import SearchForm


@internal_required
def search(request):
    form = SearchForm(request.GET or None, choices=selectors.filter_choices())
    filters = form.filters(request.GET.get("side"))
    query = request.GET.get("q", "").strip()[:200]
    page = services.search(query, filters, request.user) if query else None
    kept = request.GET.copy()
    kept.pop("side", None)
    return render(
        request,
        "search/search.html",
        {"form": form, "query": query, "page": page, "kept_query": kept.urlencode()},
    )
