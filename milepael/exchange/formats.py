"""Which reader handles an uploaded file, and what its format can say (one write path).

Every format is read into a `ParsedPlan` and written by `plan_import.import_plan`. The
format decides two things only: whether the file is the whole plan (the workbook: what
is missing from it is removed) and whether rich text arrives as plain paragraphs
(Excel and Word: a text that reads the same is left as stored). Whatever a reader or the
writer refuses is one of `milepael.core.imports.IMPORT_ERRORS`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .docx_plan import read_plan_docx
from .plan_import import PlanImportReport, import_plan
from .seed_plan import ParsedPlan, read_plan_text
from .uploads import SafeUpload
from .xlsx_plan import read_plan_xlsx


@dataclass(frozen=True)
class PlanFormat:
    read: Callable[[bytes], ParsedPlan]
    remove_missing: bool
    plain_rich_text: bool


PLAN_FORMATS = {
    "txt": PlanFormat(read=read_plan_text, remove_missing=False, plain_rich_text=False),
    "xlsx": PlanFormat(read=read_plan_xlsx, remove_missing=True, plain_rich_text=True),
    "docx": PlanFormat(read=read_plan_docx, remove_missing=False, plain_rich_text=True),
}


def import_upload(upload: SafeUpload, *, dry_run: bool = False) -> PlanImportReport:
    """Read a checked upload by its format and import it; raises one of `IMPORT_ERRORS`."""
    plan_format = PLAN_FORMATS[upload.format]
    return import_plan(
        plan_format.read(upload.data),
        dry_run=dry_run,
        remove_missing=plan_format.remove_missing,
        plain_rich_text=plan_format.plain_rich_text,
    )
