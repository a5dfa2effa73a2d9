"""The agreement's skeleton as a workbook (issue 17): one sheet »Skelet«, a row per
initiative with its theme, number, title, kind and responsible committee. The finance
department fills in the template (`skeleton_template_xlsx`) once; `import_skeleton` reads
it (every problem named by sheet, row and cell, with the value) and creates the plans from
it (`plans.services.create_plans_from_skeleton`): all or nothing, previewed as a dry run.
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from milepael.core.imports import FormatErrors, WorkbookFormatError, did_you_mean
from milepael.core.xlsx import headers, load_sheets, new_workbook, with_headings, workbook_bytes, write_sheet
from milepael.organisation.models import Committee
from milepael.plans.models import Agreement, Initiative, initiative_number_validator
from milepael.plans.services import SkeletonInitiative, SkeletonReport, create_plans_from_skeleton

from .columns import TextColumn, WorkbookRow, rows_of

# The sheet's name is part of the file format: Danish whatever the page's language.
SHEET = "Skelet"
COLUMNS = [
    TextColumn("theme", gettext_noop("Tema"), 40, required=True, max_length=300),
    TextColumn("number", gettext_noop("Nr."), 10, required=True, strip_end=".", validator=initiative_number_validator),
    TextColumn("title", gettext_noop("Titel"), 50, required=True, max_length=300),
    TextColumn("kind", gettext_noop("Art"), 16, required=True),
    TextColumn("committee", gettext_noop("Udvalg"), 30, required=True),
]
_THEME_RE = re.compile(r"^(?P<number>\d{1,3})\.?(?:\s+(?P<title>.+))?$")
# The kinds as the agreements write them (any case).
_KINDS = {str(label).casefold(): value for value, label in Initiative.Kind.choices}


def skeleton_template_xlsx() -> bytes:
    """The empty template: the sheet with its headings and one example row to overwrite."""
    with translation.override("da"):  # the headings are the file format
        workbook = new_workbook()
        example = ["1. Vision 2029", "1.01", "Indsatsens titel", "Drift", "Økonomiudvalget"]
        write_sheet(workbook, SHEET, headers(COLUMNS), [example], text_columns={2})
        return workbook_bytes(workbook, title="Aftalens skelet")


def read_skeleton_xlsx(data: bytes, agreement: Agreement) -> list[SkeletonInitiative]:
    """The skeleton's rows; `FormatErrors` with every problem found (none is written)."""
    sheet = with_headings(load_sheets(data, [SHEET]), SHEET, COLUMNS)
    committees = {committee.name.casefold(): committee for committee in Committee.objects.all()}
    stored_themes = dict(agreement.themes.values_list("number", "title"))
    reader = _Reader(committees, stored_themes)
    for row in rows_of(sheet, COLUMNS):
        reader.read(row)
    if not reader.rows and not reader.errors:
        reader.errors.append(
            WorkbookFormatError(_("arket har ingen indsatser under overskrifterne."), sheet=sheet.name)
        )
    if reader.errors:
        raise FormatErrors(reader.errors)
    return reader.rows


class _Reader:
    """Reads row by row, collecting every problem rather than stopping at the first."""

    def __init__(self, committees: dict[str, Committee], stored_themes: dict[int, str]):
        self.committees = committees
        self.themes: dict[int, str] = dict(stored_themes)
        self.sheet_themes: dict[int, tuple[str, int]] = {}  # number → (title, row) as the sheet has it
        self.numbers: dict[str, int] = {}  # initiative number → its row
        self.rows: list[SkeletonInitiative] = []
        self.errors: list[WorkbookFormatError] = []

    def read(self, row: WorkbookRow) -> None:
        try:
            self.rows.append(self._row(row))
        except WorkbookFormatError as error:
            self.errors.append(error)

    def _row(self, row: WorkbookRow) -> SkeletonInitiative:
        values = {column.key: row.clean(column.key) for column in COLUMNS}
        theme_number, theme_title = self._theme(row, values["theme"])
        number = values["number"]
        if number.split(".")[0] != str(theme_number):
            raise row.error(
                "number",
                _("nummeret »%(number)s« hører ikke til tema %(theme)d (det skal begynde med %(theme)d.).")
                % {"number": number, "theme": theme_number},
            )
        if number in self.numbers:
            raise row.error(
                "number",
                _("nummeret »%(number)s« står også i række %(row)d.") % {"number": number, "row": self.numbers[number]},
            )
        self.numbers[number] = row.number
        return SkeletonInitiative(
            theme_number=theme_number,
            theme_title=theme_title,
            number=number,
            title=values["title"],
            kind=self._kind(row, values["kind"]),
            committee=self._committee(row, values["committee"]),
        )

    def _theme(self, row: WorkbookRow, text: str) -> tuple[int, str]:
        match = _THEME_RE.match(text)
        if match is None:
            raise row.error(
                "theme",
                _("»%(value)s« er ikke et tema med nummer, fx »3. Sammenhængende udviklingsforløb«.")
                % {"value": text[:80]},
            )
        number, title = int(match["number"]), (match["title"] or "").strip()
        if not title:
            title = self.themes.get(number, "")
            if not title:
                raise row.error(
                    "theme", _("tema %(number)d har ingen titel; skriv fx »%(number)d. Titel«.") % {"number": number}
                )
        seen = self.sheet_themes.get(number)
        if seen is not None and seen[0] != title:
            raise row.error(
                "theme",
                _("tema %(number)d hedder »%(title)s« her, men »%(other)s« i række %(row)d.")
                % {"number": number, "title": title, "other": seen[0], "row": seen[1]},
            )
        self.sheet_themes.setdefault(number, (title, row.number))
        return number, title

    def _kind(self, row: WorkbookRow, text: str) -> str:
        kind = _KINDS.get(" ".join(text.split()).casefold())
        if kind is None:
            labels = [str(label) for _value, label in Initiative.Kind.choices]
            raise row.error(
                "kind",
                _("ukendt art »%(value)s«; skriv %(kinds)s.") % {"value": text[:40], "kinds": ", ".join(labels)}
                + did_you_mean(text, labels),
            )
        return kind

    def _committee(self, row: WorkbookRow, name: str) -> Committee:
        committee = self.committees.get(" ".join(name.split()).casefold())
        if committee is None:
            known = [c.name for c in self.committees.values()]
            raise row.error(
                "committee",
                _("udvalget »%(value)s« findes ikke i Milepæl.") % {"value": name[:80]} + did_you_mean(name, known),
            )
        return committee


def import_skeleton(data: bytes, agreement: Agreement, *, dry_run: bool = False) -> SkeletonReport:
    """Read the workbook and create the agreement's plans from it (see the module); raises
    one of `core.imports.IMPORT_ERRORS`, nothing written."""
    return create_plans_from_skeleton(agreement, read_skeleton_xlsx(data, agreement), dry_run=dry_run)
