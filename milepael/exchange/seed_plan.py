"""Reader for the implementation-plan text format (seed 000).

The format is text extracted from the municipality's Word/PDF document: a header block
(Dato, Tlf. dir., E-mail, Kontakt, Sagsid), the title, the introduction with the smiley
definitions, then per theme a heading line and per initiative a four-cell table
(tab-separated) whose rows are the initiative heading, the description row (possibly
continued over a page break), one `Milepæl` row per follow-up round and one `Økonomi` row.
Cells may hold HTML fragments; labels may be `<p>`-wrapped; stray `-----` rows and blank
lines come from page breaks.

`parse_plan_text` turns that text into plain data or raises `PlanFormatError` naming the
line. It touches no database: `milepael.exchange.plan_import` writes the result.
`read_plan_text` decodes a file's bytes first.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from milepael.core.imports import LineFormatError, decode_text
from milepael.core.richtext import fold_whitespace, html_to_text, looks_like_html, sanitize_html
from milepael.plans.models import Initiative

from .plaintext import cell_text, text_lines

DANISH_MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

TITLE_RE = re.compile(
    r"^Udmøntning af (?P<agreement>Aftale om budget (?P<year>\d{4})) for (?P<committee>.+?)s? ansvarsområde$"
)
THEME_RE = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>\S.*)$")
INITIATIVE_RE = re.compile(r"^(?P<number>\d+(?:\.\d+)+)\.?\s+(?P<title>\S.*)$")
DEFINITION_RE = re.compile(r"^-\s*[^:]{0,4}:\s*(?P<text>.+)$")
SEPARATOR_RE = re.compile(r"^-*$")
HEADER_FIELDS = {
    "Dato": "date",
    "Tlf. dir.": "phone",
    "E-mail": "email",
    "Kontakt": "contact_person",
    "Sagsid": "case_id",
}
KIND_BY_LABEL = {label.lower(): value for value, label in Initiative.Kind.choices}
META_LABELS = ("Ansvarligt center:", "Ansvarligt udvalg:", "Væsentlig bidragsyder:")
# Separators between department names in "Væsentlig bidragsyder: A, B samt C".
CONTRIBUTOR_SEPARATOR_RE = re.compile(r"^(?:,\s*|\s+samt\s+|\s+og\s+)")


class PlanFormatError(LineFormatError):
    """The file does not have the implementation-plan layout; `line` is 1-based."""


@dataclass
class ParsedMilestone:
    round_name: str
    text: str
    line: int


@dataclass
class ParsedInitiative:
    number: str
    title: str
    kind: str
    line: int
    description: str = ""
    responsible_department: str = ""
    responsible_committee: str = ""
    contributors: list[str] = field(default_factory=list)
    contributors_text: str = ""
    implementation_note: str = ""
    economy_text: str = ""
    milestones: list[ParsedMilestone] = field(default_factory=list)
    # Raw cells as read, joined over page breaks; resolved by _finish_initiatives.
    raw_description: list[str] = field(default_factory=list)
    raw_meta: list[str] = field(default_factory=list)
    meta_line: int = 0
    economy_line: int = 0


@dataclass
class ParsedTheme:
    number: int
    title: str
    line: int
    initiatives: list[ParsedInitiative] = field(default_factory=list)


@dataclass
class ParsedPlan:
    agreement_title: str
    budget_year: int
    committee: str
    title: str
    date: datetime.date | None = None
    phone: str = ""
    email: str = ""
    contact_person: str = ""
    case_id: str = ""
    intro: str = ""
    effort_definitions: list[str] = field(default_factory=list)
    economy_intro: str = ""
    economy_definitions: list[str] = field(default_factory=list)
    rounds: list[str] = field(default_factory=list)
    themes: list[ParsedTheme] = field(default_factory=list)

    @property
    def initiatives(self) -> list[ParsedInitiative]:
        return [initiative for theme in self.themes for initiative in theme.initiatives]

    @property
    def departments(self) -> list[str]:
        """Every department the plan names, responsible or contributing, in first-seen order."""
        names: dict[str, None] = {}
        for initiative in self.initiatives:
            names[initiative.responsible_department] = None
            names.update(dict.fromkeys(initiative.contributors))
        return list(names)


def read_plan_text(data: bytes) -> ParsedPlan:
    """Decode and parse a plan file's bytes, or raise `PlanFormatError` at the first problem."""
    return parse_plan_text(decode_text(data, PlanFormatError))


