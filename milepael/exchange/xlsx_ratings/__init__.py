"""One round's ratings of a plan as an Excel workbook (.xlsx), out and back in.

A department downloads the sheet »Vurderinger« (one row per initiative: number, title,
department and the round's milestone as read-only text; the effort and economy smileys as
the words Glad/Neutral/Sur/Ingen milepæl and Glad/Sur, the comments and the alternative
financing to fill in; the status, and a hidden, locked »Version« column), fills it in Excel
or LibreOffice and uploads it again. The sheet »Oplysninger« says which plan and round the
workbook belongs to. `layout` is the file format, `writer` writes it.

`import_ratings_xlsx` (`importer`) reads the rows (`reader`), compares every row with what
is stored and saves each changed row through `followup.services.save_rating` as the
uploading user, with the row's version as `expected_version` — the same rules and rights
as the web form. All or nothing: every problem is collected as a `WorkbookFormatError`
(sheet, row, column) and nothing is saved if there is any; a dry run (the preview) does
the same and always rolls back.

As the plan workbook (`xlsx_plan`), the sheet and column names are the file format and
are always written and read in Danish.
"""

from .importer import FieldChange, RatingsImportError, RatingsImportReport, RowChange, import_ratings_xlsx
from .writer import export_ratings_xlsx

__all__ = [
    "FieldChange",
    "RatingsImportError",
    "RatingsImportReport",
    "RowChange",
    "export_ratings_xlsx",
    "import_ratings_xlsx",
]
