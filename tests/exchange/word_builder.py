"""Test helper: Word documents built the way clerks make them in Word, with python-docx.

Bullets and numbers are Word's own list features — definitions in numbering.xml
(`w:abstractNum` with a `w:lvl` per level, `w:num` instances, `w:startOverride`) and
`w:numPr` on the paragraphs — never typed characters. `plan_document` writes a plan (a
`ParsedPlan` as the seed text import reads it, or any other) in one of several layouts.
"""

import io
from dataclasses import dataclass
from html.parser import HTMLParser

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from milepael.core.richtext import fold_whitespace


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


class WordDocument:
    """A python-docx document with helpers for Word's list numbering."""

    def __init__(self):
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        self.numbering = self.document.part.numbering_part.element
        self._next_id = 100

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def list_definition(self, levels: list[tuple[str, str, int]]) -> int:
        """A new abstract list of (numFmt, lvlText, start) per level; returns its abstractNumId."""
        abstract_id = self._new_id()
        abstract = _element("w:abstractNum", abstractNumId=abstract_id)
        abstract.append(_element("w:multiLevelType", val="hybridMultilevel"))
        for level, (number_format, text, start) in enumerate(levels):
            lvl = _element("w:lvl", ilvl=level)
            lvl.append(_element("w:start", val=start))
            lvl.append(_element("w:numFmt", val=number_format))
            lvl.append(_element("w:lvlText", val=text))
            lvl.append(_element("w:lvlJc", val="left"))
            abstract.append(lvl)
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # every w:abstractNum comes before the w:nums
        else:
            self.numbering.append(abstract)
        return abstract_id

    def list_instance(self, abstract_id: int, *, start: int | None = None) -> int:
        """A list (w:num) of an abstract definition, optionally starting again at `start`."""
        num_id = self._new_id()
        num = _element("w:num", numId=num_id)
        num.append(_element("w:abstractNumId", val=abstract_id))
        if start is not None:
            override = _element("w:lvlOverride", ilvl=0)
            override.append(_element("w:startOverride", val=start))
            num.append(override)
        self.numbering.append(num)
        return num_id

    def bullets(self) -> int:
        """A new bulleted list: • at the top level, o below."""
        return self.list_instance(self.list_definition([("bullet", "•", 1), ("bullet", "o", 1)]))

    def numbers(self, *, start: int = 1, text: str = "%1.", number_format: str = "decimal") -> int:
        """A new numbered list (1. 2. 3. …, or `text`/`number_format` of Word's)."""
        levels = [(number_format, text, 1), ("lowerLetter", "%2)", 1)]
        return self.list_instance(self.list_definition(levels), start=start if start != 1 else None)

    def paragraph(self, container, text: str = "", *, num: int | None = None, level: int = 0, style=None):
        """A paragraph in `container` (the document or a cell), a list item of `num` if given."""
        paragraph = container.add_paragraph(text, style=style)
        if num is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = num
        return paragraph

    def cell_paragraph(self, cell, text: str = "", **kwargs):
        """Like `paragraph`, the cell's first (empty) paragraph used first."""
        first = cell.paragraphs[0]
        if len(cell.paragraphs) == 1 and not first.text and first._p.pPr is None:
            first._p.getparent().remove(first._p)
        return self.paragraph(cell, text, **kwargs)

    def danish_heading_styles(self) -> None:
        """Heading styles named as in a Danish Word (»Overskrift 1«, »Overskrift 2«)."""
        for level in (1, 2):
            style = self.document.styles.add_style(f"Overskrift {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.document.styles[f"Heading {level}"]

    def numbered_heading_style(self, style_name: str) -> int:
        """Give a heading style Word's numbering ("1.", "2." …), as a numbered outline does."""
        num_id = self.numbers()
        style = self.document.styles[style_name]
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = num_id
        num_pr.get_or_add_ilvl().val = 0
        return num_id

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


@dataclass
class _Block:
    list_tag: str  # "" for a paragraph, else "ul"/"ol"
    level: int
    start: int  # of the list the item opens (ol)
    text: str


class _HtmlBlocks(HTMLParser):
    """Canonical rich text (<p>, <ul>/<ol start>, <li>) as blocks, for writing it in Word."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.lists: list[tuple[str, int]] = []
        self.text: list[str] = []

    def _flush(self):
        text = fold_whitespace("".join(self.text))
        self.text = []
        if text:
            tag, start = self.lists[-1] if self.lists else ("", 1)
            self.blocks.append(_Block(tag if self._in_item else "", len(self.lists) - 1, start, text))

    _in_item = False

    def handle_starttag(self, tag, attrs):
        if tag in {"ul", "ol"}:
            self._flush()
            self.lists.append((tag, int(dict(attrs).get("start") or 1)))
        elif tag in {"li", "p", "h3", "h4"}:
            self._flush()
            self._in_item = tag == "li"

    def handle_endtag(self, tag):
        if tag in {"li", "p", "h3", "h4"}:
            self._flush()
            self._in_item = False
        elif tag in {"ul", "ol"}:
            self._flush()
            self.lists.pop()

    def handle_data(self, data):
        self.text.append(data)


def html_blocks(fragment: str) -> list[_Block]:
    parser = _HtmlBlocks()
    parser.feed(fragment or "")
    parser.close()
    parser._flush()
    return parser.blocks


class PlanWriter:
    """Writes a `ParsedPlan` as a Word document in a layout; lists with Word's numbering.

    Layouts: "seed" (paragraph definitions as a Word bullet list led by ☺/☹, theme headings
    as »Heading 1« with the number typed), "numbered" (theme headings numbered by Word,
    definitions as a bullet list led by the smiley's word), "danish" (»Overskrift 1«
    headings without a number, definitions in a two-column table).
    """

    def __init__(self, layout: str = "seed"):
        self.layout = layout
        self.word = WordDocument()
        self.document = self.word.document
        self.heading = "Heading 1"
        if layout == "danish":
            self.word.danish_heading_styles()
            self.heading = "Overskrift 1"
        if layout == "numbered":
            self.word.numbered_heading_style("Heading 1")

    def write(self, plan) -> bytes:
        self._front_matter(plan)
        for theme in plan.themes:
            title = theme.title if self.layout in {"numbered", "danish"} else f"{theme.number}. {theme.title}"
            self.document.add_paragraph(title, style=self.heading)
            for initiative in theme.initiatives:
                self._initiative(initiative)
        return self.word.bytes()

    def _front_matter(self, plan) -> None:
        document = self.document
        header = [
            ("Dato", f"{plan.date.day}. {_MONTHS[plan.date.month - 1]} {plan.date.year}" if plan.date else ""),
            ("Tlf. dir.", plan.phone),
            ("E-mail", plan.email),
            ("Kontakt", plan.contact_person),
            ("Sagsid", plan.case_id),
        ]
        for label, value in header:
            if value:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(value)
        document.add_paragraph(plan.title, style="Title")
        self.rich_text(document, plan.intro)
        self._definitions(plan, "indsats", plan.effort_definitions, ("Glad", "Neutral", "Sur"))
        self.rich_text(document, plan.economy_intro)
        self._definitions(plan, "økonomi", plan.economy_definitions, ("Glad", "Sur"))

    def _definitions(self, plan, kind: str, definitions: list[str], words) -> None:
        if not definitions:
            return
        self.document.add_paragraph(f"Definition af smileys på {kind}", style="Heading 2")
        if self.layout == "danish":
            table = self.document.add_table(rows=0, cols=2)
            for word, text in zip(words, definitions, strict=True):
                cells = table.add_row().cells
                cells[0].text, cells[1].text = word, text
            return
        bullets = self.word.bullets()
        faces = ("☺", "☹", "☹") if kind == "indsats" else ("☺", "☹")
        for face, word, text in zip(faces, words, definitions, strict=True):
            label = face if self.layout == "seed" else word
            self.word.paragraph(self.document, f"{label}: {text}", num=bullets)

    def rich_text(self, container, fragment: str, *, in_cell: bool = False) -> None:
        """Canonical rich text as Word paragraphs: each list a Word list of its own, a nested
        list a deeper level of it."""
        add = self.word.cell_paragraph if in_cell else self.word.paragraph
        num, top_tag = None, ""
        for block in html_blocks(fragment):
            if not block.list_tag:
                add(container, block.text)
                num = None
                continue
            if num is None or (block.level == 0 and block.list_tag != top_tag):
                num = self.word.numbers(start=block.start) if block.list_tag == "ol" else self.word.bullets()
                top_tag = block.list_tag
            add(container, block.text, num=num, level=block.level)

    def _initiative(self, initiative) -> None:
        table = self.document.add_table(rows=0, cols=4)
        table.style = "Table Grid"
        kind = {"drift": "Drift", "anlaeg": "Anlæg", "anlaeg_og_drift": "Anlæg og drift"}[initiative.kind]
        heading = [f"{initiative.number}. {initiative.title}", kind, "Tid", "Smiley"]
        for cell, text in zip(table.add_row().cells, heading, strict=True):
            cell.text = text
        row = table.add_row().cells
        self.rich_text(row[0], initiative.description, in_cell=True)
        meta = [
            f"Ansvarligt center: {initiative.responsible_department}",
            f"Ansvarligt udvalg: {initiative.responsible_committee}",
            f"Væsentlig bidragsyder: {initiative.contributors_text}".rstrip(),
        ]
        for text in meta:
            self.word.cell_paragraph(row[1], text)
        self.rich_text(row[1], initiative.implementation_note, in_cell=True)
        for milestone in initiative.milestones:
            cells = table.add_row().cells
            cells[0].text = "Milepæl"
            self.rich_text(cells[1], milestone.text, in_cell=True)
            cells[2].text = milestone.round_name
        cells = table.add_row().cells
        cells[0].text = "Økonomi"
        self.rich_text(cells[1], initiative.economy_text, in_cell=True)


_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def plan_document(plan, layout: str = "seed") -> bytes:
    """`plan` (a ParsedPlan) as a Word document in `layout` (see `PlanWriter`)."""
    return PlanWriter(layout).write(plan)
