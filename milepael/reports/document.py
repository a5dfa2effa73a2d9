"""What a plan report holds, as plain data: the implementation plan (*udmøntning*) or the
follow-up report at round N, built once by `builders.build_plan_report` and laid out by
every renderer (HTML, PDF, Word, Excel). No model instances, no queries, nothing a
renderer would have to compute: words, numbers and smileys as the reader sees them.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from milepael.core import smileys
from milepael.core.richtext import paragraphs


@dataclass
class Paragraph:
    text: str
    list_item: bool = False


def rich_paragraphs(fragment: str) -> list[Paragraph]:
    """Sanitised rich text as report paragraphs (list items marked)."""
    return [Paragraph(text, list_item) for text, list_item in paragraphs(fragment)]


@dataclass
class Smiley:
    """A smiley as every output shows it: face shape and word together, never colour alone."""

    kind: str  # "effort" or "economy"
    value: str  # one of core.smileys' values (UNRATED: not rated)
    shape: str  # smile, neutral, frown, none, unrated (core.smileys.FACES)
    label: str  # Glad, Neutral, Sur, Ingen milepæl, Ikke vurderet
    meaning: str = ""
    pending: bool = False  # submitted, not yet approved (only when asked for)

    @property
    def text(self) -> str:
        return f"{self.label} ({_('ikke godkendt')})" if self.pending else self.label

    @property
    def alt(self) -> str:
        """Alt text of the drawn face: what it is and what it means."""
        aspect = _("Indsats") if self.kind == "effort" else _("Økonomi")
        meaning = f": {self.meaning}" if self.meaning else ""
        return _("%(aspect)s: smiley %(label)s%(meaning)s") % {
            "aspect": aspect,
            "label": self.label.lower(),
            "meaning": meaning,
        }


def make_smiley(value: str | None, kind: str, *, pending: bool = False) -> Smiley:
    """The smiley of `value` (None or "" : not rated)."""
    shape, label = smileys.FACES.get(value or smileys.UNRATED, smileys.FACES[smileys.UNRATED])
    return Smiley(
        kind=kind,
        value=value or smileys.UNRATED,
        shape=shape,
        label=str(label),
        meaning=str(smileys.MEANINGS.get((kind, value), "")),
        pending=pending,
    )


@dataclass
class Remark:
    """A labelled text beside a smiley: the comment, the alternative financing. The text is
    the reporter's own, line breaks kept."""

    label: str
    text: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.text.split("\n") if line.strip()]


@dataclass
class Row:
    """One row of an initiative's four-column table: label | text | time | smiley.

    Kinds: heading, description, responsibility, milestone (a round's milestone with the
    effort smiley and its comment), economy (the economy text; in a follow-up also a row per
    round 1..N with the economy smiley, its comment and the alternative financing)."""

    kind: str
    label: str
    text: list[Paragraph]
    time: str = ""
    smiley: Smiley | None = None
    remarks: list[Remark] = field(default_factory=list)  # after the text, each with its label
    notes: list[str] = field(default_factory=list)  # after the remarks, in italics


@dataclass
class RoundLine:
    """An initiative in one round, flat (the Excel rows)."""

    round_ordinal: int
    round_name: str
    milestone: str
    effort: str = ""
    effort_comment: str = ""
    economy: str = ""
    economy_comment: str = ""
    alternative_financing: str = ""
    status: str = ""
    # Issue 17: the expected result for the budget year and the budget it was given against (kr.).
    expected_result_kr: int | None = None
    budget_kr: int | None = None

    @property
    def deviation_kr(self) -> int | None:
        if self.expected_result_kr is None or self.budget_kr is None:
            return None
        return self.expected_result_kr - self.budget_kr


