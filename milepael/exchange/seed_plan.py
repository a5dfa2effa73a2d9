"""Reader for the implementation-plan text format (seed 000).

The format is text extracted from the municipality's Word/PDF document: a header block
(Dato, Tlf. dir., E-mail, Kontakt, Sagsid), the title, the introduction with the smiley
definitions (`plan_header`), then per theme a heading line and per initiative a four-cell
table (tab-separated) whose rows are the initiative heading, the description row (possibly
continued over a page break), one `Milepæl` row per follow-up round and one `Økonomi` row.
The layout of Milepæl's own Word report (`Beskrivelse` and `Ansvar` rows with a label in
the first cell) reads too. Cells may hold HTML fragments (`rich_cells` gives them one
shape); labels may be `<p>`-wrapped; stray `-----` rows and blank lines come from page
breaks. The body starts at the theme heading right before the first initiative table.

`parse_plan_text` turns that text into plain data or raises `PlanFormatError` naming the
line and the value it could not use. It touches no database: `plan_import` matches the
department names against the known departments and writes the result. `read_plan_text`
decodes a file's bytes first (UTF-8, UTF-16 or Windows-1252, see `core.imports`).
"""

import html
import re
from collections import Counter

from django.utils.translation import gettext as _

from milepael.core.imports import ImportWarning, decode_text_file, did_you_mean
from milepael.core.richtext import fold_whitespace, looks_like_html
from milepael.plans.models import Initiative

from .departments import resolve_departments
from .parsed import (
    ContributorField,
    ParsedInitiative,
    ParsedMilestone,
    ParsedPlan,
    ParsedTheme,
    PlanFormatError,
)
from .plaintext import cell_text, text_lines
from .plan_header import THEME_RE, parse_danish_date, parse_header
from .rich_cells import Block, blocks_html, fragment_blocks, tidy_rich_text

__all__ = ["PlanFormatError", "parse_danish_date", "parse_plan_text", "read_plan_text"]

INITIATIVE_RE = re.compile(r"^(?P<number>\d+(?:\.\d+)+)\.?\s+(?P<title>\S.*)$")
SEPARATOR_RE = re.compile(r"^-*$")
KIND_BY_LABEL = {str(label).casefold(): value for value, label in Initiative.Kind.choices}
KIND_LABELS = [str(label) for _value, label in Initiative.Kind.choices]
# The three labels of the responsibility cell, as the seed writes them and as clerks vary them.
META_LABELS = ("Ansvarligt center:", "Ansvarligt udvalg:", "Væsentlig bidragsyder:")
_META_LABEL_RES = (
    re.compile(r"ansvarlig[et]?\s+(?:center|afdeling|enhed)\s*:", re.IGNORECASE),
    re.compile(r"ansvarlig[et]?\s+udvalg\s*:", re.IGNORECASE),
    re.compile(r"væsentlig[e]?\s+bidragsydere?\s*:", re.IGNORECASE),
)
# Row labels in the first cell (lower case, no colon): the rounds' milestones, the economy,
# and the description and responsibility rows of Milepæl's own Word report.
MILESTONE_LABELS = {"milepæl", "milepæle"}
ECONOMY_LABELS = {"økonomi"}
DESCRIPTION_LABELS = {"beskrivelse"}
RESPONSIBILITY_LABELS = {"ansvar", "ansvarlig", "ansvarlige"}
TABLE_ROW_LABELS = ["Milepæl", "Økonomi"]
# What the database holds at most (the models' max_length), checked where the text stands.
MAX_TITLE = Initiative._meta.get_field("title").max_length
MAX_NUMBER = Initiative._meta.get_field("number").max_length
MAX_NAME = 200  # departments, committees
MAX_ROUND = 100


def _check_length(text: str, limit: int, line_no: int, what: str) -> str:
    if len(text) > limit:
        raise PlanFormatError(
            line_no,
            _("%(what)s er for lang (%(length)d tegn; højst %(limit)d): »%(start)s…«.")
            % {"what": what, "length": len(text), "limit": limit, "start": text[:40]},
        )
    return text


def read_plan_text(data: bytes) -> ParsedPlan:
    """Decode and parse a plan file's bytes, or raise `PlanFormatError` at the first problem."""
    decoded = decode_text_file(data, PlanFormatError)
    plan = parse_plan_text(decoded.text)
    plan.warnings.insert(
        0, ImportWarning(_("Tekstfilen er læst som %(encoding)s.") % {"encoding": decoded.encoding_label})
    )
    return plan


