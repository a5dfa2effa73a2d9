"""The canonical form of an implementation plan: what every reader (seed text, Word, Excel)
produces and `plan_import.import_plan` writes (Zulip's "many readers, one format").

It holds plain data only. Department names are as the file writes them until
`departments.resolve_departments` matches them against the known departments; the
contributor field keeps what is needed to do that again with the database's names
(`ContributorField`).
"""

import datetime
from dataclasses import dataclass, field, replace

from milepael.core.imports import ImportWarning, LineFormatError


class PlanFormatError(LineFormatError):
    """The file does not have the implementation-plan layout; `line` is 1-based (a Word
    document's reader turns the line back into its paragraph or table row)."""


@dataclass
class ContributorField:
    """The »Væsentlig bidragsyder« field as read, before department names are resolved.

    `raw` is its text. `own_paragraph`: the field stands on its own (a paragraph, an Excel
    cell), so all of it is the contributors; otherwise the extraction ran the cell together
    and the text after the contributors' names is the start of the implementation note.
    `note_paragraphs` are the note's further paragraphs; None when the reader has the note
    in a field of its own (Excel)."""

    raw: str = ""
    own_paragraph: bool = True
    note_paragraphs: list[str] | None = None


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
    contributor_field: ContributorField = field(default_factory=ContributorField)
    # The text reader's raw cells, joined over page breaks (seed_plan resolves them).
    raw_description: list[str] = field(default_factory=list)
    raw_meta: list[str] = field(default_factory=list)
    meta_line: int = 0
    economy_line: int = 0
    # Where the initiative's table ends (the next table or the end of the file), for errors
    # about a row that is missing.
    end_line: int = 0


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
    # What the reader noticed that the user should see before saving (the encoding of a
    # text file, say); the writer adds its own.
    warnings: list[ImportWarning] = field(default_factory=list)

    def copy_for_matching(self) -> "ParsedPlan":
        """A copy with themes and initiatives of its own, which matching the departments may
        change (it rewrites initiatives' department fields); milestones and the rest are
        shared, as nothing changes them. A deep copy cost a large import a fifth of a second."""
        themes = [
            replace(theme, initiatives=[replace(i, contributors=list(i.contributors)) for i in theme.initiatives])
            for theme in self.themes
        ]
        return replace(self, themes=themes, warnings=list(self.warnings))

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

    def initiatives_naming(self, department: str) -> list[str]:
        """The numbers of the initiatives that name `department` (responsible or contributing)."""
        return [
            initiative.number
            for initiative in self.initiatives
            if department == initiative.responsible_department or department in initiative.contributors
        ]
