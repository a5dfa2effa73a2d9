from django import template

from milepael.organisation import permissions

register = template.Library()


@register.filter
def can_download_reports(user) -> bool:
    """Report downloads are internal: show their links only to those who may follow them."""
    return permissions.can_view_internal(user)


@register.filter
def blocks(paragraphs) -> list[tuple[str, object]]:
    """Report paragraphs grouped for HTML: ("p", text) or ("ul", [texts])."""
    result: list[tuple[str, object]] = []
    for p in paragraphs or []:
        if p.list_item:
            if result and result[-1][0] == "ul":
                result[-1][1].append(p.text)
            else:
                result.append(("ul", [p.text]))
        else:
            result.append(("p", p.text))
    return result
