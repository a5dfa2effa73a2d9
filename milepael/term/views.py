from django.shortcuts import render

from milepael.core.shortcuts import get_or_404
from milepael.organisation.permissions import internal_required

from . import selectors


@internal_required
def term_list(request):
    return render(request, "term/term_list.html", {"terms": selectors.terms_for_list()})


@internal_required
def term_detail(request, pk: int):
    return render(request, "term/term_detail.html", {"term": get_or_404(selectors.term_page, pk)})
