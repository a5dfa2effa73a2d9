"""Amounts in kroner on the pages, in the one Danish format (core.formatting.danish_kroner)."""

from django import template

from milepael.core.formatting import danish_kroner

register = template.Library()


@register.filter
def kroner(amount_kr: int | None) -> str:
    """{{ amount.amount_kr|kroner }} → 0,5 mio. kr. / 500.000 kr. (empty for None)."""
    return "" if amount_kr is None else danish_kroner(amount_kr)
