"""The rich text of a plan's cells in one canonical shape, whichever reader met it.

The text reader gets HTML fragments as the extraction left them: lists whose items are
typed as text (`<ul> • a • b`, `<ol> 1. a 2. b`), lists never closed (so the paragraph after
them would land in the last item), a numbered list continued over a page break as
paragraphs (`<p>3. c</p>`). The Word reader gets paragraphs, some of them list items with
Word's own numbering. Both become a list of `Block`s (a paragraph, or a list item with its
list kind, depth and number), repaired the same way and written out the same way
(`blocks_html`): `<p>`, `<ul><li>`, `<ol start="3"><li>` without typed bullets or numbers
in the text and without whitespace between blocks, then sanitised. So the same plan read
from text and from Word stores exactly the same rich text.
"""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from milepael.core.richtext import fold_whitespace, looks_like_html, sanitize_html

# Blocks the allow-list keeps (core.richtext.ALLOWED_TAGS); other block tags map onto them.
_BLOCK_KINDS = {
    "p": "p",
    "div": "p",
    "h1": "h3",
    "h2": "h3",
    "h3": "h3",
    "h4": "h4",
    "h5": "h4",
    "h6": "h4",
    "blockquote": "blockquote",
}
_INLINE_TAGS = {"strong", "b", "em", "i", "u", "a"}
# Bullets typed as text; dashes only in a list that starts with one ("- a - b"), and
# never the hyphen of "Social- og Sundhed".
_BULLET_SPLIT_RE = re.compile(r"\s*[•▪◦●]\s*")
_DASH_SPLIT_RE = re.compile(r"(?:^|\s)[-–]\s+(?!(?:og|eller)\b)")
_TYPED_NUMBER_RE = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+")
_LEADING_BULLET_RE = re.compile(r"^(?:\s*[•▪◦●]\s*)+")
_SPACE_RE = re.compile(r"\s+")
_EDGE_SPACE_RE = re.compile(r"(?P<open><(?:p|li|h3|h4|blockquote)>)\s+|\s+(?P<close></(?:p|li|h3|h4|blockquote)>)")


@dataclass
class Block:
    """A paragraph (`kind` p, h3, h4, blockquote) or a list item (`kind` li) of rich text.

    `html` is the block's inline content (escaped text and allowed inline tags). A list item
    has its list's tag (ul/ol), its depth (0 for a list at the top) and, in a numbered list,
    its number where known."""

    kind: str
    html: str
    list_tag: str = ""
    level: int = 0
    number: int | None = None

    @property
    def text(self) -> str:
        return html.unescape(re.sub(r"<[^>]*>", "", self.html))


def tidy_rich_text(fragment: str) -> str:
    """`fragment` (HTML or plain text) in the canonical shape described above, sanitised."""
    fragment = (fragment or "").strip()
    if not fragment:
        return ""
    if not looks_like_html(fragment):
        return sanitize_html(fold_whitespace(fragment))  # one escaped paragraph
    return blocks_html(fragment_blocks(fragment))


def fragment_blocks(fragment: str) -> list[Block]:
    """An HTML fragment as `Block`s, before `repair`."""
    parser = _BlockParser()
    parser.feed(fragment)
    parser.close()
    return parser.finish()


def blocks_html(blocks: list[Block]) -> str:
    """The blocks as sanitised HTML, lists repaired (see the module docstring)."""
    cleaned = _SPACE_RE.sub(" ", sanitize_html(_Emitter().emit(repair(blocks))))
    # The sanitiser drops empty inline tags ("<strong></strong> a"): no space is left at a block's edge.
    return _EDGE_SPACE_RE.sub(lambda m: m.group("open") or m.group("close"), cleaned)


