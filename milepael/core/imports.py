"""What every importer shares. For now: the errors a reader raises for a file that does
not have the expected layout.

Every such error is a `FormatError`: a `location` a person can find in the file (Danish,
such as "Linje 12", "Ark »Indsatser«, række 4, kolonne B (Titel)", "Afsnit 7" or
"Tabel 3, række 2") and a `message` saying what is wrong there; `str()` gives
"location: message", the way the import pages and commands show it.
"""

from django.utils.translation import gettext as _


class FormatError(ValueError):
    """A file does not have the expected layout at `location`."""

    def __init__(self, location: str, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


class LineFormatError(FormatError):
    """A text file does not have the expected layout at `line` (1-based)."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(_("Linje %(line)d") % {"line": line}, message)


class WorkbookFormatError(FormatError):
    """A workbook does not have the expected layout; names sheet, row and column where known."""

    def __init__(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        self.sheet, self.row, self.column = sheet, row, column
        if sheet and row and column:
            location = _("Ark »%(sheet)s«, række %(row)d, kolonne %(column)s") % {
                "sheet": sheet,
                "row": row,
                "column": column,
            }
        elif sheet and row:
            location = _("Ark »%(sheet)s«, række %(row)d") % {"sheet": sheet, "row": row}
        elif sheet:
            location = _("Ark »%(sheet)s«") % {"sheet": sheet}
        else:
            location = _("Excel-arket")
        super().__init__(location, message)


class DocumentFormatError(FormatError):
    """A Word document does not have the expected layout; `location` names the paragraph
    or table row ("Afsnit 7", "Tabel 3, række 2")."""
