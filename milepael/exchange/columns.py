"""The columns of Milepæl's exchange workbooks, a small class each (after pretix's
`ImportColumn`): the key the code knows a column by, its Danish heading (the file format,
marked with gettext_noop), its width when written, and `clean`, which turns a cell into
the value the reader keeps or raises a `WorkbookFormatError` at that cell.

A reader walks a sheet found by `core.xlsx.with_headings` as `WorkbookRow`s
(`rows_of(sheet, columns)`) and asks `row.clean("number")`, or `row.error("number", …)` for
a problem it finds itself, so sheet, row and column travel with the row.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from milepael.core.imports import WorkbookFormatError
from milepael.core.richtext import fold_whitespace
from milepael.core.xlsx import Sheet, cell_integer, cell_text

from .plaintext import plain_to_rich_text


@dataclass(frozen=True)
class Column:
    """A column read as text, as a person typed it."""

    key: str
    heading: str
    width: float = 12

    def __iter__(self) -> Iterator:
        # core.xlsx writes columns and finds their headings as (key, heading, width).
        return iter((self.key, self.heading, self.width))

    def clean(self, value, where: dict):
        """The cell's value as the reader keeps it; `where` locates an error (sheet, row, column)."""
        return cell_text(value)


@dataclass(frozen=True)
class TextColumn(Column):
    """Text. A `required` text has its whitespace folded and may not be empty; it is at most
    `max_length` characters; `strip_end` is then dropped from its end (a number typed
    "3.04."), and `validator` (a Django validator) checks a text that is not empty."""

    required: bool = False
    max_length: int | None = None
    strip_end: str = ""
    validator: Callable[[str], None] | None = None

    def clean(self, value, where: dict) -> str:
        text = cell_text(value)
        if self.required:
            text = fold_whitespace(text)
            if not text:
                raise WorkbookFormatError(_("feltet må ikke være tomt."), **where)
        if self.max_length is not None and len(text) > self.max_length:
            raise WorkbookFormatError(
                _("teksten er for lang (%(length)d tegn; højst %(limit)d).")
                % {"length": len(text), "limit": self.max_length},
                **where,
            )
        if self.strip_end:
            text = text.rstrip(self.strip_end)
        if text and self.validator is not None:
            try:
                self.validator(text)
            except ValidationError as exc:
                message = " ".join(exc.messages)
                if text not in message:  # say which value it could not use
                    message = f"{message} " + _("Fandt »%(value)s«.") % {"value": text[:80]}
                raise WorkbookFormatError(message, **where) from exc
        return text


@dataclass(frozen=True)
class RichTextColumn(Column):
    """Rich text written as plain paragraphs (`plaintext`), read back as sanitised HTML."""

    def clean(self, value, where: dict) -> str:
        return plain_to_rich_text(cell_text(value))


@dataclass(frozen=True)
class IntegerColumn(Column):
    """A whole number."""

    def clean(self, value, where: dict) -> int:
        return cell_integer(value, where)


@dataclass(frozen=True)
class WorkbookRow:
    """One row of a sheet, read by its columns."""

    sheet: Sheet
    cells: tuple[int, list]  # (row number, values), as core.xlsx reads a sheet
    columns: dict[str, Column]  # by key

    @property
    def number(self) -> int:
        return self.cells[0]

    def value(self, key: str):
        """The cell under the column `key`, as stored."""
        return self.sheet.value(self.cells, key)

    def clean(self, key: str):
        """The cell under the column `key`, cleaned by its column."""
        return self.columns[key].clean(self.value(key), self.where(key))

    def where(self, key: str | None = None) -> dict:
        """Sheet, row and (with `key`) column, as `WorkbookFormatError` takes them."""
        if key is None:
            return {"sheet": self.sheet.name, "row": self.number}
        return self.sheet.where(self.cells, key, self.columns.values())

    def error(self, key: str | None, message: str) -> WorkbookFormatError:
        """`message` located at this row's cell under `key` (or at the row)."""
        return WorkbookFormatError(message, **self.where(key))


def rows_of(sheet: Sheet, columns: Sequence[Column]) -> list[WorkbookRow]:
    """The sheet's rows (blank ones left out), each read by `columns`."""
    by_key = {column.key: column for column in columns}
    return [WorkbookRow(sheet, cells, by_key) for cells in sheet.rows]
