"""Danish formatting, one implementation each: dates, date-times and numbers as a Danish
document writes them, whatever language the request uses, and ASCII file names.

File names are ASCII only (Danish letters spelled out: æ→ae, ø→oe, å→aa), so they are
safe in any header, archive and case system without encoding.
"""

import datetime
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
# Longest stem of a download name: case systems and old Windows paths cut long names.
DOWNLOAD_STEM_LENGTH = 100


def danish_date(value: datetime.date | None) -> str:
    """22. december 2017 (empty for None)."""
    if value is None:
        return ""
    with override("da"):
        return date_format(value, "j. F Y")


def danish_datetime(value: datetime.datetime | None) -> str:
    """4. december 2026 kl. 15.03, in the site's time zone (empty for None)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    with override("da"):
        return date_format(value, r"j. F Y \k\l. H.i")


def danish_number(value: Decimal | float | int, decimals: int = 1) -> str:
    """Decimal comma and thousands point: 1.234,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def spell_out_danish(text: str) -> str:
    """Danish letters as ASCII, case kept: Udmøntning → Udmoentning."""
    return text.translate(_SPELLED_OUT)


def ascii_slug(text: str) -> str:
    """A file-name part: Danish letters spelled out, then slugified (lower case, hyphens)."""
    return slugify(spell_out_danish(text))


def file_stem(*parts: str) -> str:
    """`opfoelgning-2-budgetopfoelgning-2018-oekonomiudvalget`: each part slugified, empty
    parts left out, joined by hyphens."""
    return "-".join(slug for slug in (ascii_slug(part) for part in parts) if slug) or "rapport"


def download_name(*parts: str, extension: str) -> str:
    """`udmoentning-aftale-om-budget-2018-oekonomiudvalget.xlsx`: the parts read as one
    phrase, slugified, the stem cut to DOWNLOAD_STEM_LENGTH characters."""
    stem = ascii_slug(" ".join(parts))[:DOWNLOAD_STEM_LENGTH].strip("-")
    return f"{stem or 'milepael'}.{extension}"


def danish_kroner(amount_kr: int) -> str:
    """An amount in whole kroner as a Danish budget writes it: from 1 mio. in millions with
    up to two decimals and no trailing zeros (»1,25 mio. kr.«, »2 mio. kr.«), below that in
    kroner (»500.000 kr.«). A million amount that two decimals cannot show exactly is
    written in kroner (»1.234.567 kr.«), so the page never rounds an amount away."""
    sign = "-" if amount_kr < 0 else ""
    amount = abs(int(amount_kr))
    if amount >= 1_000_000 and amount % 10_000 == 0:
        millions = danish_number(Decimal(amount) / 1_000_000, decimals=2).rstrip("0").rstrip(",")
        return f"{sign}{millions} mio. kr."
    return f"{sign}{danish_number(amount, decimals=0)} kr."


_KRONER_INPUT = re.compile(
    r"^(?P<minus>[-−–])?\s*(?P<number>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(?P<unit>mio\.?|mia\.?|mill\.?)?\s*(?:kr\.?)?$",
    re.IGNORECASE,
)


def parse_danish_kroner(text: str) -> int | None:
    """An amount as a Dane types it, in whole kroner: »4,5 mio. kr.«, »500.000«, »1,2 mio«,
    »-0,5 mio. kr.« (a saving). Blank is None; anything else raises ValueError with a Danish
    message naming the value."""
    text = " ".join(str(text).split())
    if not text:
        return None
    match = _KRONER_INPUT.match(text)
    if match is None:
        raise ValueError(_("»%(value)s« er ikke et beløb. Skriv fx 4,5 mio. kr. eller 500.000 kr.") % {"value": text})
    number, unit = match["number"], (match["unit"] or "").lower()
    if "," in number and not unit:
        raise ValueError(_("»%(value)s« har øre; skriv beløbet i hele kroner, fx 500.000 kr.") % {"value": text})
    value = Decimal(number.replace(".", "").replace(",", ".") if unit else number.replace(".", ""))
    value *= 1_000_000_000 if unit.startswith("mia") else 1_000_000 if unit else 1
    if value != value.to_integral_value():
        raise ValueError(_("»%(value)s« er ikke et helt antal kroner.") % {"value": text})
    return -int(value) if match["minus"] else int(value)


def danish_percent(value: Decimal | float | int) -> str:
    """12.5 → »12,5 %«, 25.0 → »25 %« (one decimal at most)."""
    return f"{danish_number(value, decimals=1).removesuffix(',0')} %"
