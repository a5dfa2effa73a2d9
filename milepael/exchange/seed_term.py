"""Reader for the election-term status report text format (seed 002).

The format is text extracted from the municipality's Word/PDF document: the title
(*Status på Økonomiudvalgets strategiske indsatser og resultater i valgperioden
2014-2017*), an introduction, then a three-column table (tab-separated cells): the
column headings, and per area a heading row (`\tVISION 2029\t`, the middle cell in
capitals, sometimes `<p>`-wrapped) followed by one row per strategic objective
(objective, actions taken, results). Cells may hold HTML fragments (`<p>`, `<h3>`, and
`<ul>` lists whose items are only separated by `•` or `- `).

Page breaks leave runs of blank lines, and a row split by a page break continues after
them: the continuation has an empty first cell, or cells that begin in the middle of a
sentence (lower case), e.g. `Styrelsesvedtægt for Ballerup` continued by `Kommune`.

`parse_term_text` turns that text into plain data or raises `TermFormatError` naming the
line. It touches no database: `milepael.exchange.term_import` writes the result.
`read_term_text` decodes a file's bytes first.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from milepael.core.imports import LineFormatError, decode_text
from milepael.core.richtext import fold_whitespace, html_to_text, looks_like_html, sanitize_html

from .plaintext import cell_text, text_lines

TITLE_RE = re.compile(
    r"^Status på (?P<committee>\S.*?)s strategiske indsatser og resultater i valgperioden "
    r"(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})\.?$",
    re.IGNORECASE,
)
# The column headings as the document writes them (compared in capitals, spaces folded).
COLUMN_HEADINGS = ("STRATEGISK MÅLSÆTNING", "IVÆRKSATTE TILTAG/ KONKRETE INDSATSER", "RESULTATER")
MAX_TITLE_LENGTH = 500
MAX_AREA_LENGTH = 200
MAX_REPORT_TITLE_LENGTH = 300
MAX_COMMITTEE_LENGTH = 200
# Short words that stay lower case in an area's display name; other words of at most
# three letters are taken to be abbreviations (IT) and keep their capitals.
LOWER_CASE_WORDS = {"og", "i", "af", "på", "til", "for", "med", "en", "et", "de", "den", "det", "om", "ud", "mv"}

_FIRST_PARAGRAPH_RE = re.compile(r"^<p[^>]*>(?P<inner>.*?)</p>(?P<rest>.*)$", re.DOTALL | re.IGNORECASE)
_HEADING_RE = re.compile(r"^<h[1-6][^>]*>(?P<inner>.*?)</h[1-6]>(?P<rest>.*)$", re.DOTALL | re.IGNORECASE)
_BLOCK_START_RE = re.compile(r"<(?:p|ul|ol|li|h[1-6]|blockquote)\b", re.IGNORECASE)
# A <ul> whose items are plain text separated by bullets, running to </ul>, the next
# paragraph or the end of the cell (the extraction often drops the closing tag).
_BARE_LIST_RE = re.compile(r"<ul\b[^>]*>(?!\s*<li\b)(?P<body>.*?)(?:</ul>|(?=</?p\b)|$)", re.DOTALL | re.IGNORECASE)
# "- a- b- c": a hyphen followed by space starts an item, but not in "Social- og …".
_DASH_ITEM_RE = re.compile(r"(?:^|(?<=\S))-\s+(?!(?:og|eller)\b)")


class TermFormatError(LineFormatError):
    """The file does not have the status-report layout; `line` is 1-based."""


@dataclass
class ParsedObjective:
    line: int
    title: str = ""
    subtitle: str = ""
    actions: str = ""
    results: str = ""
    # The three cells as read, one entry per row (the first row, then each continuation).
    raw_cells: list[list[str]] = field(default_factory=lambda: [[], [], []])
    continuation_lines: list[int] = field(default_factory=list)


@dataclass
class ParsedArea:
    name: str
    display_name: str
    line: int
    objectives: list[ParsedObjective] = field(default_factory=list)


@dataclass
class ParsedTerm:
    title: str
    committee: str
    start_year: int
    end_year: int
    intro: str = ""
    column_headings: tuple[str, str, str] = ("", "", "")
    areas: list[ParsedArea] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"Valgperioden {self.start_year}-{self.end_year}"

    @property
    def objectives(self) -> list[ParsedObjective]:
        return [objective for area in self.areas for objective in area.objectives]


def read_term_text(data: bytes) -> ParsedTerm:
    """Decode and parse a status-report file's bytes, or raise `TermFormatError` at the first problem."""
    return parse_term_text(decode_text(data, TermFormatError))


def parse_term_text(text: str) -> ParsedTerm:
    """Parse the whole document, or raise `TermFormatError` at the first problem."""
    lines = text_lines(text)
    term, body_start = _parse_header(lines)
    _parse_body(lines, body_start, term)
    for objective in term.objectives:
        _finish_objective(objective)
    return term


