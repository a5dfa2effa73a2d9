"""Excel workbooks (.xlsx, openpyxl), written and read the same way everywhere.

Writing: `new_workbook`, then `write_sheet` per sheet — a bold header row with column
widths, the data rows with every text cell guarded, wrapped text, a frozen header and,
optionally, an Excel table or an autofilter — and `workbook_bytes` with Danish document
properties. The guard: characters a workbook cannot hold are removed (`core.text`), and a text that
starts with "=" stays text, so a user's text never becomes a formula (CSV/formula
injection).

Reading: `load_sheets` gives the wanted sheets' non-blank rows (a damaged or hostile file
is one clear `WorkbookFormatError`), `with_headings` finds the columns by their Danish
headings (columns may be moved, extra ones are ignored), and `cell_text` /
`cell_integer` read a cell the way a person typed it.
"""

import datetime
import io
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .formatting import spell_out_danish
from .imports import WorkbookFormatError, closest
from .richtext import fold_whitespace
from .text import clean_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# More rows than any plan has; stops a sheet of a million blank-but-formatted rows early.
MAX_ROWS = 5000
MAX_COLUMNS = 40
SHEET_TITLE_LENGTH = 31  # Excel's limit

_WRAP = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(bold=True)


# --- writing ------------------------------------------------------------------------------


def new_workbook() -> Workbook:
    """A workbook without sheets; `write_sheet` adds them in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def headers(columns) -> list[tuple[str, float]]:
    """(heading, width) of column specs (key, heading marked by gettext_noop, width), the
    headings translated into the active language."""
    return [(_(heading), width) for _key, heading, width in columns]


def _guarded(value):
    if isinstance(value, str):
        return clean_text(value)  # what a workbook cannot hold (core.text)
    return value


def _append(sheet: Worksheet, values: Sequence, text_columns: Collection[int]) -> None:
    sheet.append([_guarded(value) for value in values])
    for cell in sheet[sheet.max_row]:
        cell.alignment = _WRAP
        if isinstance(cell.value, str):
            # Text is text: openpyxl would store a text beginning with "=" as a formula.
            cell.data_type = "s"
        if cell.column in text_columns:
            cell.number_format = "@"


def _table_name(title: str) -> str:
    """An Excel table's name: letters, digits and _ only (Udmøntning → Udmoentning)."""
    return re.sub(r"[^A-Za-z0-9_]", "", spell_out_danish(title)) or "Tabel"