def parse_plan_text(text: str) -> ParsedPlan:
    """Parse the whole document, or raise `PlanFormatError` at the first problem."""
    lines = text_lines(text)
    plan, body_start = _parse_header(lines)
    _parse_body(lines, body_start, plan)
    _finish_initiatives(plan)
    return plan


def parse_danish_date(value: str, line: int) -> datetime.date:
    match = re.fullmatch(r"(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})", value.strip().lower())
    if match and match.group(2) in DANISH_MONTHS:
        try:
            return datetime.date(int(match.group(3)), DANISH_MONTHS[match.group(2)], int(match.group(1)))
        except ValueError:
            pass
    raise PlanFormatError(
        line, _("datoen »%(value)s« kan ikke læses (forventet fx 22. december 2017).") % {"value": value}
    )


def _parse_header(lines: list[str]) -> tuple[ParsedPlan, int]:
    header: dict[str, str] = {}
    title_match = None
    title_line = 0
    paragraphs: list[tuple[int, str]] = []
    index = 0
    for index, raw in enumerate(lines):
        line_no = index + 1
        stripped = raw.strip()
        if "\t" in raw:
            raise PlanFormatError(line_no, _("en tabelrække står før udmøntningens første tema."))
        if not stripped:
            continue
        label, sep, value = stripped.partition(":")
        if title_match is None and sep and label in HEADER_FIELDS:
            header[HEADER_FIELDS[label]] = value.strip()
            if label == "Dato":
                header["_date_line"] = str(line_no)
            continue
        if title_match is None:
            title_match = TITLE_RE.match(stripped)
            if not title_match:
                raise PlanFormatError(
                    line_no,
                    _(
                        "forventede overskriften »Udmøntning af Aftale om budget ÅÅÅÅ for … ansvarsområde«, fandt »%(text)s«."
                    )
                    % {"text": stripped[:80]},
                )
            title_line = line_no
            continue
        if THEME_RE.match(stripped):
            break
        paragraphs.append((line_no, stripped))
    else:
        if title_match is None:
            raise PlanFormatError(
                max(len(lines), 1), _("filen indeholder ikke en udmøntning (ingen overskrift fundet).")
            )
        raise PlanFormatError(len(lines), _("filen indeholder ingen temaer eller indsatser."))

    committee = title_match.group("committee")
    plan = ParsedPlan(
        agreement_title=title_match.group("agreement"),
        budget_year=int(title_match.group("year")),
        committee=committee,
        title=fold_whitespace(lines[title_line - 1]),
        phone=header.get("phone", ""),
        email=header.get("email", ""),
        contact_person=header.get("contact_person", ""),
        case_id=header.get("case_id", ""),
    )
    if header.get("date"):
        plan.date = parse_danish_date(header["date"], int(header["_date_line"]))
    _split_introduction(paragraphs, plan)
    return plan, index


def _split_introduction(paragraphs: list[tuple[int, str]], plan: ParsedPlan) -> None:
    """Intro paragraphs, effort definitions, economy intro, economy definitions, in that order."""
    section = "intro"
    intro: list[str] = []
    economy_intro: list[str] = []
    for line_no, text in paragraphs:
        lowered = text.lower()
        if lowered.startswith("definition af smileys på indsats"):
            section = "effort"
            continue
        if lowered.startswith("definition af smileys på økonomi"):
            section = "economy"
            continue
        definition = DEFINITION_RE.match(text)
        if definition and section in {"effort", "economy"}:
            target = plan.effort_definitions if section == "effort" else plan.economy_definitions
            target.append(definition.group("text").strip())
            continue
        if section == "intro":
            intro.append(text)
        elif section == "effort":
            # Text after the effort definitions introduces the economy smiley.
            economy_intro.append(text)
        else:
            raise PlanFormatError(
                line_no, _("uventet tekst efter definitionen af smileys på økonomi: »%(text)s«.") % {"text": text[:80]}
            )
    plan.intro = "".join(sanitize_html(p) for p in intro)
    plan.economy_intro = "".join(sanitize_html(p) for p in economy_intro)
    if plan.effort_definitions and len(plan.effort_definitions) != 3:
        raise PlanFormatError(
            paragraphs[0][0], _("der skal være tre smiley-definitioner for indsats (glad, neutral, sur).")
        )
    if plan.economy_definitions and len(plan.economy_definitions) != 2:
        raise PlanFormatError(paragraphs[0][0], _("der skal være to smiley-definitioner for økonomi (glad, sur)."))


