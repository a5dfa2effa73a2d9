"""Danish words as the index sees them: split, lower-cased and stemmed with the Snowball
Danish stemmer (the algorithm of PostgreSQL's `danish` configuration), so that "analyser"
meets "analysen" and "skole" meets "skolerne" on SQLite as on PostgreSQL. Also the
highlighting of the words a query hit, escaped: only `<mark>` is markup in the result."""

import re
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD_RE = re.compile(r"\w+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("danish")
SNIPPET_WORDS = 30


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower())


def stems(text: str) -> list[str]:
    return [stem(word) for word in WORD_RE.findall(text)]


def stemmed_text(text: str) -> str:
    """The text as FTS5 indexes it: one stem per word."""
    return " ".join(stems(text))


def fts_match(query: str) -> str:
    """An FTS5 MATCH expression for every word of the query (AND), each stem quoted so that
    nothing the user types is FTS5 syntax."""
    return " ".join(f'"{word}"' for word in dict.fromkeys(stems(query)))


def _marked(text: str, wanted: set[str]) -> str:
    """`text` escaped, with the words whose stem is wanted in <mark>."""
    parts, position = [], 0
    for match in WORD_RE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        word = escape(match.group())
        parts.append(f"<mark>{word}</mark>" if stem(match.group()) in wanted else word)
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight(text: str, query: str) -> SafeString:
    return mark_safe(_marked(text, set(stems(query))))  # noqa: S308 - every part is escaped


def snippet(text: str, query: str, words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of `text` around the first hit, escaped, hits in <mark>, with
    "…" where the text is cut."""
    wanted = set(stems(query))
    matches = list(WORD_RE.finditer(text))
    if not matches:
        return mark_safe("")
    first = next((i for i, m in enumerate(matches) if stem(m.group()) in wanted), 0)
    start = max(0, first - words // 3)
    end = min(len(matches), start + words)
    begin = matches[start].start() if start else 0
    finish = matches[end - 1].end() if end < len(matches) else len(text)
    marked = _marked(text[begin:finish], wanted)
    return mark_safe(("… " if begin else "") + marked + (" …" if finish < len(text) else ""))  # noqa: S308


def marked_headline(headline: str, start: str, stop: str) -> SafeString:
    """A PostgreSQL headline whose hits are wrapped in the `start`/`stop` sentinels: escaped,
    then the sentinels turned into <mark>."""
    escaped = escape(headline).replace(start, "<mark>").replace(stop, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped before the marks are added
