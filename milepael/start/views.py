from django.shortcuts import render

from milepael.organisation.permissions import internal_required

from .panels import start_page


@internal_required
def home(request):
    """The start page: the next step for the user's role, then what the role follows."""
    return render(request, "start/home.html", {"page": start_page(request)})