def parse_plan_text(text: str) -> ParsedPlan:
    """Parse the whole document, or raise `PlanFormatError` at the first problem."""
    lines = text_lines(text)
    body_start = find_body_start(lines)
    plan = parse_header(lines, body_start)
    if body_start >= len(lines):
        raise PlanFormatError(max(len(lines), 1), _("filen indeholder ingen temaer eller indsatser."))
    _parse_body(lines, body_start, plan)
    check_initiatives(plan)
    for initiative in plan.initiatives:
        _finish_initiative(initiative)
    resolve_departments(plan)
    return plan


def find_body_start(lines: list[str]) -> int:
    """The index of the first theme heading: the line right before the first initiative
    table (a row of three or more cells), blank lines apart. Numbered paragraphs before it
    belong to the introduction. Without a table, the end of the file."""
    first_row = next((index for index, line in enumerate(lines) if line.count("\t") >= 2), None)
    if first_row is None:
        return len(lines)
    before = first_row - 1
    while before >= 0 and not lines[before].strip():
        before -= 1
    if before < 0 or not THEME_RE.match(fold_whitespace(lines[before])) or "\t" in lines[before]:
        raise PlanFormatError(first_row + 1, _("en tabelrække står før udmøntningens første tema."))
    return before


def _parse_body(lines: list[str], start: int, plan: ParsedPlan) -> None:
    theme: ParsedTheme | None = None
    initiative: ParsedInitiative | None = None
    for index in range(start, len(lines)):
        line_no = index + 1
        raw = lines[index]
        if not raw.strip():
            continue
        if "\t" not in raw:
            _end(initiative, line_no)
            theme = _start_theme(fold_whitespace(raw), line_no, plan)
            initiative = None
            continue
        cells = raw.split("\t")
        if len(cells) != 4:
            raise PlanFormatError(
                line_no,
                _("en tabelrække skal have 4 celler adskilt af tabulator, fandt %(count)d.") % {"count": len(cells)},
            )
        if all(SEPARATOR_RE.match(cell.strip()) for cell in cells):
            continue  # stray separator left by the page break
        if cell_text(cells[2]).casefold() == "tid" and cell_text(cells[3]).casefold() == "smiley":
            _end(initiative, line_no)
            initiative = _start_initiative(cells, line_no, theme, plan)
            theme.initiatives.append(initiative)
            continue
        if initiative is None:
            raise PlanFormatError(
                line_no, _("rækken »%(label)s« står uden for en indsats.") % {"label": cell_text(cells[0])[:40]}
            )
        _read_initiative_row(cells, line_no, initiative)
    _end(initiative, len(lines))


def _end(initiative: ParsedInitiative | None, line_no: int) -> None:
    """Where the initiative's table ended: the next heading, or the end of the file."""
    if initiative is not None:
        initiative.end_line = line_no


def _start_theme(text: str, line_no: int, plan: ParsedPlan) -> ParsedTheme:
    """A line outside a table: a theme heading ("3. Sammenhængende udviklingsforløb 0-25 år")."""
    match = THEME_RE.match(text)
    if not match:
        raise PlanFormatError(line_no, _("uventet tekst uden for en tabel: »%(text)s«.") % {"text": text[:80]})
    number = int(match.group("number"))
    if any(t.number == number for t in plan.themes):
        raise PlanFormatError(line_no, _("tema %(number)d står to gange.") % {"number": number})
    title = _check_length(fold_whitespace(match.group("title")), MAX_TITLE, line_no, _("Temaets titel"))
    theme = ParsedTheme(number=number, title=title, line=line_no)
    plan.themes.append(theme)
    return theme


def _row_label(cell: str) -> str:
    return cell_text(cell).rstrip(":").strip().casefold()


