"""Which reader handles an uploaded file, and what its format can say (one write path).

Every format is read into a `ParsedPlan` and written by `plan_import.import_plan`. The
format decides two things only: whether the file is the whole plan (the workbook: what
is missing from it is removed) and whether rich text arrives as plain paragraphs
(Excel and Word: a text that reads the same is left as stored).
"""

from collections.abc import Callable
from dataclasses import dataclass

from milepael.core.imports import DocumentFormatError, WorkbookFormatError

from .docx_plan import read_plan_docx
from .plan_import import ImportReport, PlanImportError, import_plan
from .seed_plan import ParsedPlan, PlanFormatError, decode_plan_bytes, parse_plan_text
from .uploads import SafeUpload
from .xlsx_plan import read_plan_xlsx

# Everything a reader or the import raises for a bad file; anything else is a bug.
IMPORT_ERRORS = (PlanFormatError, WorkbookFormatError, DocumentFormatError, PlanImportError)


@dataclass(frozen=True)
class PlanFormat:
    read: Callable[[bytes], ParsedPlan]
    remove_missing: bool
    plain_rich_text: bool


def _read_text(data: bytes) -> ParsedPlan:
    return parse_plan_text(decode_plan_bytes(data))


PLAN_FORMATS = {
    "txt": PlanFormat(read=_read_text, remove_missing=False, plain_rich_text=False),
    "xlsx": PlanFormat(read=read_plan_xlsx, remove_missing=True, plain_rich_text=True),
    "docx": PlanFormat(read=read_plan_docx, remove_missing=False, plain_rich_text=True),
}


def import_upload(upload: SafeUpload, *, dry_run: bool = False) -> ImportReport:
    """Read a checked upload by its format and import it; raises one of `IMPORT_ERRORS`."""
    plan_format = PLAN_FORMATS[upload.format]
    return import_plan(
        plan_format.read(upload.data),
        dry_run=dry_run,
        remove_missing=plan_format.remove_missing,
        plain_rich_text=plan_format.plain_rich_text,
    )