def area_display_name(name: str) -> str:
    """'LEDELSE OG ORGANISATION' -> 'Ledelse og organisation'; 'IT' stays 'IT'."""
    words = []
    for index, word in enumerate(name.split(" ")):
        letters = re.sub(r"[^\w]", "", word)
        is_abbreviation = len(letters) <= 3 and letters.lower() not in LOWER_CASE_WORDS
        if not word.isupper() or is_abbreviation:
            words.append(word)
        elif index == 0:
            words.append(word[:1] + word[1:].lower())
        else:
            words.append(word.lower())
    return " ".join(words)


def _parse_header(lines: list[str]) -> tuple[ParsedTerm, int]:
    title_match = None
    title_line = 0
    intro: list[str] = []
    for index, raw in enumerate(lines):
        line_no = index + 1
        stripped = raw.strip()
        if "\t" in raw:
            if title_match is None:
                raise TermFormatError(line_no, _("en tabelrække står før rapportens overskrift."))
            term = _term_from_title(title_match, fold_whitespace(lines[title_line - 1]), title_line)
            term.intro = "".join(sanitize_html(paragraph) for paragraph in intro)
            term.column_headings = _column_headings(raw, line_no)
            return term, index + 1
        if not stripped:
            continue
        if title_match is None:
            title_match = TITLE_RE.match(fold_whitespace(html_to_text(stripped)))
            if not title_match:
                raise TermFormatError(
                    line_no,
                    _(
                        "forventede overskriften »Status på …s strategiske indsatser og resultater i valgperioden ÅÅÅÅ-ÅÅÅÅ«, fandt »%(text)s«."
                    )
                    % {"text": stripped[:80]},
                )
            title_line = line_no
            continue
        intro.append(stripped)
    if title_match is None:
        raise TermFormatError(
            max(len(lines), 1), _("filen indeholder ikke en statusrapport (ingen overskrift fundet).")
        )
    raise TermFormatError(
        len(lines), _("filen indeholder ingen tabel med strategiske målsætninger (er filen afkortet?).")
    )


def _term_from_title(match: re.Match, title: str, line_no: int) -> ParsedTerm:
    start, end = int(match.group("start")), int(match.group("end"))
    if len(title) > MAX_REPORT_TITLE_LENGTH or len(match.group("committee")) > MAX_COMMITTEE_LENGTH:
        raise TermFormatError(line_no, _("overskriften er for lang."))
    if not 2000 <= start <= end <= start + 8:
        raise TermFormatError(
            line_no, _("valgperioden %(start)d-%(end)d er ikke en gyldig periode.") % {"start": start, "end": end}
        )
    return ParsedTerm(title=title, committee=match.group("committee").strip(), start_year=start, end_year=end)


def _column_headings(raw: str, line_no: int) -> tuple[str, str, str]:
    cells = raw.split("\t")
    found = tuple(cell_text(cell) for cell in cells)
    if len(found) != 3 or any(
        fold_whitespace(text).upper() != expected for text, expected in zip(found, COLUMN_HEADINGS, strict=False)
    ):
        raise TermFormatError(
            line_no,
            _("forventede kolonneoverskrifterne »%(expected)s«, fandt »%(found)s«.")
            % {"expected": " | ".join(COLUMN_HEADINGS), "found": " | ".join(found)[:120]},
        )
    return found


def _is_area_heading(texts: list[str]) -> bool:
    name = texts[1]
    return not texts[0] and not texts[2] and any(ch.isalpha() for ch in name) and name == name.upper()


def _starts_lower(text: str) -> bool:
    return text[:1].islower()


def _parse_body(lines: list[str], start: int, term: ParsedTerm) -> None:
    area: ParsedArea | None = None
    objective: ParsedObjective | None = None
    after_break = False
    for index in range(start, len(lines)):
        line_no = index + 1
        raw = lines[index]
        if not raw.strip():
            after_break = True
            continue
        if "\t" not in raw:
            raise TermFormatError(
                line_no, _("uventet tekst uden for tabellen: »%(text)s«.") % {"text": raw.strip()[:80]}
            )
        cells = raw.split("\t")
        if len(cells) != 3:
            raise TermFormatError(
                line_no,
                _("en tabelrække skal have 3 celler adskilt af tabulator, fandt %(count)d.") % {"count": len(cells)},
            )
        texts = [cell_text(cell) for cell in cells]
        if not any(texts):
            after_break = True  # an empty row left by the page break
            continue
        if _is_area_heading(texts):
            area = _start_area(texts[1], line_no, term)
            objective = None
        elif after_break and objective and (not texts[0] or any(_starts_lower(t) for t in texts)):
            # The rest of the row before the page break.
            for column, cell in enumerate(cells):
                objective.raw_cells[column].append(cell.strip())
            objective.continuation_lines.append(line_no)
        elif not texts[0]:
            if after_break:
                message = _(
                    "rækken fortsætter en målsætning efter et sideskift, men der står ingen målsætning før den."
                )
            else:
                message = _(
                    "rækken mangler den strategiske målsætning i første celle (kun en række efter et sideskift kan fortsætte den forrige)."
                )
            raise TermFormatError(line_no, message)
        else:
            if area is None:
                raise TermFormatError(line_no, _("målsætningen står før det første område."))
            objective = ParsedObjective(line=line_no)
            for column, cell in enumerate(cells):
                objective.raw_cells[column].append(cell.strip())
            area.objectives.append(objective)
        after_break = False
    _check_areas(term, len(lines))


