"""The part of a plan document before its first theme, in the seed text format: the header
block (Dato, Tlf. dir., E-mail, Kontakt, Sagsid), the title, the introduction and the
smiley definitions.

Clerks write these in many ways, so the reader is tolerant where it can be sure and
precise where it cannot: header labels have their usual variants (Telefon, Sagsnr. …);
the definitions are a list — typed with "-", "•" or "*", or made with Word's bullets (the
Word reader hands them over as "- " lines) — whose items may start with the smiley
(☺, "Glad", "Grøn" …), or a two-column table of smiley and text; a list or numbered list
in the introduction stays a list. Each value is checked where it stands, so an error says
»Linje 3: …« and quotes the value.
"""

import datetime
import html
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from milepael.core.imports import did_you_mean
from milepael.core.richtext import fold_whitespace, looks_like_html
from milepael.plans.models import CASE_ID_MAX_LENGTH, case_id_validator

from .parsed import ParsedPlan, PlanFormatError
from .plaintext import cell_text
from .rich_cells import Block, blocks_html, fragment_blocks

DANISH_MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
TITLE_RE = re.compile(
    r"^Udmøntning af (?P<agreement>Aftale om budget (?P<year>\d{4})) for (?P<committee>.+?)s? ansvarsområde$"
)
THEME_RE = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>\S.*)$")
# Header labels as clerks write them (compared in lower case, spaces folded, no colon).
HEADER_LABELS = {
    "dato": "date",
    "tlf. dir.": "phone",
    "tlf. dir": "phone",
    "tlf.": "phone",
    "tlf": "phone",
    "telefon": "phone",
    "direkte telefon": "phone",
    "e-mail": "email",
    "email": "email",
    "mail": "email",
    "kontakt": "contact_person",
    "kontaktperson": "contact_person",
    "sagsid": "case_id",
    "sags-id": "case_id",
    "sagsnr.": "case_id",
    "sagsnr": "case_id",
    "sagsnummer": "case_id",
    "journalnr.": "case_id",
    "journalnummer": "case_id",
    "j.nr.": "case_id",
}
# Lines Milepæl's own report adds to the header for the committee meeting it goes to
# (reports.builders): read past, they are not the plan's.
REPORT_LABELS = {"udvalg", "mødedato"}
# The labels as the seed writes them, for "mente du …?".
HEADER_SPELLING = {
    "date": "Dato",
    "phone": "Tlf. dir.",
    "email": "E-mail",
    "contact_person": "Kontakt",
    "case_id": "Sagsid",
}
MAX_LENGTHS = {"phone": 40, "contact_person": 200, "case_id": CASE_ID_MAX_LENGTH}
MAX_TITLE_LENGTH = 300
_HEADER_LINE_RE = re.compile(r"^(?P<label>[A-Za-zÆØÅæøå][\w .-]{0,24}?)\s*:\s*(?P<value>.*)$")
_DEFINITIONS_RE = re.compile(
    r"^(?:definition(?:er|erne)?\s+af\s+)?smileys?\s+(?:på|for|ved|til)\s+(?P<kind>indsats|økonomi)(?:en)?\s*:?$",
    re.IGNORECASE,
)
# A list item typed as text: a bullet, a dash or a number, then a space, before the text;
# a definition may leave out the space ("-☺: …").
LIST_ITEM_RE = re.compile(r"^(?:[-–•*▪●◦]|(?P<number>\d{1,2})[.)])\s+(?P<text>\S.*)$")
_DEFINITION_ITEM_RE = re.compile(r"^(?:[-–•*▪●◦]\s*|\d{1,2}[.)]\s+)(?P<text>\S.*)$")
# The smiley a definition begins with: a face, or its word or colour ("Glad smiley:", "Grøn:").
_SMILEY_LABEL_RE = re.compile(
    r"^(?:(?P<face>[☺☹☻🙂🙁😀😃😊😐😑😞😟😠])\ufe0f?|(?P<word>glad|neutral|sur|grøn|gul|rød)\b(?:\s+smiley)?)"
    r"\s*[:–-]?\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
_LEVEL_OF_WORD = {"glad": 0, "grøn": 0, "neutral": 1, "gul": 1, "sur": 2, "rød": 2}


@dataclass
class Definition:
    """One smiley definition: its text, and the smiley its label names (None: by position)."""

    text: str
    level: int | None
    line: int


def parse_header(lines: list[str], body_start: int) -> ParsedPlan:
    """Header fields, title, introduction and definitions of `lines[:body_start]`."""
    header: dict[str, tuple[object, int]] = {}
    paragraphs: list[tuple[int, str]] = []
    title_match, title_line = None, 0
    for index, raw in enumerate(lines[:body_start]):
        line_no, stripped = index + 1, raw.strip()
        if not stripped:
            continue
        if title_match is not None:
            paragraphs.append((line_no, raw))
            continue
        if "\t" in raw:
            raise PlanFormatError(line_no, _("en tabelrække står før udmøntningens overskrift."))
        if _is_report_line(stripped):
            continue
        key = _header_key(stripped, line_no)
        if key is not None:
            if key in header:
                raise PlanFormatError(
                    line_no,
                    _("feltet »%(label)s« står to gange (også i linje %(line)d).")
                    % {"label": HEADER_SPELLING[key], "line": header[key][1]},
                )
            header[key] = (_header_value(key, stripped.partition(":")[2].strip(), line_no), line_no)
            continue
        title_match = TITLE_RE.match(fold_whitespace(stripped))
        if title_match and len(fold_whitespace(stripped)) > MAX_TITLE_LENGTH:
            raise PlanFormatError(
                line_no,
                _("overskriften er for lang (%(length)d tegn; højst %(limit)d).")
                % {"length": len(fold_whitespace(stripped)), "limit": MAX_TITLE_LENGTH},
            )
        if not title_match:
            raise PlanFormatError(
                line_no,
                _(
                    "forventede overskriften »Udmøntning af Aftale om budget ÅÅÅÅ for … ansvarsområde«, fandt »%(text)s«."
                )
                % {"text": stripped[:80]},
            )
        title_line = line_no
    if title_match is None:
        raise PlanFormatError(max(body_start, 1), _("filen indeholder ikke en udmøntning (ingen overskrift fundet)."))
    plan = ParsedPlan(
        agreement_title=title_match.group("agreement"),
        budget_year=int(title_match.group("year")),
        committee=title_match.group("committee"),
        title=fold_whitespace(lines[title_line - 1]),
    )
    _set_header_fields(plan, header)
    split_introduction(paragraphs, plan)
    return plan


def _is_report_line(text: str) -> bool:
    match = _HEADER_LINE_RE.match(text)
    return bool(match) and fold_whitespace(match.group("label")).lower() in REPORT_LABELS


def _header_key(text: str, line_no: int) -> str | None:
    """The header field a "Label: value" line sets; None for a line that is not one. A label
    close to a known one is an error that names it."""
    match = _HEADER_LINE_RE.match(text)
    if not match:
        return None
    label = fold_whitespace(match.group("label")).lower()
    if label in HEADER_LABELS:
        return HEADER_LABELS[label]
    suggestion = did_you_mean(label, {known: HEADER_SPELLING[key] for known, key in HEADER_LABELS.items()})
    if suggestion and not TITLE_RE.match(text):
        raise PlanFormatError(
            line_no,
            _("ukendt felt »%(label)s«.%(suggestion)s") % {"label": match.group("label"), "suggestion": suggestion},
        )
    return None


def _header_value(key: str, value: str, line_no: int):
    """A header field's value checked where it stands (»Linje 3: …«), as the plan keeps it."""
    if key in MAX_LENGTHS and len(value) > MAX_LENGTHS[key]:
        raise PlanFormatError(
            line_no,
            _("»%(label)s« er for lang (%(length)d tegn; højst %(limit)d).")
            % {"label": HEADER_SPELLING[key], "length": len(value), "limit": MAX_LENGTHS[key]},
        )
    if key == "date":
        return parse_danish_date(value, line_no) if value else None
    if key == "email" and value:
        _validate(validate_email, value, line_no, _("e-mailadressen »%(value)s« er ikke gyldig."))
    elif key == "case_id" and value:
        _validate(case_id_validator, value, line_no)
    return value


def _set_header_fields(plan: ParsedPlan, header: dict[str, tuple[object, int]]) -> None:
    for key, (value, _line_no) in header.items():
        setattr(plan, key, value)


def _validate(validator, value: str, line_no: int, message: str | None = None) -> None:
    try:
        validator(value)
    except ValidationError as exc:
        text = message % {"value": value} if message else " ".join(exc.messages)
        raise PlanFormatError(line_no, text[:1].lower() + text[1:]) from exc


def parse_danish_date(value: str, line: int) -> datetime.date:
    """'22. december 2017' (or 22-12-2017, 22.12.2017) as a date, or a `PlanFormatError` at `line`."""
    text = fold_whitespace(value).lower()
    match = re.fullmatch(r"(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})", text)
    numeric = re.fullmatch(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", text)
    try:
        if match and match.group(2) in DANISH_MONTHS:
            return datetime.date(int(match.group(3)), DANISH_MONTHS[match.group(2)], int(match.group(1)))
        if numeric:
            return datetime.date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
    except ValueError:
        pass
    month = did_you_mean(match.group(2), list(DANISH_MONTHS)) if match else ""
    raise PlanFormatError(
        line,
        _("datoen »%(value)s« kan ikke læses (forventet fx 22. december 2017).%(suggestion)s")
        % {"value": value, "suggestion": month},
    )


def split_introduction(paragraphs: list[tuple[int, str]], plan: ParsedPlan) -> None:
    """Intro paragraphs, effort definitions, economy intro, economy definitions, in that order."""
    sections: dict[str, list] = {"intro": [], "effort": [], "economy_intro": [], "economy": []}
    section = "intro"
    for line_no, raw in paragraphs:
        text = fold_whitespace(raw)
        heading = _DEFINITIONS_RE.match(text)
        if heading:
            section = "effort" if heading.group("kind").lower() == "indsats" else "economy"
            continue
        if section in {"effort", "economy"}:
            definition = _definition(raw, line_no)
            if definition is not None:
                sections[section].append(definition)
                continue
            if section == "economy":
                raise PlanFormatError(
                    line_no,
                    _(
                        "uventet tekst efter definitionen af smileys på økonomi: »%(text)s« (forventede en "
                        "punktopstilling med definitionerne eller udmøntningens første tema)."
                    )
                    % {"text": text[:80]},
                )
            section = "economy_intro"  # text after the effort definitions introduces the economy smiley
        if "\t" in raw:
            raise PlanFormatError(line_no, _("en tabelrække står før udmøntningens første tema."))
        sections[section].append((line_no, text))
    plan.intro = paragraphs_html(sections["intro"])
    plan.economy_intro = paragraphs_html(sections["economy_intro"])
    plan.effort_definitions = _ordered(sections["effort"], 3, _("indsats (glad, neutral, sur)"))
    plan.economy_definitions = _ordered(sections["economy"], 2, _("økonomi (glad, sur)"))


def _definition(raw: str, line_no: int) -> Definition | None:
    """A definition line: a list item, or a line or table row that starts with its smiley."""
    cells = [cell_text(cell) for cell in raw.split("\t") if cell_text(cell)]
    if len(cells) == 2:  # a table: the smiley in one column, the text in the other
        label = _SMILEY_LABEL_RE.match(f"{cells[0]}: {cells[1]}")
        return Definition(fold_whitespace(cells[1]), _level(label), line_no)
    text = fold_whitespace(raw)
    item = _DEFINITION_ITEM_RE.match(text)
    label = _SMILEY_LABEL_RE.match(item.group("text") if item else text)
    if item is None and label is None:
        return None
    if label is not None:
        return Definition(label.group("text"), _level(label), line_no)
    # "- : text": the smiley was a symbol the extraction lost (as the seed lost its neutral face).
    return Definition(item.group("text").lstrip(":–").strip(), None, line_no)


def _level(label: re.Match | None) -> int | None:
    """The smiley a definition's label names by word (glad 0, neutral 1, sur 2); a face does
    not tell: the seed's neutral face was lost in extraction (☹ twice)."""
    if label is None or not label.group("word"):
        return None
    return _LEVEL_OF_WORD[label.group("word").lower()]


def _ordered(definitions: list[Definition], count: int, what: str) -> list[str]:
    """The definitions' texts from glad to sur: by their words where every one has a word
    (an economy "Sur" is the second), else in the order written."""
    if not definitions:
        return []
    if len(definitions) != count:
        raise PlanFormatError(
            definitions[0].line,
            _("der skal være %(count)d smiley-definitioner for %(what)s, fandt %(found)d.")
            % {"count": count, "what": what, "found": len(definitions)},
        )
    levels = [d.level if count == 3 or d.level != 2 else 1 for d in definitions]
    if None not in levels and sorted(levels) == list(range(count)):
        return [d.text for _level, d in sorted(zip(levels, definitions, strict=True), key=lambda pair: pair[0])]
    return [d.text for d in definitions]


def paragraphs_html(paragraphs: list[tuple[int, str]]) -> str:
    """Introduction paragraphs as rich text; lines typed as list items stay a list."""
    blocks = []
    for _line_no, text in paragraphs:
        item = LIST_ITEM_RE.match(text)
        if looks_like_html(text):
            blocks.extend(fragment_blocks(text))  # the seed wraps some paragraphs in <p>
        elif item is None:
            blocks.append(Block("p", html.escape(text, quote=False)))
        elif item.group("number"):
            number = int(item.group("number"))
            blocks.append(Block("li", html.escape(item.group("text"), quote=False), "ol", 0, number))
        else:
            blocks.append(Block("li", html.escape(item.group("text"), quote=False), "ul"))
    return blocks_html(blocks)
