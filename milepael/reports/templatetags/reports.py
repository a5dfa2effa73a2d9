from django import template

from milepael.organisation import permissions

register = template.Library()


@register.filter
def can_download_reports(user) -> bool:
    """Report downloads are internal: show their links only to those who may follow them."""
    return permissions.can_view_internal(user)