def repair(blocks: list[Block]) -> list[Block]:
    """Typed bullets and numbers out of list items; paragraphs that continue a numbered list
    ("3. …" after item 2) become its items; empty blocks dropped."""
    repaired: list[Block] = []
    for block in blocks:
        # Each block balanced on its own: a list typed as text may be split inside an emphasis.
        if looks_like_html(block.html):
            block.html = sanitize_html(block.html)
        block.html = _SPACE_RE.sub(" ", block.html).strip()
        if block.kind == "p" and repaired and repaired[-1].kind == "li" and repaired[-1].list_tag == "ol":
            previous = repaired[-1]
            typed = _TYPED_NUMBER_RE.match(block.html)
            if typed and previous.number is not None and int(typed.group("number")) == previous.number + 1:
                block = Block("li", block.html[typed.end() :], "ol", previous.level, previous.number + 1)
        if block.kind == "li":
            _strip_typed_marker(block)
        if block.html and block.text.strip():
            repaired.append(block)
    return repaired


def _strip_typed_marker(item: Block) -> None:
    """A list item's typed bullets, and a typed number that is its own (in a numbered list)."""
    while True:
        before = item.html
        item.html = _LEADING_BULLET_RE.sub("", item.html)
        typed = _TYPED_NUMBER_RE.match(item.html)
        if typed and item.list_tag == "ol" and item.number in (None, int(typed.group("number"))):
            item.number = int(typed.group("number"))
            item.html = item.html[typed.end() :]
        if item.html == before:
            return


def text_list_blocks(list_tag: str, content: str, level: int) -> list[Block]:
    """A list typed as text inside <ul>/<ol> (no <li>): its items, and a paragraph for any
    text before the first bullet or number."""
    if list_tag == "ol":
        numbered = _typed_items(content)
        if numbered is not None:
            start, items = numbered
            return [Block("li", item, "ol", level, start + index) for index, item in enumerate(items)]
        return [Block("li", content, "ol", level, 1)]
    if _BULLET_SPLIT_RE.search(content):
        head, *items = _BULLET_SPLIT_RE.split(content)
    elif content.lstrip()[:1] in {"-", "–"}:
        head, *items = _DASH_SPLIT_RE.split(content)
    else:
        head, items = content, []
    if not items:
        return [Block("li", content, "ul", level)]
    lead = [Block("p", head)] if head.strip() else []
    return lead + [Block("li", item, "ul", level) for item in items if item and item.strip()]


def _typed_items(content: str) -> tuple[int, list[str]] | None:
    """'1. a 2. b' → (1, ['a', 'b']): items split at the next number in sequence only, and
    only where an item can start (not "den 2. januar")."""
    first = _TYPED_NUMBER_RE.match(content)
    if not first:
        return None
    start = number = int(first.group("number"))
    items: list[str] = []
    position = first.end()
    while True:
        following = re.compile(rf"(?:(?<=\s)|^){number + 1}[.)]\s+(?![a-zæøå])").search(content, position)
        if following is None:
            items.append(content[position:])
            return start, items
        items.append(content[position : following.start()])
        position = following.end()
        number += 1


