"""Amounts in kroner on the pages, in the one Danish format (core.formatting.danish_kroner)."""

from decimal import Decimal

from django import template

from milepael.core.formatting import danish_kroner, danish_percent

register = template.Library()


@register.filter
def kroner(amount_kr: int | None) -> str:
    """{{ amount.amount_kr|kroner }} → 0,5 mio. kr. / 500.000 kr. (empty for None)."""
    return "" if amount_kr is None else danish_kroner(amount_kr)


@register.filter
def kroner_size(amount_kr: int | None) -> str:
    """The amount without its sign (»1,5 mio. kr.«), for a deviation said in words (over/under)."""
    return "" if amount_kr is None else danish_kroner(abs(amount_kr))


@register.filter
def percent_size(value: Decimal | None) -> str:
    """12.5 → »12,5 %«, 25.0 → »25 %« (the size only; empty for None)."""
    return "" if value is None else danish_percent(abs(value))
