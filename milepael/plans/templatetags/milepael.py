from django import template
from django.utils.safestring import mark_safe

from milepael.richtext import html_to_text, sanitize_html

register = template.Library()


@register.filter
def richtext(value: str) -> str:
    """Stored HTML is sanitised on save; sanitise again on output as defence in depth."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - sanitised by nh3 allow-list


@register.filter
def plaintext(value: str) -> str:
    return html_to_text(value or "")