class _BlockParser(HTMLParser):
    """An HTML fragment as `Block`s. A list with text but no <li> is a list typed as text;
    a paragraph inside such a list (never closed by the extraction) ends it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[dict] = []  # open lists: tag, next number, whether it has <li>
        self.current: Block | None = None
        self.in_item = False  # an explicit <li> is open
        self.inline_open: dict[str, int] = {}  # inline tags opened and not yet closed

    # -- building -------------------------------------------------------------------------

    def _flush(self) -> None:
        block, self.current = self.current, None
        if block is not None:  # emphasis does not run from one block into the next: close it here
            block.html += "".join(f"</{tag}>" * count for tag, count in reversed(self.inline_open.items()))
        self.inline_open = {}
        if block is None:
            return
        if block.kind == "textlist":
            self.blocks.extend(text_list_blocks(block.list_tag, block.html, block.level))
        else:
            self.blocks.append(block)

    def _append(self, markup: str) -> None:
        if self.current is None:
            if self.lists and not self.in_item:
                top = self.lists[-1]
                self.current = Block("textlist", "", top["tag"], len(self.lists) - 1)
            else:
                self.current = Block("p", "")
        self.current.html += markup

    def _close_text_lists(self) -> None:
        while self.lists and not self.lists[-1]["items"] and not self.in_item:
            self._flush()
            self.lists.pop()

    # -- events ---------------------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_KINDS:
            if self.in_item:
                self._append(" ")  # a paragraph inside a real list item stays in the item
                return
            self._flush()
            self._close_text_lists()
            self.current = Block(_BLOCK_KINDS[tag], "")
        elif tag in {"ul", "ol"}:
            self._flush()
            self.in_item = False
            start = dict(attrs).get("start") or "1"
            self.lists.append({"tag": tag, "next": int(start) if start.isdigit() else 1, "items": False})
        elif tag == "li":
            self._flush()
            if not self.lists:
                self.lists.append({"tag": "ul", "next": 1, "items": True, "implied": True})
            top = self.lists[-1]
            top["items"] = True
            number = top["next"] if top["tag"] == "ol" else None
            top["next"] += 1
            self.current = Block("li", "", top["tag"], len(self.lists) - 1, number)
            self.in_item = True
        elif tag == "br":
            self._append("<br>")
        elif tag in _INLINE_TAGS:
            self.inline_open[tag] = self.inline_open.get(tag, 0) + 1
            self._append(_start_tag(tag, attrs))

    def handle_endtag(self, tag):
        if tag in _BLOCK_KINDS:
            if not self.in_item:
                self._flush()
            elif self.current is not None:
                self._append(" ")  # the paragraph's end inside a list item still parts words
        elif tag == "li":
            self._flush()
            self.in_item = False
        elif tag in {"ul", "ol"}:
            self._flush()
            self.in_item = False
            while self.lists:
                if self.lists.pop()["tag"] == tag:
                    break
        elif self.inline_open.get(tag):  # a closing tag nothing opened is left out
            self.inline_open[tag] -= 1
            self._append(f"</{tag}>")

    def handle_data(self, data):
        self._append(html.escape(data, quote=False))

    def finish(self) -> list[Block]:
        self._flush()
        return self.blocks


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    if tag == "a":
        href = dict(attrs).get("href") or ""
        return f'<a href="{html.escape(href)}">'
    return f"<{tag}>"


class _Emitter:
    """Writes blocks as HTML: list items into (nested) lists, an <ol> restarted with
    `start` where its numbering does not follow on."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[dict] = []  # open lists: tag, the number the next item would have

    def emit(self, blocks: list[Block]) -> str:
        for block in blocks:
            if block.kind == "li":
                self._item(block)
            else:
                self._close_to(0)
                self.out.append(f"<{block.kind}>{block.html}</{block.kind}>")
        self._close_to(0)
        return "".join(self.out)

    def _close_to(self, depth: int) -> None:
        while len(self.stack) > depth:
            self.out.append(f"</li></{self.stack.pop()['tag']}>")

    def _item(self, block: Block) -> None:
        level = min(block.level, len(self.stack))  # one level deeper at most, under an item
        self._close_to(level + 1)
        top = self.stack[level] if len(self.stack) > level else None
        if top is not None and (
            top["tag"] != block.list_tag or (block.number is not None and block.number != top["next"])
        ):
            self._close_to(level)
            top = None
        if top is None:
            number = block.number if block.list_tag == "ol" else None
            start = f' start="{number}"' if number not in (None, 1) else ""
            self.out.append(f"<{block.list_tag}{start}>")
            top = {"tag": block.list_tag, "next": number or 1}
            self.stack.append(top)
        else:
            self.out.append("</li>")
        self.out.append(f"<li>{block.html}")
        top["next"] = (block.number or top["next"]) + 1
