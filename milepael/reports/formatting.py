"""Small formatting rules every renderer shares: Danish dates and numbers, rich text as
paragraphs, and safe download file names."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import override

from milepael.richtext import fold_whitespace

# Paragraph-level tags of the rich-text allow-list (milepael.richtext.ALLOWED_TAGS).
_PARAGRAPH_TAGS = {"p", "h3", "h4", "blockquote", "div"}


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


class _Paragraphs(HTMLParser):
    """Splits sanitised HTML into paragraphs; list items become their own paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self._parts: list[str] = []
        self._list_item = False

    def _flush(self) -> None:
        text = fold_whitespace("".join(self._parts))
        if text:
            self.blocks.append((text, self._list_item))
        self._parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._flush()
            self._list_item = True
        elif tag in _PARAGRAPH_TAGS or tag in {"ul", "ol"}:
            self._flush()
            self._list_item = False
        elif tag == "br":
            self._parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "li" or tag in _PARAGRAPH_TAGS or tag in {"ul", "ol"}:
            self._flush()
            self._list_item = False

    def handle_data(self, data):
        self._parts.append(data)

    def close(self):
        super().close()
        self._flush()


# The seed writes list bullets into the text ("• Nyt design …", "1. Servicerammen …").
_BULLET_RE = re.compile(r"\s*•\s*")


def paragraphs(fragment: str) -> list[tuple[str, bool]]:
    """Rich text as [(text, is_list_item)], whitespace folded. Inline bullets written as
    "•" in the text (as the seed does) start list items of their own."""
    if not fragment or not fragment.strip():
        return []
    parser = _Paragraphs()
    parser.feed(fragment)
    parser.close()
    result: list[tuple[str, bool]] = []
    for text, list_item in parser.blocks:
        if "•" in text:
            head, *items = _BULLET_RE.split(text)
            if head.strip():
                result.append((head.strip(), list_item))
            result.extend((item.strip(), True) for item in items if item.strip())
        else:
            result.append((text, list_item))
    return result


def ascii_slug(text: str) -> str:
    """A file-name part: Danish letters spelled out (æ→ae, ø→oe, å→aa), then slugified."""
    for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa")):
        text = text.replace(danish, ascii_)
    return slugify(text)


def file_stem(*parts: str) -> str:
    """`opfoelgning-2-budgetopfoelgning-2018-oekonomiudvalget`: ASCII only, safe in any header."""
    return "-".join(slug for slug in (ascii_slug(part) for part in parts) if slug) or "rapport"