@dataclass
class InitiativeBlock:
    number: str
    title: str
    kind: str
    department: str
    committee: str
    contributors: str
    rows: list[Row]
    rounds: list[RoundLine]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"

    def estimated_lines(self, characters_per_line: int) -> int:
        """About how many lines the initiative's table takes when its text column holds
        `characters_per_line`: per row its text cell (by far the tallest), at least two lines.
        The PDF and Word layouts keep a table that fits on a page in one piece."""
        lines = 0
        for row in self.rows:
            texts = [p.text for p in row.text] + [f"{r.label}: {r.text}" for r in row.remarks] + row.notes
            row_lines = sum(-(-len(text) // characters_per_line) + text.count("\n") for text in texts)
            lines += max(row_lines, 2)  # a round's name takes two lines in its narrow column
        return lines + len(self.rows) // 2  # the rows' padding


@dataclass
class ThemeBlock:
    number: int
    title: str
    initiatives: list[InitiativeBlock]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass
class Definition:
    smiley: Smiley
    text: str


@dataclass
class SmileyCounts:
    """Counts of one group (a theme, a round, all): `core.smileys.tally` of the effort and of
    the economy smileys, the not rated (or not approved) under "unrated"."""

    label: str
    effort: dict[str, int]
    economy: dict[str, int]

    @property
    def initiatives(self) -> int:
        return sum(self.effort.values())

    @property
    def cells(self) -> list[int]:
        """The counts in the order of the count tables' columns (labels["count_columns"])."""
        return [*self.effort.values(), *self.economy.values()]


@dataclass
class AttentionItem:
    """A yellow or red smiley of the round, with its explanation."""

    number: str
    title: str
    department: str
    aspect: str  # Indsats / Økonomi
    smiley: Smiley
    comment: str
    alternative_financing: str = ""


@dataclass
class SmileyChange:
    """An initiative whose effort or economy smiley got better or worse since the previous
    round (both rounds rated, no "ingen milepæl")."""

    number: str
    title: str
    aspect: str  # Indsats / Økonomi
    before: Smiley
    after: Smiley
    better: bool


@dataclass
class RevisionInForce:
    number: str
    title: str
    text: list[Paragraph]
    approved_on: str
    reference: str


@dataclass
class ChartSegment:
    """One stacked part of every bar: a smiley (or not rated) with its count per round."""

    key: str  # a core.smileys.TALLY_KEYS key
    label: str
    counts: list[int]
    colour: str
    hatch: str


@dataclass
class SmileyChart:
    """The smileys of one kind per round, stacked: what every layout draws (and tabulates:
    the same numbers as a data table beside the chart)."""

    kind: str  # "effort" or "economy"
    title: str
    categories: list[str]  # the rounds 1..N
    segments: list[ChartSegment]
    alt_text: str
    value_label: str  # the axis: "Antal indsatser"

    @property
    def maximum(self) -> int:
        return max([sum(column) for column in zip(*(s.counts for s in self.segments), strict=True)] or [0])

    @property
    def table(self) -> list[list[str]]:
        """The data table: a row per round, a column per segment (header in `table_header`)."""
        return [
            [category, *(str(segment.counts[index]) for segment in self.segments)]
            for index, category in enumerate(self.categories)
        ]

    @property
    def table_header(self) -> list[str]:
        return [_("Opfølgning"), *(segment.label for segment in self.segments)]


@dataclass
class Summary:
    round_name: str
    text: list[str]  # the written summary: a paragraph for effort, one for economy
    previous_round_name: str  # "" at the first round
    changes: list[SmileyChange]  # better first, then worse
    changes_text: str  # what to say when there are none (or no previous round)
    by_theme: list[SmileyCounts]
    total: SmileyCounts
    attention: list[AttentionItem]
    revisions: list[RevisionInForce]
    by_round: list[SmileyCounts]  # rounds 1..N
    charts: list[SmileyChart]


@dataclass
class MoneyRow:
    """A row of kroner: `values` in whole kroner (None: nothing), `texts` as a Danish budget
    writes them (»4,5 mio. kr.«, »–«)."""

    label: str
    values: list[int | None]
    texts: list[str]


@dataclass
class MoneyTable:
    """A table of kroner per group (theme, committee): the budget in force by year and kind,
    or the expected results of a round against the year's budget. `header`'s first column
    names the groups."""

    caption: str
    header: list[str]
    rows: list[MoneyRow]
    total: MoneyRow
    note: str = ""
    sheet: str = ""  # the Excel sheet's name (at most 31 characters)


@dataclass(frozen=True)
class ReportMeta:
    """What the clerk sets when the report is generated: the report's own date, the committee
    meeting it goes to and its case id. Printed in the header instead of the plan's."""

    date: datetime.date
    committee: str
    meeting_date: datetime.date | None = None
    case_id: str = ""


@dataclass(frozen=True)
class RatingsUsed:
    """Which ratings a follow-up report counted: how many, when the latest was changed, and a
    fingerprint of them all (ids, versions, statuses), so a report generated again can say
    whether it rests on the same ratings."""

    count: int
    latest_change: datetime.datetime | None
    fingerprint: str


@dataclass
class PlanReport:
    """Everything a renderer needs; no model instances, no queries."""

    kind: str  # "plan" or "followup"
    document_title: str
    title: str
    subtitle: str
    agreement: str
    committee: str
    meta: ReportMeta
    header: list[tuple[str, str]]
    intro: list[Paragraph]
    effort_definitions_heading: str
    effort_definitions: list[Definition]
    economy_intro: list[Paragraph]
    economy_definitions_heading: str
    economy_definitions: list[Definition]
    rating_note: str
    labels: dict[str, str | list[str]]  # headings and column names, built with the report
    themes: list[ThemeBlock]
    summary: Summary | None
    economy_tables: list[MoneyTable]  # issue 17: budget totals; in a follow-up also the expected results
    round_ordinal: int | None
    round_name: str
    include_submitted: bool
    ratings_used: RatingsUsed | None
    generated_on: str  # the report's date, as the colophon writes it
    colophon: str
    file_stem: str

    @property
    def initiative_count(self) -> int:
        return sum(len(theme.initiatives) for theme in self.themes)

    def filename(self, extension: str) -> str:
        return f"{self.file_stem}.{extension}"

    def as_dict(self) -> dict:
        """JSON-ready data (the typst template reads this), computed properties included."""
        data = dataclasses.asdict(self)
        # Dates are in the header already, as text; JSON has no date type.
        data["meta"] = {"date": self.meta.date.isoformat()}
        data["ratings_used"] = None
        for theme, theme_data in zip(self.themes, data["themes"], strict=True):
            theme_data["heading"] = theme.heading
            for initiative, initiative_data in zip(theme.initiatives, theme_data["initiatives"], strict=True):
                initiative_data["heading"] = initiative.heading
                for row, row_data in zip(initiative.rows, initiative_data["rows"], strict=True):
                    _smiley_extras(row.smiley, row_data["smiley"])
                    for remark, remark_data in zip(row.remarks, row_data["remarks"], strict=True):
                        remark_data["lines"] = remark.lines
        for key in ("effort_definitions", "economy_definitions"):
            for definition, definition_data in zip(getattr(self, key), data[key], strict=True):
                _smiley_extras(definition.smiley, definition_data["smiley"])
        if self.summary:
            _summary_extras(self.summary, data["summary"])
        return data


def _smiley_extras(smiley: Smiley | None, data: dict | None) -> None:
    if smiley is not None:
        data.update(alt=smiley.alt, text=smiley.text)


def _summary_extras(summary: Summary, data: dict) -> None:
    for item, item_data in zip(summary.attention, data["attention"], strict=True):
        _smiley_extras(item.smiley, item_data["smiley"])
    for change, change_data in zip(summary.changes, data["changes"], strict=True):
        _smiley_extras(change.before, change_data["before"])
        _smiley_extras(change.after, change_data["after"])
    for counts, counts_data in zip([*summary.by_theme, summary.total], [*data["by_theme"], data["total"]], strict=True):
        counts_data["cells"] = counts.cells
    for chart, chart_data in zip(summary.charts, data["charts"], strict=True):
        chart_data.update(maximum=chart.maximum, table=chart.table, table_header=chart.table_header)
