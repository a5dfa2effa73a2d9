"""An implementation plan as an Excel workbook (.xlsx), out and back in.

The workbook has four sheets: »Indsatser« (one row per initiative), »Milepæle« (one row
per initiative and round), »Opfølgninger« (the rounds) and »Udmøntning« (the plan
header, one field per row). Rich text travels as plain paragraphs separated by blank
lines (`milepael.exchange.plaintext`).

The sheet and column names are the file format (`layout`), so the workbook is always
written in Danish, whatever language the user has picked, and read back by those names
(columns may be moved). `export_plan_xlsx` (`writer`) writes it; `read_plan_xlsx`
(`reader`) turns a workbook — edited in Excel or LibreOffice — into a `ParsedPlan` for
`plan_import.import_plan`, or raises `WorkbookFormatError` naming sheet, row and column.
The workbook is the whole plan: initiatives and milestone rows missing from it are
removed on import (`remove_missing=True`).
"""

from .reader import read_plan_xlsx
from .writer import export_plan_xlsx

__all__ = ["export_plan_xlsx", "read_plan_xlsx"]
