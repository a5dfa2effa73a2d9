"""Rich text: the allow-list every stored HTML fragment passes, its plain-text form, and
its paragraphs (for the reports' PDF, Word and Excel layouts).

Descriptions, notes, milestones and economy texts arrive as HTML fragments (the seeds
carry <p>, <ul>, <li>, <h3>). They are sanitised on the way in, so templates may mark
them safe; everything else is escaped by Django as usual.
"""

import html
import re
from html.parser import HTMLParser

import nh3
from django.db import models

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "h3", "h4", "a", "blockquote"}
# An ordered list keeps where its numbering starts (a Word list continued after a paragraph).
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
BLOCK_TAGS = {"p", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "tr", "td", "th"}

_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
# A list whose items were typed as text ("<ul> • a • b</ul>", as in the seeds): no <li> inside.
_TEXT_LIST_RE = re.compile(r"<(ul|ol)>((?:(?!<(?:ul|ol|li)[\s>]).)*?)</\1>", re.S)
_SPACE_RE = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
    """True when `text` contains at least one HTML tag (else it is plain text)."""
    return bool(_TAG_RE.search(text))


def sanitize_html(fragment: str) -> str:
    """Return `fragment` as safe HTML; plain text becomes one escaped paragraph."""

    fragment = (fragment or "").strip()
    if not fragment:
        return ""
    if not looks_like_html(fragment):
        fragment = f"<p>{html.escape(fragment, quote=False)}</p>"
    cleaned = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _TEXT_LIST_RE.sub(_text_bullets_to_items, cleaned).strip()


def _text_bullets_to_items(match: re.Match) -> str:
    """Real list items, so assistive technology announces a list (WCAG 1.3.1); the bullet
    characters stay in the text, so the wording is exactly the source's."""
    tag, inner = match.group(1), match.group(2)
    items = [item.strip() for item in inner.split("•") if item.strip()]
    bullet = "• " if "•" in inner else ""
    return f"<{tag}>" + "".join(f"<li>{bullet}{item}</li>" for item in items) + f"</{tag}>"


# A start or end tag, its name captured; quoted attribute values may hold ">".
_ANY_TAG_RE = re.compile(r"""<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.S)


def _tag_as_text(match: re.Match) -> str:
    return " " if match.group(1).lower() in BLOCK_TAGS else ""


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, whitespace folded (for search, titles and checks): a
    block tag is a space, other tags and comments nothing, character references decoded.
    Regular expressions, not a parser: about three times faster, and indexing a large import
    reads every text."""
    if not fragment:
        return ""
    text = _ANY_TAG_RE.sub(_tag_as_text, _COMMENT_RE.sub("", fragment))
    return fold_whitespace(html.unescape(text))


def fold_whitespace(text: str) -> str:
    """Every run of whitespace as one space, the ends stripped."""
    return _SPACE_RE.sub(" ", text).strip()


class RichTextField(models.TextField):
    """A TextField that stores only sanitised HTML, whoever writes it (admin, import, API)."""

    def pre_save(self, model_instance, add):
        current = getattr(model_instance, self.attname) or ""
        if _SANITISED.get(id(current)) is current:
            # Sanitised already: an import prepares its rows before its short write
            # transaction, and the bulk insert and the history rows call this again inside it.
            return current
        value = sanitize_html(current)
        setattr(model_instance, self.attname, value)
        if len(_SANITISED) >= 100_000:
            _SANITISED.clear()
        _SANITISED[id(value)] = value  # holds the string, so its id is not reused meanwhile
        return value


# Strings sanitize_html returned recently, by identity (the very objects, not equal text).
_SANITISED: dict[int, str] = {}


# Paragraph-level tags of the allow-list (ALLOWED_TAGS), and the containers seen in old data.
_PARAGRAPH_TAGS = {"p", "h3", "h4", "blockquote", "div"}


class _Paragraphs(HTMLParser):
    """Splits sanitised HTML into paragraphs; list items become their own paragraphs, and an
    item of a numbered list (<ol>) keeps its number in its text ("2. Kommunens …")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self._parts: list[str] = []
        self._list_item = False
        self._lists: list[list] = []  # open lists: [tag, the next item's number]

    def _flush(self) -> None:
        text = fold_whitespace("".join(self._parts))
        if text:
            self.blocks.append((text, self._list_item))
        self._parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._flush()
            self._list_item = True
            if self._lists and self._lists[-1][0] == "ol":
                self._parts.append(f"{self._lists[-1][1]}. ")
                self._lists[-1][1] += 1
        elif tag in {"ul", "ol"}:
            self._flush()
            self._list_item = False
            start = dict(attrs).get("start") or "1"
            self._lists.append([tag, int(start) if start.isdigit() else 1])
        elif tag in _PARAGRAPH_TAGS:
            self._flush()
            self._list_item = False
        elif tag == "br":
            self._parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"ul", "ol"} and self._lists:
            self._lists.pop()
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
