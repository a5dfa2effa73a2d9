"""Rich text as plain paragraphs, for formats that carry no markup (Excel cells), and the
plain text of the seed text formats' cells.

A fragment's blocks (<p>, <li>, <h3>, …) become paragraphs separated by a blank line;
back again, each paragraph becomes a `<p>`. The text itself goes through
`milepael.core.richtext` both ways, so there is one sanitiser and one notion of "text".
"""

import html
import re

from milepael.core.richtext import fold_whitespace, html_to_text, looks_like_html, sanitize_html
from milepael.core.text import clean_text

_BLOCK_SPLIT_RE = re.compile(r"<\s*/?\s*(?:p|br|ul|ol|li|h[1-6]|div|blockquote|tr|td|th)\b[^>]*>", re.IGNORECASE)
_BLANK_LINE_RE = re.compile(r"\n\s*\n")


def rich_text_paragraphs(fragment: str) -> list[str]:
    """The text of each block of an HTML fragment, whitespace folded, empty blocks dropped."""
    return [text for text in (html_to_text(block) for block in _BLOCK_SPLIT_RE.split(fragment or "")) if text]


def rich_text_to_plain(fragment: str) -> str:
    """'<p>a</p><ul><li>b</li></ul>' -> 'a\\n\\nb'."""
    return "\n\n".join(rich_text_paragraphs(fragment))


def plain_to_rich_text(text: str) -> str:
    """Paragraphs separated by blank lines -> sanitised '<p>…</p>…'; a single newline is a space.

    The text is escaped first, so '<b>' typed in a cell stays text, not markup.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (fold_whitespace(p) for p in _BLANK_LINE_RE.split(text))
    return "".join(sanitize_html(f"<p>{html.escape(p, quote=False)}</p>") for p in paragraphs if p)


def text_lines(text: str) -> list[str]:
    """A text file's lines, whatever its line endings (Windows, old Mac or Unix), each cleaned
    of control characters (core.text). Lines are split first: a U+000B pasted into a cell is
    a line break inside the cell, never the end of the row."""
    return [clean_text(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def cell_text(cell: str) -> str:
    """A tab-separated cell of the seed text formats as plain text: its HTML fragment's text,
    or the cell's own text, whitespace folded either way."""
    return html_to_text(cell) if looks_like_html(cell) else fold_whitespace(cell)
