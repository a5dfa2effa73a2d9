"""Rich text: the allow-list every stored HTML fragment passes, and its plain-text form.

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
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
BLOCK_TAGS = {"p", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "tr", "td", "th"}

_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
# A list whose items were typed as text ("<ul> • a • b</ul>", as in the seeds): no <li> inside.
_TEXT_LIST_RE = re.compile(r"<(ul|ol)>((?:(?!<(?:ul|ol|li)[\s>]).)*?)</\1>", re.S)
_SPACE_RE = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
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


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, whitespace folded (for search, titles and checks)."""

    if not fragment:
        return ""
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    return fold_whitespace("".join(extractor.parts))


def fold_whitespace(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


class RichTextField(models.TextField):
    """A TextField that stores only sanitised HTML, whoever writes it (admin, import, API)."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
