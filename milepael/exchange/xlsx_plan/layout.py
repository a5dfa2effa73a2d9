"""The plan workbook's sheets and columns: the file format that `writer` writes and
`reader` reads. Names are marked for translation, but the workbook is always written and
read in Danish (see the package docstring)."""

import datetime
from dataclasses import dataclass
from functools import cache

from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from milepael.core.imports import WorkbookFormatError, did_you_mean
from milepael.core.richtext import fold_whitespace
from milepael.core.xlsx import cell_text
from milepael.organisation.models import Committee, Department
from milepael.plans.models import (
    Agreement,
    FollowUpRound,
    ImplementationPlan,
    Initiative,
    Theme,
    case_id_validator,
    initiative_number_validator,
)

from ..columns import Column, IntegerColumn, RichTextColumn, TextColumn
from ..parsed import PlanFormatError
from ..plan_header import parse_danish_date

INITIATIVES = gettext_noop("Indsatser")
MILESTONES = gettext_noop("Milepæle")
ROUNDS = gettext_noop("Opfølgninger")
PLAN = gettext_noop("Udmøntning")
# Written for reading, never imported (issue 17): the amounts in force and their totals.
ECONOMY = gettext_noop("Økonomi")
ECONOMY_TOTALS = gettext_noop("Økonomi i alt")


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


@cache
def _kinds_by_label() -> dict[str, str]:
    """'anlæg og drift' → the kind's value; the Danish labels as the workbook writes them."""
    with translation.override("da"):
        return {str(label).casefold(): value for value, label in Initiative.Kind.choices}


@dataclass(frozen=True)
class KindColumn(Column):
    """The initiative's kind, by its Danish label (Drift, Anlæg, Anlæg og drift)."""

    def clean(self, value, where: dict) -> str:
        label = cell_text(value)
        kind = _kinds_by_label().get(fold_whitespace(label).casefold())
        if kind is None:
            with translation.override("da"):
                labels = [str(label) for _value, label in Initiative.Kind.choices]
            raise WorkbookFormatError(
                _("ukendt type »%(kind)s« (forventede Drift, Anlæg eller Anlæg og drift).%(suggestion)s")
                % {"kind": label, "suggestion": did_you_mean(label, labels)},
                **where,
            )
        return kind


@dataclass(frozen=True)
class BudgetYearColumn(IntegerColumn):
    """The agreement's budget year."""

    def clean(self, value, where: dict) -> int:
        year = super().clean(value, where)
        if not 2000 <= year <= 2999:
            raise WorkbookFormatError(_("budgetåret skal være mellem 2000 og 2999."), **where)
        return year


@dataclass(frozen=True)
class DateColumn(Column):
    """A date: a date cell, or text such as 22-12-2017 or 22. december 2017; empty is no date."""

    PATTERNS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d")

    def clean(self, value, where: dict) -> datetime.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        for pattern in self.PATTERNS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                pass
        try:
            return parse_danish_date(text, 0)
        except PlanFormatError as exc:
            raise WorkbookFormatError(
                _("datoen »%(value)s« kan ikke læses (skriv fx 22-12-2017).") % {"value": text[:40]}, **where
            ) from exc


