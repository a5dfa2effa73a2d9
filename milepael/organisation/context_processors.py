from . import permissions
from .models import Organisation


def organisation(request):
    """The municipality's name and the user's role for the layout, read lazily (a query only if used)."""

    cache = {}

    def name():
        if "name" not in cache:
            org = Organisation.current()
            cache["name"] = org.name if org else ""
        return cache["name"]

    user = getattr(request, "user", None)
    return {
        "organisation_name": name,
        "is_administrator": (lambda: permissions.is_administrator(user)) if user else False,
    }
