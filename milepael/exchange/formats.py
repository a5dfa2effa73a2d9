"""Which reader handles an uploaded file, and what its format can say (one write path).

Every format is read into a `ParsedPlan` and written by `plan_import.import_plan`; every
file is the whole plan, so what is missing from it is removed (and shown first in the
preview). The kind of file is decided by its content (`uploads.check_upload`), never by
its name. The format decides one thing: whether rich text arrives as plain paragraphs
(Excel; Word, whose lists and emphasis the reports write differently from how they were
typed) — then a text that reads the same is left as stored. Whatever a reader or the
writer refuses is one of `milepael.core.imports.IMPORT_ERRORS`.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from .docx_plan import read_plan_docx
from .import_amounts import amount_suggestions, store_amounts
from .parsed import ParsedPlan
from .plan_import import PlanImportReport, confirm_plan, import_plan
from .seed_plan import read_plan_text
from .uploads import SafeUpload
from .xlsx_plan import read_plan_xlsx


@dataclass(frozen=True)
class PlanFormat:
    read: Callable[[bytes], ParsedPlan]
    plain_rich_text: bool


PLAN_FORMATS = {
    "txt": PlanFormat(read=read_plan_text, plain_rich_text=False),
    "xlsx": PlanFormat(read=read_plan_xlsx, plain_rich_text=True),
    "docx": PlanFormat(read=read_plan_docx, plain_rich_text=True),
}


def read_upload(upload: SafeUpload) -> ParsedPlan:
    """The upload read by its format, its own warnings (a misleading name) first."""
    parsed = PLAN_FORMATS[upload.format].read(upload.data)
    parsed.warnings[:0] = upload.warnings
    return parsed


def import_upload(
    upload: SafeUpload,
    *,
    dry_run: bool = False,
    department_choices: Mapping[str, int] | None = None,
    create_departments: bool = True,
) -> PlanImportReport:
    """Read a checked upload by its format and import it (see `plan_import.import_plan` for
    the keywords); raises one of `IMPORT_ERRORS`. A dry run's report carries the amounts
    the economy texts state (`import_amounts`), for the preview to offer."""
    parsed = read_upload(upload)
    suggestions = amount_suggestions(parsed) if dry_run else []
    report = import_plan(
        parsed,
        dry_run=dry_run,
        plain_rich_text=PLAN_FORMATS[upload.format].plain_rich_text,
        department_choices=department_choices,
        create_departments=create_departments,
    )
    report.amount_suggestions = suggestions
    return report


def confirm_upload(
    upload: SafeUpload,
    *,
    expected_fingerprint: str | None,
    department_choices: Mapping[str, int] | None = None,
    use_amounts: Collection[str] = (),
    user=None,
    progress=None,
) -> PlanImportReport:
    """Import a previewed upload with the user's decisions, if the preview still holds (see
    `plan_import.confirm_plan`), and store the suggested amounts of the initiatives
    `use_amounts` (numbers) in the import's write transaction; raises one of
    `IMPORT_ERRORS`, or `PreviewOutdated`."""
    parsed = read_upload(upload)
    suggestions = amount_suggestions(parsed) if use_amounts else []
    return confirm_plan(
        parsed,
        expected_fingerprint=expected_fingerprint,
        plain_rich_text=PLAN_FORMATS[upload.format].plain_rich_text,
        department_choices=department_choices,
        user=user,
        progress=progress,
        also=(lambda report: store_amounts(report.plan, suggestions, use_amounts, report)) if use_amounts else None,
    )