INITIATIVE_COLUMNS = [
    TextColumn(
        "number",
        gettext_noop("Nummer"),
        10,
        required=True,
        max_length=_max_length(Initiative, "number"),
        strip_end=".",
        validator=initiative_number_validator,
    ),
    TextColumn("title", gettext_noop("Titel"), 40, required=True, max_length=_max_length(Initiative, "title")),
    KindColumn("kind", gettext_noop("Type"), 15),
    IntegerColumn("theme_number", gettext_noop("Tema nr."), 9),
    TextColumn("theme_title", gettext_noop("Tema titel"), 32, required=True, max_length=_max_length(Theme, "title")),
    TextColumn(
        "department", gettext_noop("Ansvarligt center"), 28, required=True, max_length=_max_length(Department, "name")
    ),
    TextColumn(
        "committee", gettext_noop("Ansvarligt udvalg"), 22, required=True, max_length=_max_length(Committee, "name")
    ),
    Column("contributors", gettext_noop("Væsentlig bidragsyder"), 32),
    RichTextColumn("description", gettext_noop("Beskrivelse"), 80),
    RichTextColumn("note", gettext_noop("Gennemførelse"), 50),
    RichTextColumn("economy", gettext_noop("Økonomi"), 50),
]
MILESTONE_COLUMNS = [
    TextColumn("number", gettext_noop("Nummer"), 10, required=True, max_length=20, strip_end="."),
    TextColumn("round", gettext_noop("Opfølgning"), 26, required=True, max_length=100),
    RichTextColumn("text", gettext_noop("Milepæl"), 90),
]
ROUND_COLUMNS = [
    IntegerColumn("ordinal", gettext_noop("Nr."), 6),
    TextColumn("name", gettext_noop("Navn"), 32, required=True, max_length=_max_length(FollowUpRound, "name")),
]
# The plan header sheet has a field a row: its label in the first column, its value in the second.
PLAN_COLUMNS = [
    Column("label", gettext_noop("Felt"), 30),
    Column("value", gettext_noop("Værdi"), 100),
]
# The header's fields, in the order written; each value cell is read like a column's cell
# (the heading is the field's label).
PLAN_FIELDS = [
    TextColumn("title", gettext_noop("Titel"), required=True, max_length=_max_length(ImplementationPlan, "title")),
    TextColumn("agreement", gettext_noop("Aftale"), required=True, max_length=_max_length(Agreement, "title")),
    BudgetYearColumn("budget_year", gettext_noop("Budgetår")),
    TextColumn("committee", gettext_noop("Udvalg"), required=True, max_length=_max_length(Committee, "name")),
    DateColumn("date", gettext_noop("Dato")),
    TextColumn("contact_person", gettext_noop("Kontakt"), max_length=200),
    TextColumn("phone", gettext_noop("Telefon"), max_length=40),
    TextColumn("email", gettext_noop("E-mail"), validator=validate_email),
    TextColumn("case_id", gettext_noop("Sagsid"), validator=case_id_validator),
    RichTextColumn("intro", gettext_noop("Indledning")),
    Column("effort_green", gettext_noop("Glad smiley (indsats)")),
    Column("effort_yellow", gettext_noop("Neutral smiley (indsats)")),
    Column("effort_red", gettext_noop("Sur smiley (indsats)")),
    RichTextColumn("economy_intro", gettext_noop("Indledning til økonomi")),
    Column("economy_green", gettext_noop("Glad smiley (økonomi)")),
    Column("economy_red", gettext_noop("Sur smiley (økonomi)")),
]
# A header without these rows is not a plan.
REQUIRED_FIELDS = ("title", "agreement", "budget_year", "committee")

# (key, heading, width) of the economy sheets (core.xlsx.headers); amounts in whole kroner.
ECONOMY_COLUMNS = [
    ("theme_number", gettext_noop("Tema nr."), 9),
    ("theme_title", gettext_noop("Tema titel"), 32),
    ("number", gettext_noop("Nummer"), 10),
    ("title", gettext_noop("Titel"), 40),
    ("year", gettext_noop("År"), 8),
    ("kind", gettext_noop("Art"), 10),
    ("sign", gettext_noop("Fortegn"), 12),
    ("amount_kr", gettext_noop("Beløb (kr.)"), 16),
    ("basis", gettext_noop("Grundlag"), 30),
]
ECONOMY_TOTAL_COLUMNS = [
    ("theme_number", gettext_noop("Tema nr."), 9),
    ("theme_title", gettext_noop("Tema titel"), 40),
    ("kind", gettext_noop("Art"), 10),
    ("sign", gettext_noop("Fortegn"), 12),
    ("amount_kr", gettext_noop("Beløb i budgetperioden (kr.)"), 22),
]
