"""The ratings workbook's sheets, columns and smiley words: the file format that `writer`
writes and `reader` reads, always in Danish (see the package docstring)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.utils import get_column_letter

from milepael.core.imports import WorkbookFormatError
from milepael.core.xlsx import cell_text
from milepael.followup.models import Economy, Effort

from ..columns import Column, IntegerColumn, TextColumn

RATINGS = gettext_noop("Vurderinger")
INFO = gettext_noop("Oplysninger")
EFFORT_WORDS = {
    Effort.GREEN: gettext_noop("Glad"),
    Effort.YELLOW: gettext_noop("Neutral"),
    Effort.RED: gettext_noop("Sur"),
    Effort.NO_MILESTONE: gettext_noop("Ingen milepæl"),
}
ECONOMY_WORDS = {Economy.GREEN: gettext_noop("Glad"), Economy.RED: gettext_noop("Sur")}


def normalise_newlines(text: str) -> str:
    """A comment as compared and saved: one kind of line break, no surrounding whitespace."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class SmileyColumn(Column):
    """A smiley written as its Danish word (Glad, Neutral, Sur, Ingen milepæl); the full
    labels ("Glad (grøn)") are understood too. Empty is no smiley."""

    words: Mapping[str, str] = field(default_factory=dict)  # value → word (gettext_noop)
    choices: type[models.TextChoices] | None = None

    @cached_property
    def values_by_word(self) -> dict[str, str]:
        """'glad' → 'green' etc., in Danish, the language the workbook is written in."""
        with translation.override("da"):
            lookup = {_(word).casefold(): value for value, word in self.words.items()}
            lookup.update({str(label).casefold(): value for value, label in self.choices.choices})
        return lookup

    def clean(self, value, where: dict) -> str:
        word = cell_text(value)
        if not word:
            return ""
        smiley = self.values_by_word.get(word.casefold())
        if smiley is None:
            raise WorkbookFormatError(
                _("ukendt smiley »%(value)s« (skriv %(choices)s).")
                % {"value": word[:40], "choices": ", ".join(_(w) for w in self.words.values())},
                **where,
            )
        return smiley

    def display(self, value: str) -> str:
        """A stored smiley as the word the sheet shows ("" for none)."""
        return _(self.words[value]) if value else ""


@dataclass(frozen=True)
class CommentColumn(Column):
    """A comment or the alternative financing: text, line breaks kept."""

    def clean(self, value, where: dict) -> str:
        return normalise_newlines(cell_text(value))


EFFORT = SmileyColumn("effort", gettext_noop("Indsats"), 15, words=EFFORT_WORDS, choices=Effort)
ECONOMY = SmileyColumn("economy", gettext_noop("Økonomi"), 12, words=ECONOMY_WORDS, choices=Economy)
COLUMNS = [
    # The number is checked against the plan by the reader; "3.04." is 3.04.
    TextColumn("number", gettext_noop("Nr."), 8, strip_end="."),
    Column("title", gettext_noop("Titel"), 36),
    Column("department", gettext_noop("Ansvarligt center"), 22),
    Column("milestone", gettext_noop("Milepæl"), 48),
    EFFORT,
    CommentColumn("effort_comment", gettext_noop("Kommentar til indsats"), 40),
    ECONOMY,
    CommentColumn("economy_comment", gettext_noop("Kommentar til økonomi"), 40),
    CommentColumn("alternative_financing", gettext_noop("Alternativ finansiering"), 40),
    Column("status", gettext_noop("Status"), 14),
    IntegerColumn("version", gettext_noop("Version"), 9),
]
HEADINGS = {column.key: column.heading for column in COLUMNS}
# The cells a department fills in; the rest is locked.
EDITABLE = ("effort", "effort_comment", "economy", "economy_comment", "alternative_financing")
SMILEYS = {column.key: column for column in (EFFORT, ECONOMY)}
# The sheet that says which plan and round the workbook belongs to: a label and a value a row.
INFO_COLUMNS = [
    Column("label", gettext_noop("Felt"), 18),
    Column("value", gettext_noop("Værdi"), 80),
]
INFO_FIELDS = [
    ("plan", gettext_noop("Udmøntning")),
    ("round", gettext_noop("Opfølgning")),
    ("plan_id", gettext_noop("Udmøntning-id")),
    ("round_id", gettext_noop("Opfølgning-id")),
]


def column_letter(key: str) -> str:
    """The letter of the ratings sheet's column `key` (A for the number)."""
    return get_column_letter([column.key for column in COLUMNS].index(key) + 1)
