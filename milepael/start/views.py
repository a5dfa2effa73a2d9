from django.http import Http404, HttpResponse
from django.shortcuts import render

from milepael.core import fragments
from milepael.organisation.permissions import internal_required

from .panels import overview_panel, start_page


@internal_required
def home(request):
    """The start page: the next step for the user's role, then what the role follows."""
    return render(request, "start/home.html", {"page": start_page(request)})


@internal_required
def overview_chart(request):
    """The chart of the readers' overview panel as an SVG file (404 while there is none)."""
    panel = overview_panel()
    if panel is None:
        raise Http404
    content = fragments.remember(("start-overview-chart",), panel.data.chart)
    return HttpResponse(content, content_type="image/svg+xml")