def write_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[tuple[str, float]],
    rows: Iterable[Sequence],
    *,
    text_columns: Collection[int] = (),
    freeze: str | None = "A2",
    table: bool = False,
    autofilter: bool = False,
    landscape: bool = False,
) -> Worksheet:
    """Add the sheet `title`: a bold header row of (heading, width in characters), then
    `rows`, every cell wrapped at the top and every text cell guarded (see the module).

    `text_columns` (1-based) are formatted as text, so 2.10 typed in Excel stays 2.10.
    `freeze` is the first cell below and right of the frozen panes (None: nothing frozen).
    `table` lays an Excel table over the sheet, `autofilter` only filter buttons.
    Printed, the sheet is A4 (`landscape` or portrait), as wide as the paper, with the
    header row on every page."""
    if table and autofilter:
        raise ValueError("an Excel table has its own filter; ask for the table or the autofilter")
    sheet = workbook.create_sheet(title[:SHEET_TITLE_LENGTH])
    _append(sheet, [heading for heading, _width in headers], text_columns)
    for values in rows:
        _append(sheet, values, text_columns)
    for index, (_heading, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = _BOLD
    sheet.freeze_panes = freeze
    _print_setup(sheet, landscape=landscape)
    if table:
        last = f"{get_column_letter(len(headers))}{max(sheet.max_row, 2)}"
        excel_table = Table(displayName=_table_name(sheet.title), ref=f"A1:{last}")
        excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        sheet.add_table(excel_table)
    if autofilter:
        sheet.auto_filter.ref = sheet.dimensions
    return sheet


def _print_setup(sheet: Worksheet, *, landscape: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    # Fit every column onto the paper's width; as many pages down as the rows need.
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"


def workbook_bytes(workbook: Workbook, *, title: str) -> bytes:
    """The workbook as .xlsx bytes, titled, in Danish, made by Milepæl."""
    workbook.properties.title = title
    workbook.properties.language = "da-DK"
    workbook.properties.creator = "Milepæl"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading ------------------------------------------------------------------------------


@dataclass
class Sheet:
    """A sheet's rows as plain values, and where each heading stands."""

    name: str
    rows: list[tuple[int, list]]  # (row number, values), blank rows left out
    columns: dict[str, int]  # key -> 0-based index

    def value(self, row: tuple[int, list], key: str):
        """The value in `row` under the heading `key` (None past the row's end)."""
        values = row[1]
        index = self.columns[key]
        return values[index] if index < len(values) else None

    def where(self, row: tuple[int, list], key: str, headings) -> dict:
        """Sheet, row and column of a cell, as `WorkbookFormatError` takes them."""
        heading = dict((k, h) for k, h, *_rest in headings)[key]
        column = f"{get_column_letter(self.columns[key] + 1)} ({_(heading)})"
        return {"sheet": self.name, "row": row[0], "column": column}


def load_sheets(data: bytes, wanted: list[str]) -> dict[str, list[tuple[int, list]]]:
    """The wanted sheets' non-blank rows. Anything openpyxl trips over is one clear error."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise WorkbookFormatError(_("filen kan ikke læses som et Excel-ark (.xlsx).")) from exc
    try:
        sheets = {}
        for name in wanted:
            if name not in workbook.sheetnames:
                raise WorkbookFormatError(_("arbejdsbogen mangler arket »%(sheet)s«.") % {"sheet": name})
            sheet = workbook[name]
            if not hasattr(sheet, "iter_rows"):  # a chart sheet with the name
                raise WorkbookFormatError(_("arket er ikke et regneark."), sheet=name)
            # Third-party writers often store a wrong size; read what is there instead.
            sheet.reset_dimensions()
            rows = []
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                if number > MAX_ROWS:
                    raise WorkbookFormatError(
                        _("arket har flere end %(limit)d rækker.") % {"limit": MAX_ROWS}, sheet=name
                    )
                values = [_cell_value(v) for v in values]
                if any(v not in (None, "") for v in values):
                    rows.append((number, values))
            sheets[name] = rows
        return sheets
    except WorkbookFormatError:
        raise
    except Exception as exc:
        raise WorkbookFormatError(_("filen kan ikke læses som et Excel-ark (.xlsx).")) from exc
    finally:
        workbook.close()


# How OOXML writes a character XML cannot hold (Excel: U+000B, pasted from Word, is _x000B_).
_OOXML_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _cell_value(value):
    if isinstance(value, str):
        # openpyxl leaves the escapes as text: read them as the characters, then clean those.
        value = _OOXML_ESCAPE_RE.sub(lambda match: chr(int(match.group(1), 16)), value)
        value = clean_text(value).strip()
        return value or None
    return value


def normalise_heading(value) -> str:
    """A heading as compared: whitespace folded, no trailing colon, case folded."""
    return fold_whitespace(str(value or "")).rstrip(":").casefold()


def with_headings(raw: dict, name: str, columns) -> Sheet:
    """The sheet `name` of `load_sheets`' result with its columns found by heading.
    `columns` are (key, heading, …) with the headings marked by gettext_noop; they are
    matched in Danish, the language the workbooks are written in."""
    rows = raw[name]
    if not rows or rows[0][0] != 1:
        raise WorkbookFormatError(_("første række skal være kolonneoverskrifterne."), sheet=name, row=1)
    with translation.override("da"):
        wanted = {normalise_heading(_(heading)): key for key, heading, *_rest in columns}
        headings = {key: _(heading) for key, heading, *_rest in columns}
    found: dict[str, int] = {}
    for index, value in enumerate(rows[0][1]):
        key = wanted.get(normalise_heading(value))
        if key is None:
            continue  # an extra column the user added; ignored
        if key in found:
            raise WorkbookFormatError(
                _("kolonnen »%(heading)s« står to gange.") % {"heading": headings[key]},
                sheet=name,
                row=1,
                column=get_column_letter(index + 1),
            )
        found[key] = index
    missing = [headings[key] for key, _heading, *_rest in columns if key not in found]
    if missing:
        # A heading typed a little differently is most likely the missing column.
        unused = [str(value) for index, value in enumerate(rows[0][1]) if value and index not in found.values()]
        found_instead = closest(missing[0], unused) if len(missing) == 1 else ""
        suggestion = " " + _("Er det kolonnen »%(found)s«?") % {"found": found_instead} if found_instead else ""
        raise WorkbookFormatError(
            _("mangler kolonnen »%(heading)s« i første række.%(suggestion)s")
            % {"heading": "«, »".join(missing), "suggestion": suggestion},
            sheet=name,
            row=1,
        )
    return Sheet(name=name, rows=rows[1:], columns=found)


def cell_text(value) -> str:
    """A cell as text: numbers as typed (2018, not 2018.0), dates as dd-mm-yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def cell_integer(value, error: dict) -> int:
    """A cell as a whole number (at most six digits); `error` says where, if it is not."""
    text = cell_text(value)
    if not re.fullmatch(r"\d{1,6}", text):
        raise WorkbookFormatError(_("»%(value)s« er ikke et helt tal.") % {"value": text[:40]}, **error)
    return int(text)