def _read_initiative_row(cells: list[str], line_no: int, initiative: ParsedInitiative) -> None:
    """A row of an initiative's table after its heading: the description row (possibly
    continued after a page break), a milestone row per round, then the economy row."""
    label = _row_label(cells[0])
    if label in MILESTONE_LABELS:
        if initiative.economy_line:
            raise PlanFormatError(
                line_no, _("milepæl efter økonomi i indsats %(number)s.") % {"number": initiative.number}
            )
        round_name = _check_length(cell_text(cells[2]), MAX_ROUND, line_no, _("Opfølgningens navn"))
        if not round_name:
            raise PlanFormatError(line_no, _("milepælen mangler sin opfølgning (tredje celle)."))
        initiative.milestones.append(ParsedMilestone(round_name, tidy_rich_text(cells[1]), line_no))
    elif label in ECONOMY_LABELS:
        if initiative.economy_line:
            raise PlanFormatError(
                line_no, _("indsats %(number)s har to økonomirækker.") % {"number": initiative.number}
            )
        initiative.economy_text = tidy_rich_text(cells[1])
        initiative.economy_line = line_no
    elif initiative.milestones or initiative.economy_line or _is_round_row(label, cells):
        raise PlanFormatError(
            line_no,
            _("ukendt række »%(label)s« i indsats %(number)s (forventede Milepæl eller Økonomi).%(suggestion)s")
            % {
                "label": cell_text(cells[0])[:40],
                "number": initiative.number,
                "suggestion": did_you_mean(cell_text(cells[0]), TABLE_ROW_LABELS),
            },
        )
    elif label in DESCRIPTION_LABELS and not cell_text(cells[2]):
        initiative.raw_description.append(cells[1].strip())  # Milepæl's own report: label, then text
    elif label in RESPONSIBILITY_LABELS and not cell_text(cells[2]):
        initiative.raw_meta.append(cells[1].strip())
        initiative.meta_line = initiative.meta_line or line_no
    else:
        # The description row of the seed layout, or its continuation after a page break.
        initiative.raw_description.append(cells[0].strip())
        initiative.raw_meta.append(cells[1].strip())
        initiative.meta_line = initiative.meta_line or line_no


def _is_round_row(label: str, cells: list[str]) -> bool:
    """A row with a round in its third cell is a milestone row, whatever its label says
    (a description row has nothing there)."""
    return label not in DESCRIPTION_LABELS | RESPONSIBILITY_LABELS and bool(cell_text(cells[2]))


def _start_initiative(cells: list[str], line_no: int, theme: ParsedTheme | None, plan: ParsedPlan) -> ParsedInitiative:
    if theme is None:
        raise PlanFormatError(line_no, _("indsatsen står før det første tema."))
    heading = cell_text(cells[0])
    match = INITIATIVE_RE.match(heading)
    if not match:
        raise PlanFormatError(
            line_no,
            _("indsatsens overskrift skal begynde med et nummer, fx 3.04., fandt »%(text)s«.") % {"text": heading[:80]},
        )
    number = _check_length(match.group("number"), MAX_NUMBER, line_no, _("Indsatsens nummer"))
    if not number.startswith(f"{theme.number}."):
        raise PlanFormatError(
            line_no, _("indsats %(number)s hører ikke til tema %(theme)d.") % {"number": number, "theme": theme.number}
        )
    if any(i.number == number for i in plan.initiatives):
        raise PlanFormatError(line_no, _("indsats %(number)s står to gange.") % {"number": number})
    kind_label = cell_text(cells[1])
    kind = KIND_BY_LABEL.get(fold_whitespace(kind_label).casefold())
    if kind is None:
        raise PlanFormatError(
            line_no,
            _("ukendt type »%(kind)s« (forventede Drift, Anlæg eller Anlæg og drift).%(suggestion)s")
            % {"kind": kind_label, "suggestion": did_you_mean(kind_label, KIND_LABELS)},
        )
    title = _check_length(fold_whitespace(match.group("title")), MAX_TITLE, line_no, _("Indsatsens titel"))
    return ParsedInitiative(number=number, title=title, kind=kind, line=line_no)


# --- after the whole body: every initiative complete, the same rounds everywhere -----------


def check_initiatives(plan: ParsedPlan) -> None:
    """Each initiative has its description row, one milestone per round in the plan's order,
    then its economy row. The plan's rounds are those most initiatives have, so a misspelt
    round name is reported where it stands, with the name it probably means."""
    sequences = Counter(tuple(m.round_name for m in i.milestones) for i in plan.initiatives if i.milestones)
    plan.rounds = list(sequences.most_common(1)[0][0]) if sequences else []
    for initiative in plan.initiatives:
        if not initiative.raw_meta:
            raise PlanFormatError(
                initiative.end_line,
                _("indsats %(number)s mangler beskrivelse og ansvarlige.") % {"number": initiative.number},
            )
        check_milestones(initiative, plan.rounds, initiative.economy_line or initiative.end_line)
        if not initiative.economy_line:
            raise PlanFormatError(
                initiative.end_line,
                _("indsats %(number)s mangler rækken »Økonomi« (er filen afkortet?).") % {"number": initiative.number},
            )


