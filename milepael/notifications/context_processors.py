from milepael.organisation import permissions

from .selectors import unread_count


def unread(request):
    """The number of unread messages for the header, counted lazily (a query only if shown)."""
    user = getattr(request, "user", None)
    if user is None or not permissions.can_receive_notifications(user):
        return {"unread_messages": 0, "receives_messages": False}
    cache = {}

    def count() -> int:
        if "count" not in cache:
            cache["count"] = unread_count(user)
        return cache["count"]

    return {"unread_messages": count, "receives_messages": True}