def _parse_body(lines: list[str], start: int, plan: ParsedPlan) -> None:
    theme: ParsedTheme | None = None
    initiative: ParsedInitiative | None = None
    for index in range(start, len(lines)):
        line_no = index + 1
        raw = lines[index]
        if not raw.strip():
            continue
        if "\t" not in raw:
            theme = _start_theme(raw.strip(), line_no, plan)
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
        if cell_text(cells[2]) == "Tid" and cell_text(cells[3]) == "Smiley":
            initiative = _start_initiative(cells, line_no, theme, plan)
            theme.initiatives.append(initiative)
            continue
        if initiative is None:
            raise PlanFormatError(
                line_no, _("rækken »%(label)s« står uden for en indsats.") % {"label": cell_text(cells[0])[:40]}
            )
        _read_initiative_row(cells, line_no, initiative, plan)
    _check_complete(initiative, len(lines), plan)


def _start_theme(text: str, line_no: int, plan: ParsedPlan) -> ParsedTheme:
    """A line outside a table: a theme heading ("3. Sammenhængende udviklingsforløb 0-25 år")."""
    match = THEME_RE.match(text)
    if not match:
        raise PlanFormatError(line_no, _("uventet tekst uden for en tabel: »%(text)s«.") % {"text": text[:80]})
    number = int(match.group("number"))
    if any(t.number == number for t in plan.themes):
        raise PlanFormatError(line_no, _("tema %(number)d står to gange.") % {"number": number})
    theme = ParsedTheme(number=number, title=fold_whitespace(match.group("title")), line=line_no)
    plan.themes.append(theme)
    return theme


def _read_initiative_row(cells: list[str], line_no: int, initiative: ParsedInitiative, plan: ParsedPlan) -> None:
    """A row of an initiative's table after its heading: the description row (possibly
    continued after a page break), a milestone row per round, then the economy row."""
    label = cell_text(cells[0])
    if label == "Milepæl":
        if initiative.economy_line:
            raise PlanFormatError(
                line_no, _("milepæl efter økonomi i indsats %(number)s.") % {"number": initiative.number}
            )
        round_name = cell_text(cells[2])
        if not round_name:
            raise PlanFormatError(line_no, _("milepælen mangler sin opfølgning (tredje celle)."))
        initiative.milestones.append(ParsedMilestone(round_name, sanitize_html(cells[1]), line_no))
    elif label == "Økonomi":
        if initiative.economy_line:
            raise PlanFormatError(
                line_no, _("indsats %(number)s har to økonomirækker.") % {"number": initiative.number}
            )
        _check_milestones(initiative, line_no, plan)
        initiative.economy_text = sanitize_html(cells[1])
        initiative.economy_line = line_no
    elif not initiative.milestones and not initiative.economy_line:
        # The description row, or its continuation after a page break.
        initiative.raw_description.append(cells[0].strip())
        initiative.raw_meta.append(cells[1].strip())
        initiative.meta_line = initiative.meta_line or line_no
    else:
        raise PlanFormatError(
            line_no,
            _("ukendt række »%(label)s« i indsats %(number)s (forventede Milepæl eller Økonomi).")
            % {"label": label[:40], "number": initiative.number},
        )


