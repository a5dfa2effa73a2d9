"""Small formatting rules every renderer shares: Danish dates and numbers, and safe
download file names."""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import override


def danish_date(value: datetime.date | None) -> str:
    """22. december 2017, whatever language the request uses: the report is a Danish document."""
    if value is None:
        return ""
    with override("da"):
        return date_format(value, "j. F Y")


def danish_number(value: Decimal | float | int, decimals: int = 1) -> str:
    """Decimal comma and thousands point: 1.234,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def ascii_slug(text: str) -> str:
    """A file-name part: Danish letters spelled out (æ→ae, ø→oe, å→aa), then slugified."""
    for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa")):
        text = text.replace(danish, ascii_)
    return slugify(text)


def file_stem(*parts: str) -> str:
    """`opfoelgning-2-budgetopfoelgning-2018-oekonomiudvalget`: ASCII only, safe in any header."""
    return "-".join(slug for slug in (ascii_slug(part) for part in parts) if slug) or "rapport"
