from django import template

from milepael.organisation import permissions

from ..renderers import Renderer, renderers_of

register = template.Library()


@register.filter
def can_download_reports(user) -> bool:
    """Report downloads are internal: show their links only to those who may follow them."""
    return permissions.can_view_internal(user)


@register.simple_tag
def report_downloads(report_kind: str) -> list[Renderer]:
    """The file formats a report comes in (the registry's renderers but HTML, the page
    itself): `{% report_downloads "term" as renderers %}`."""
    return [renderer for renderer in renderers_of(report_kind) if renderer.downloadable]