def _start_initiative(cells: list[str], line_no: int, theme: ParsedTheme | None, plan: ParsedPlan) -> ParsedInitiative:
    if plan.initiatives:
        _check_complete(plan.initiatives[-1], line_no, plan)
    if theme is None:
        raise PlanFormatError(line_no, _("indsatsen står før det første tema."))
    heading = cell_text(cells[0])
    match = INITIATIVE_RE.match(heading)
    if not match:
        raise PlanFormatError(
            line_no,
            _("indsatsens overskrift skal begynde med et nummer, fx 3.04., fandt »%(text)s«.") % {"text": heading[:80]},
        )
    number = match.group("number")
    if not number.startswith(f"{theme.number}."):
        raise PlanFormatError(
            line_no, _("indsats %(number)s hører ikke til tema %(theme)d.") % {"number": number, "theme": theme.number}
        )
    if any(i.number == number for i in plan.initiatives):
        raise PlanFormatError(line_no, _("indsats %(number)s står to gange.") % {"number": number})
    kind_label = cell_text(cells[1])
    kind = KIND_BY_LABEL.get(kind_label.lower())
    if kind is None:
        raise PlanFormatError(
            line_no, _("ukendt type »%(kind)s« (forventede Drift, Anlæg eller Anlæg og drift).") % {"kind": kind_label}
        )
    return ParsedInitiative(number=number, title=fold_whitespace(match.group("title")), kind=kind, line=line_no)


def _check_milestones(initiative: ParsedInitiative, line_no: int, plan: ParsedPlan) -> None:
    """One milestone row per round, in the plan's order (the first initiative sets it)."""
    rounds = [m.round_name for m in initiative.milestones]
    if not plan.rounds:
        plan.rounds = rounds
    if rounds == plan.rounds and rounds:
        return
    missing = [r for r in plan.rounds if r not in rounds]
    unknown = [r for r in rounds if r not in plan.rounds]
    if missing:
        problem = _("mangler milepæl for %(rounds)s") % {"rounds": ", ".join(missing)}
    elif unknown:
        problem = _("har milepæl for %(rounds)s, som ikke er en af udmøntningens opfølgninger") % {
            "rounds": ", ".join(unknown)
        }
    elif not rounds:
        problem = _("har ingen milepæle")
    else:
        problem = _("har milepælene i en anden rækkefølge eller to gange")
    raise PlanFormatError(
        line_no, _("indsats %(number)s %(problem)s.") % {"number": initiative.number, "problem": problem}
    )


def _check_complete(initiative: ParsedInitiative | None, line_no: int, plan: ParsedPlan) -> None:
    """An initiative has its description row, one milestone per round, then its economy row."""
    if initiative is None:
        return
    if not initiative.raw_meta:
        raise PlanFormatError(
            line_no, _("indsats %(number)s mangler beskrivelse og ansvarlige.") % {"number": initiative.number}
        )
    _check_milestones(initiative, line_no, plan)
    if not initiative.economy_line:
        raise PlanFormatError(
            line_no,
            _("indsats %(number)s mangler rækken »Økonomi« (er filen afkortet?).") % {"number": initiative.number},
        )


def _finish_initiatives(plan: ParsedPlan) -> None:
    """Split each meta cell into responsible department/committee, contributors and note."""
    parsed = [(initiative, _split_meta(initiative)) for initiative in plan.initiatives]
    known = {meta["department"] for _initiative, meta in parsed}
    # Contributor lists in a paragraph of their own name departments that are never
    # responsible (e.g. Social og Sundhed); learn them before parsing run-on text.
    for _initiative, meta in parsed:
        if meta["contributors_own_paragraph"]:
            known.update(split_contributor_list(meta["contributors_raw"], known))
    for initiative, meta in parsed:
        initiative.description = sanitize_html(" ".join(initiative.raw_description))
        initiative.responsible_department = meta["department"]
        initiative.responsible_committee = meta["committee"]
        raw = meta["contributors_raw"]
        note_parts = list(meta["note_paragraphs"])
        if meta["contributors_own_paragraph"]:
            initiative.contributors_text = raw
            initiative.contributors = split_contributor_list(raw, known)
        else:
            names, rest = _leading_departments(raw, known)
            initiative.contributors = names
            initiative.contributors_text = raw[: len(raw) - len(rest)].strip()
            if rest.strip():
                note_parts.insert(0, rest.strip())
        initiative.implementation_note = "".join(sanitize_html(p) for p in note_parts)


