from django import template

register = template.Library()


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
