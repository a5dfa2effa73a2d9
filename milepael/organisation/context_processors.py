from .models import Organisation


def organisation(request):
    """The municipality's name for the page header, read lazily (one query only if used)."""

    cache = {}

    def name():
        if "name" not in cache:
            org = Organisation.current()
            cache["name"] = org.name if org else ""
        return cache["name"]

    return {"organisation_name": name}