def check_milestones(initiative: ParsedInitiative, rounds: list[str], line_no: int) -> None:
    """One milestone per round of `rounds`, in that order; raises at `line_no` (a misspelt
    round at its own milestone's line)."""
    names = [m.round_name for m in initiative.milestones]
    if names == rounds and rounds:
        return
    for milestone in initiative.milestones:
        if milestone.round_name not in rounds:
            raise PlanFormatError(
                milestone.line,
                _(
                    "opfølgningen »%(round)s« i indsats %(number)s er ikke en af udmøntningens opfølgninger "
                    "(%(rounds)s).%(suggestion)s"
                )
                % {
                    "round": milestone.round_name,
                    "number": initiative.number,
                    "rounds": ", ".join(rounds),
                    "suggestion": did_you_mean(milestone.round_name, rounds),
                },
            )
    missing = [r for r in rounds if r not in names]
    if missing:
        problem = _("mangler milepæl for %(rounds)s") % {"rounds": ", ".join(missing)}
    elif not names:
        problem = _("har ingen milepæle")
    else:
        problem = _("har milepælene i en anden rækkefølge eller to gange")
    raise PlanFormatError(
        line_no, _("indsats %(number)s %(problem)s.") % {"number": initiative.number, "problem": problem}
    )


# --- the description and responsibility cells ------------------------------------------------


def _finish_initiative(initiative: ParsedInitiative) -> None:
    """The description joined over page breaks; the responsibility cell split into
    responsible department and committee, the contributor field and the note."""
    initiative.description = tidy_rich_text(" ".join(initiative.raw_description))
    blocks = _meta_blocks(initiative.raw_meta)
    texts = [fold_whitespace(block.text) for block in blocks]
    joined = " \n ".join(texts)
    found = [pattern.search(joined) for pattern in _META_LABEL_RES]
    if any(match is None for match in found) or [m.start() for m in found] != sorted(m.start() for m in found):
        raise PlanFormatError(
            initiative.meta_line,
            _(
                "indsats %(number)s: ansvarsfeltet skal indeholde »Ansvarligt center:«, »Ansvarligt udvalg:« og »Væsentlig bidragsyder:« i den rækkefølge."
            )
            % {"number": initiative.number},
        )
    center, committee, contributors = found
    initiative.responsible_department = fold_whitespace(joined[center.end() : committee.start()])
    initiative.responsible_committee = fold_whitespace(joined[committee.end() : contributors.start()])
    _check_length(initiative.responsible_department, MAX_NAME, initiative.meta_line, _("Det ansvarlige center"))
    _check_length(initiative.responsible_committee, MAX_NAME, initiative.meta_line, _("Det ansvarlige udvalg"))
    if not initiative.responsible_department or not initiative.responsible_committee:
        raise PlanFormatError(
            initiative.meta_line,
            _("indsats %(number)s mangler ansvarligt center eller udvalg.") % {"number": initiative.number},
        )
    # The contributor field runs to the end of its paragraph; the blocks after it are the note.
    label_block = joined.count(" \n ", 0, contributors.start())
    raw = fold_whitespace(joined[contributors.end() :].split(" \n ", 1)[0])
    note = blocks_html(blocks[label_block + 1 :])
    initiative.contributor_field = ContributorField(
        raw=raw,
        # "<p>Væsentlig bidragsyder: …</p>" on its own: the whole paragraph is the field.
        own_paragraph=_META_LABEL_RES[2].match(texts[label_block]) is not None,
        note_paragraphs=[note] if note else [],
    )


def _meta_blocks(cells: list[str]) -> list[Block]:
    """The responsibility cell(s) as blocks, in order, across page breaks."""
    blocks: list[Block] = []
    for cell in cells:
        if looks_like_html(cell):
            blocks.extend(fragment_blocks(cell))
        elif cell.strip():
            blocks.append(Block("p", html.escape(fold_whitespace(cell), quote=False)))
    return [block for block in blocks if block.text.strip()]
