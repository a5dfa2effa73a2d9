"""Word's own list numbering, read the way Word shows it.

A paragraph is a list item when it has numbering properties (`w:numPr`: a list `w:numId`
and a level `w:ilvl`), directly or through its style (»List Bullet«, a numbered heading
style). The list's definition is in `numbering.xml`: the `w:num` points at a
`w:abstractNum`, whose `w:lvl` per level says the number format (`w:numFmt`: bullet,
decimal, decimalZero, letters, roman …), the label (`w:lvlText`, "%1." or "%1.%2.") and
where counting starts (`w:start`); a `w:num` may override the start (`w:startOverride`).
Counting follows Word: lists that share an abstract definition count on together, a level
restarts after a higher level, and a list's start override applies the first time it is used.

`ListNumbering(document).label(paragraph)` gives a paragraph's `ListLabel` (bullet or
number, the label as shown, the number, the level) or None, in document order.
"""

from dataclasses import dataclass, field

from docx.oxml.ns import qn

ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@dataclass(frozen=True)
class ListLabel:
    """A list item as Word shows it: `bullet` or a number; `text` is the label ("3.", "2.1.")."""

    bullet: bool
    text: str
    value: int
    level: int


@dataclass
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # restart after this (1-based) level; None: after any higher one


@dataclass
class _List:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # level → start override
    levels: dict[int, _Level] = field(default_factory=dict)  # level → whole-level override


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(element) -> _Level:
    restart = _val(element, "w:lvlRestart")
    return _Level(
        start=_int(_val(element, "w:start"), 1),
        format=_val(element, "w:numFmt") or "decimal",
        text=_val(element, "w:lvlText") if _val(element, "w:lvlText") is not None else "%1.",
        restart=_int(restart, 0) if restart is not None else None,
    )


def formatted(value: int, number_format: str) -> str:
    """A counter in a level's number format (Word's w:numFmt)."""
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter if number_format == "lowerLetter" else letter.upper()
    if number_format in {"lowerRoman", "upperRoman"}:
        roman, rest = "", value
        for amount, numeral in ROMAN:
            while rest >= amount:
                roman, rest = roman + numeral, rest - amount
        return roman if number_format == "lowerRoman" else roman.upper()
    if number_format in {"none", "bullet"}:
        return ""
    return str(value)


class ListNumbering:
    """The numbering of one document's paragraphs, counted in the order they are asked for."""

    def __init__(self, document):
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.lists: dict[str, _List] = {}
        self.style_numbering: dict[str, tuple[str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        self._links: dict[str, str] = {}  # abstract → the numbering style it takes its levels from
        self._read_numbering(document)
        self._read_styles(document)

    def _read_numbering(self, document) -> None:
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document without lists
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId"))
            self.abstracts[key] = {_int(lvl.get(qn("w:ilvl")), 0): _level(lvl) for lvl in abstract.findall(qn("w:lvl"))}
            if _val(abstract, "w:numStyleLink"):
                self._links[key] = _val(abstract, "w:numStyleLink")
        for num in numbering.findall(qn("w:num")):
            entry = _List(abstract=_val(num, "w:abstractNumId") or "")
            for override in num.findall(qn("w:lvlOverride")):
                level = _int(override.get(qn("w:ilvl")), 0)
                if _val(override, "w:startOverride") is not None:
                    entry.starts[level] = _int(_val(override, "w:startOverride"), 1)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    entry.levels[level] = _level(lvl)
            self.lists[num.get(qn("w:numId"))] = entry

    def _read_styles(self, document) -> None:
        """Each paragraph style's numbering, following `w:basedOn` to the style it inherits from."""
        own: dict[str, tuple[str | None, str | None]] = {}
        based_on: dict[str, str] = {}
        for style in document.styles.element.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            num_pr = style.find(qn("w:pPr"))
            num_pr = num_pr.find(qn("w:numPr")) if num_pr is not None else None
            if num_pr is not None:
                own[style_id] = (_val(num_pr, "w:numId"), _val(num_pr, "w:ilvl"))
            if _val(style, "w:basedOn"):
                based_on[style_id] = _val(style, "w:basedOn")
        for style_id in {*own, *based_on}:
            seen, current = set(), style_id
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based_on.get(current)
            if current in own:
                self.style_numbering[style_id] = own[current]
        # A numbering style (w:numStyleLink) lends its list's levels to the abstract that links to it.
        for abstract, style_id in self._links.items():
            num_id = self.style_numbering.get(style_id, (None, None))[0]
            linked = self.lists.get(num_id)
            if linked is not None and self.abstracts.get(linked.abstract):
                self.abstracts[abstract] = self.abstracts[linked.abstract]

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        style_num, style_level = self.style_numbering.get(_val(p_pr, "w:pStyle"), (None, None))
        num_id = _val(num_pr, "w:numId") if num_pr is not None else None
        level = _val(num_pr, "w:ilvl") if num_pr is not None else None
        return num_id or style_num, _int(level if level is not None else style_level, 0)

    def label(self, paragraph) -> ListLabel | None:
        """The paragraph's list label, counting it; None for a paragraph that is no list item."""
        num_id, level = self._num_pr(paragraph)
        entry = self.lists.get(num_id) if num_id not in (None, "0") else None
        if entry is None:
            return None
        levels = dict(self.abstracts.get(entry.abstract, {}))
        levels.update(entry.levels)
        definition = levels.get(level, _Level())
        counters = self.counters.setdefault(entry.abstract, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for overridden in {*entry.starts, *entry.levels}:
                counters.pop(overridden, None)  # the override restarts the list here
        start = entry.starts.get(level, definition.start)
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [k for k in counters if k > level]:
            restart = levels.get(deeper, _Level()).restart  # 1-based; 0: never restarts
            if restart is None or (restart != 0 and level <= restart - 1):
                del counters[deeper]
        text = definition.text
        for number in range(1, 10):
            if f"%{number}" in text:
                shown = levels.get(number - 1, _Level())
                value = counters.get(number - 1, entry.starts.get(number - 1, shown.start))
                text = text.replace(f"%{number}", formatted(value, shown.format))
        return ListLabel(definition.format == "bullet", text.strip(), counters[level], level)