def _meta_paragraphs(initiative: ParsedInitiative) -> list[str]:
    """The meta cell as paragraphs of plain text, in order, across page breaks."""
    paragraphs: list[str] = []
    for cell in initiative.raw_meta:
        if not cell:
            continue
        if looks_like_html(cell):
            for block in re.split(r"</p>|<p[^>]*>", cell):
                text = html_to_text(block)
                if text:
                    paragraphs.append(text)
        else:
            paragraphs.append(fold_whitespace(cell))
    return paragraphs


def _split_meta(initiative: ParsedInitiative) -> dict:
    paragraphs = _meta_paragraphs(initiative)
    joined = " \n ".join(paragraphs)
    positions = [joined.find(label) for label in META_LABELS]
    if any(pos < 0 for pos in positions) or positions != sorted(positions):
        raise PlanFormatError(
            initiative.meta_line,
            _(
                "indsats %(number)s: ansvarsfeltet skal indeholde »Ansvarligt center:«, »Ansvarligt udvalg:« og »Væsentlig bidragsyder:« i den rækkefølge."
            )
            % {"number": initiative.number},
        )
    department = fold_whitespace(joined[positions[0] + len(META_LABELS[0]) : positions[1]])
    committee = fold_whitespace(joined[positions[1] + len(META_LABELS[1]) : positions[2]])
    if not department or not committee:
        raise PlanFormatError(
            initiative.meta_line,
            _("indsats %(number)s mangler ansvarligt center eller udvalg.") % {"number": initiative.number},
        )
    # The contributor field runs to the end of its paragraph; later paragraphs are the note.
    after = joined[positions[2] + len(META_LABELS[2]) :]
    contributors_raw, _sep, rest = after.partition(" \n ")
    label_paragraph = next(p for p in paragraphs if META_LABELS[2] in p)
    return {
        "department": department,
        "committee": committee,
        "contributors_raw": fold_whitespace(contributors_raw),
        # "<p>Væsentlig bidragsyder: …</p>" on its own: the whole paragraph is the field.
        "contributors_own_paragraph": label_paragraph.startswith(META_LABELS[2]),
        "note_paragraphs": [p for p in rest.split(" \n ") if p.strip()],
    }


def split_contributor_list(raw: str, known: set[str]) -> list[str]:
    """'A, Skoler, Institutioner og Kultur samt B' -> names, preferring known names."""
    names: list[str] = []
    rest = raw.strip().rstrip(".")
    while rest:
        found, rest_after = _match_known(rest, known)
        if found is None:
            piece = re.split(r",\s*|\s+samt\s+", rest, maxsplit=1)
            found = piece[0].strip()
            rest_after = rest[len(piece[0]) :]
        names.append(found)
        rest = CONTRIBUTOR_SEPARATOR_RE.sub("", rest_after, count=1).strip()
    # A short capitalised phrase is a department; a sentence such as
    # "De øvrige centre og sekretariater" stays free text only.
    return [n for n in names if n in known or (n[:1].isupper() and len(n.split()) <= 4)]


def _leading_departments(raw: str, known: set[str]) -> tuple[list[str], str]:
    """Known department names at the start of run-on text, and the text after them."""
    names: list[str] = []
    rest = raw
    while True:
        found, rest_after = _match_known(rest.lstrip(), known)
        if found is None:
            return names, rest
        names.append(found)
        rest = rest_after
        separator = CONTRIBUTOR_SEPARATOR_RE.match(rest)
        if not separator or _match_known(rest[separator.end() :], known)[0] is None:
            return names, rest
        rest = rest[separator.end() :]


def _match_known(text: str, known: set[str]) -> tuple[str | None, str]:
    for name in sorted(known, key=len, reverse=True):
        if text.startswith(name) and (len(text) == len(name) or not text[len(name)].isalnum()):
            return name, text[len(name) :]
    return None, text