def _start_area(name: str, line_no: int, term: ParsedTerm) -> ParsedArea:
    """An area heading row (the middle cell in capitals)."""
    if len(name) > MAX_AREA_LENGTH:
        raise TermFormatError(line_no, _("områdets navn er for langt."))
    if any(a.name == name for a in term.areas):
        raise TermFormatError(line_no, _("området »%(name)s« står to gange.") % {"name": name})
    area = ParsedArea(name, area_display_name(name)[:MAX_AREA_LENGTH], line_no)
    term.areas.append(area)
    return area


def _check_areas(term: ParsedTerm, line_count: int) -> None:
    """The table has areas, and every area has strategic objectives."""
    if not term.areas:
        raise TermFormatError(line_count, _("tabellen indeholder ingen områder."))
    for area in term.areas:
        if not area.objectives:
            raise TermFormatError(
                area.line, _("området »%(name)s« har ingen strategiske målsætninger.") % {"name": area.name}
            )


def join_fragments(fragments: list[str]) -> str:
    """One cell's pieces from both sides of page breaks, as one HTML (or text) fragment.

    A piece that begins in lower case continues the sentence the previous piece ended
    in (inside the same paragraph; a word hyphenated at the break keeps its hyphen);
    any other piece follows as a new sentence or paragraph."""
    joined = ""
    for piece in fragments:
        piece = piece.strip()
        if not piece:
            continue
        if not joined:
            joined = piece
            continue
        text = cell_text(piece)
        if not _starts_lower(text):
            joined = f"{joined} {piece}"
            continue
        hyphenated = cell_text(joined).endswith("-") and not re.match(r"(?:og|eller)\b", text)
        separator = "" if hyphenated else " "
        paragraph = _FIRST_PARAGRAPH_RE.match(piece)
        if paragraph:
            inner, rest = paragraph.group("inner"), paragraph.group("rest")
        else:
            block = _BLOCK_START_RE.search(piece)
            inner, rest = (piece[: block.start()], piece[block.start() :]) if block else (piece, "")
        if joined.lower().endswith("</p>"):
            joined = f"{joined[:-4]}{separator}{inner.strip()}</p>{rest}"
        else:
            joined = f"{joined}{separator}{inner.strip()}{rest}"
    return joined


def _bare_list_items(match: re.Match) -> str:
    body = match.group("body").strip()
    if body.startswith("•"):
        items = body.split("•")
    elif body.startswith("-"):
        items = _DASH_ITEM_RE.split(body)
    else:
        items = [body]
    items = [item.strip() for item in items if item.strip()]
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def rich_text(fragment: str) -> str:
    """A joined cell as sanitised HTML: bullet-separated list text becomes list items,
    and text before the first block becomes a paragraph of its own."""
    fragment = fragment.strip()
    if not looks_like_html(fragment):
        return sanitize_html(fragment)
    fragment = _BARE_LIST_RE.sub(_bare_list_items, fragment)
    block = _BLOCK_START_RE.search(fragment)
    if block and block.start() > 0 and fragment[: block.start()].strip():
        fragment = f"<p>{fragment[: block.start()].strip()}</p>{fragment[block.start() :]}"
    return sanitize_html(fragment)


def split_title(fragment: str) -> tuple[str, str]:
    """The objective cell as (title, subtitle HTML): an <h3> heading, or the first
    paragraph, is the title; the rest is kept as the subtitle."""
    fragment = fragment.strip()
    if not looks_like_html(fragment):
        return fold_whitespace(fragment), ""
    for pattern in (_HEADING_RE, _FIRST_PARAGRAPH_RE):
        match = pattern.match(fragment)
        if match and html_to_text(match.group("inner")):
            return html_to_text(match.group("inner")), rich_text(match.group("rest"))
    return html_to_text(fragment), ""


def _finish_objective(objective: ParsedObjective) -> None:
    title_cell, actions_cell, results_cell = (join_fragments(pieces) for pieces in objective.raw_cells)
    objective.title, objective.subtitle = split_title(title_cell)
    if not objective.title:
        raise TermFormatError(objective.line, _("den strategiske målsætning har ingen tekst."))
    if len(objective.title) > MAX_TITLE_LENGTH:
        raise TermFormatError(
            objective.line,
            _("den strategiske målsætning er længere end %(max)d tegn; mangler der en tabulator?")
            % {"max": MAX_TITLE_LENGTH},
        )
    objective.actions = rich_text(actions_cell)
    objective.results = rich_text(results_cell)
