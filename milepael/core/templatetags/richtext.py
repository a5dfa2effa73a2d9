"""Template filters for rich text: `{% load richtext %}`."""

from django import template
from django.utils.safestring import mark_safe

from milepael.core.richtext import html_to_text, sanitize_html

register = template.Library()


@register.filter
def richtext(value: str) -> str:
    """Stored HTML is sanitised on save; sanitise again on output as defence in depth."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - sanitised by nh3 allow-list


@register.filter
def plaintext(value: str) -> str:
    """The text of stored HTML, whitespace folded (for titles and attributes)."""
    return html_to_text(value or "")


@register.filter
def blocks(paragraphs) -> list[tuple[str, object]]:
    """Paragraphs (anything with `text` and `list_item`, such as the reports' `Paragraph`)
    grouped for HTML: ("p", text) or ("ul", [texts]) for a run of list items."""
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
