"""One round's ratings of a plan as an Excel workbook (.xlsx), out and back in.

A department downloads the sheet »Vurderinger« (one row per initiative: number, title,
department and the round's milestone as read-only text; the effort and economy smileys as
the words Glad/Neutral/Sur/Ingen milepæl and Glad/Sur, the comments and the alternative
financing to fill in; the status, and a hidden, locked »Version« column), fills it in Excel
or LibreOffice and uploads it again. The sheet »Oplysninger« says which plan and round the
workbook belongs to.

`import_ratings_xlsx` compares every row with what is stored and saves each changed row
through `followup.services.save_rating` as the uploading user, with the row's version as
`expected_version` — the same rules and rights as the web form. All or nothing: every
problem is collected as a `WorkbookFormatError` (sheet, row, column) and nothing is saved
if there is any; a dry run (the preview) does the same and always rolls back.

As the plan workbook (`xlsx_plan`), the sheet and column names are the file format and
are always written and read in Danish.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from milepael.core import xlsx
from milepael.core.imports import WorkbookFormatError
from milepael.followup import services
from milepael.followup.models import Economy, Effort, Rating
from milepael.organisation import permissions
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative, Milestone

from .plaintext import rich_text_to_plain

RATINGS = gettext_noop("Vurderinger")
INFO = gettext_noop("Oplysninger")
COLUMNS = [
    ("number", gettext_noop("Nr."), 8),
    ("title", gettext_noop("Titel"), 36),
    ("department", gettext_noop("Ansvarligt center"), 22),
    ("milestone", gettext_noop("Milepæl"), 48),
    ("effort", gettext_noop("Indsats"), 15),
    ("effort_comment", gettext_noop("Kommentar til indsats"), 40),
    ("economy", gettext_noop("Økonomi"), 12),
    ("economy_comment", gettext_noop("Kommentar til økonomi"), 40),
    ("alternative_financing", gettext_noop("Alternativ finansiering"), 40),
    ("status", gettext_noop("Status"), 14),
    ("version", gettext_noop("Version"), 9),
]
# The sheet that says which plan and round the workbook belongs to: a label and a value a row.
INFO_COLUMNS = [
    ("label", gettext_noop("Felt"), 18),
    ("value", gettext_noop("Værdi"), 80),
]
EDITABLE = ("effort", "effort_comment", "economy", "economy_comment", "alternative_financing")
INFO_FIELDS = [
    ("plan", gettext_noop("Udmøntning")),
    ("round", gettext_noop("Opfølgning")),
    ("plan_id", gettext_noop("Udmøntning-id")),
    ("round_id", gettext_noop("Opfølgning-id")),
]
EFFORT_WORDS = {
    Effort.GREEN: gettext_noop("Glad"),
    Effort.YELLOW: gettext_noop("Neutral"),
    Effort.RED: gettext_noop("Sur"),
    Effort.NO_MILESTONE: gettext_noop("Ingen milepæl"),
}
ECONOMY_WORDS = {Economy.GREEN: gettext_noop("Glad"), Economy.RED: gettext_noop("Sur")}
EDITABLE_FILL = PatternFill("solid", fgColor="FFF8E1")


def _column(key: str) -> str:
    return get_column_letter([k for k, _h, _w in COLUMNS].index(key) + 1)


# --- export -------------------------------------------------------------------------------


def rows_for(plan: ImplementationPlan, user) -> list[Initiative]:
    """The initiatives the user rates (all for an administrator); everything for a reader."""
    initiatives = list(plan.initiatives.select_related("responsible_department").order_by("sort_key"))
    return [i for i in initiatives if permissions.can_rate(user, i)] or initiatives


def export_ratings_xlsx(plan: ImplementationPlan, round_: FollowUpRound, user) -> bytes:
    with translation.override("da"):
        return xlsx.workbook_bytes(_build(plan, round_, user), title=f"{_(RATINGS)}: {plan.title} · {round_.name}")


def _build(plan: ImplementationPlan, round_: FollowUpRound, user) -> Workbook:
    initiatives = rows_for(plan, user)
    ratings = {r.initiative_id: r for r in Rating.objects.filter(round=round_, initiative__plan=plan)}
    milestones = {m.initiative_id: m for m in Milestone.objects.filter(round=round_, initiative__plan=plan)}
    workbook = xlsx.new_workbook()
    rows = []
    for initiative in initiatives:
        rating = ratings.get(initiative.pk)
        milestone = milestones.get(initiative.pk)
        milestone_text = rich_text_to_plain(milestone.text) if milestone and not milestone.is_blank else ""
        rows.append(
            [
                initiative.number,
                initiative.title,
                initiative.responsible_department.name,
                milestone_text or _("Ingen milepæl i denne opfølgning"),
                _(EFFORT_WORDS[rating.effort]) if rating and rating.effort else "",
                rating.effort_comment if rating else "",
                _(ECONOMY_WORDS[rating.economy]) if rating and rating.economy else "",
                rating.economy_comment if rating else "",
                rating.alternative_financing if rating else "",
                rating.get_status_display() if rating else _("Ikke påbegyndt"),
                rating.version if rating else 0,
            ]
        )
    number_column = [k for k, _h, _w in COLUMNS].index("number") + 1
    sheet = xlsx.write_sheet(
        workbook, _(RATINGS), xlsx.headers(COLUMNS), rows, text_columns={number_column}, freeze="B2"
    )
    editable = {_column(key) for key in EDITABLE}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column_letter in editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
    sheet.column_dimensions[_column("version")].hidden = True
    last = max(sheet.max_row, 2)
    for key, words in (("effort", EFFORT_WORDS), ("economy", ECONOMY_WORDS)):
        choices = ",".join(_(word) for word in words.values())
        validation = DataValidation(
            type="list",
            formula1=f'"{choices}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Ugyldig smiley"),
            error=_("Vælg en af: %(choices)s") % {"choices": choices.replace(",", ", ")},
        )
        validation.add(f"{_column(key)}2:{_column(key)}{last}")
        sheet.add_data_validation(validation)
    # Locked: the texts from Milepæl and the version; the cells to fill in are unlocked above.
    sheet.protection.sheet = True

    values = {"plan": plan.title, "round": round_.name, "plan_id": plan.pk, "round_id": round_.pk}
    info = xlsx.write_sheet(
        workbook,
        _(INFO),
        xlsx.headers(INFO_COLUMNS),
        [[_(label), values[key]] for key, label in INFO_FIELDS],
        freeze=None,
    )
    info.protection.sheet = True
    return workbook


# --- import -------------------------------------------------------------------------------


class RatingsImportError(ValueError):
    """The workbook cannot be imported; `errors` are `WorkbookFormatError`s (sheet, row, column)."""

    def __init__(self, errors: list[WorkbookFormatError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class RowChange:
    row: int
    number: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class RatingsImportReport:
    plan: ImplementationPlan
    round: FollowUpRound
    submit: bool
    dry_run: bool
    changes: list[RowChange] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Row:
    row: int
    initiative: Initiative
    data: services.RatingInput
    version: int


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _words_to_values(words: dict) -> dict[str, str]:
    """'glad' → 'green' etc., also the full labels ('glad (grøn)'), in Danish."""
    with translation.override("da"):
        lookup = {_(word).casefold(): value for value, word in words.items()}
        choices = Effort if words is EFFORT_WORDS else Economy
        lookup.update({str(label).casefold(): value for value, label in choices.choices})
    return lookup


def import_ratings_xlsx(data: bytes, *, round_: FollowUpRound, user, submit: bool, dry_run: bool):
    """Save the workbook's changed ratings (or, with dry_run, only check and report them).

    Raises `RatingsImportError` listing every problem; then nothing is saved."""
    with translation.override("da"):
        sheet_name, info_name = _(RATINGS), _(INFO)
    try:
        raw = xlsx.load_sheets(data, [sheet_name, info_name])
        plan = _read_info(xlsx.with_headings(raw, info_name, INFO_COLUMNS), round_)
        sheet = xlsx.with_headings(raw, sheet_name, COLUMNS)
    except WorkbookFormatError as exc:
        raise RatingsImportError([exc]) from exc
    if not round_.is_open:
        raise RatingsImportError(
            [
                WorkbookFormatError(
                    _("opfølgningen »%(round)s« er ikke åben, så vurderinger kan ikke indlæses.")
                    % {"round": round_.name},
                    sheet=sheet_name,
                )
            ]
        )
    rows, errors = _read_rows(sheet, plan)
    if errors:
        raise RatingsImportError(errors)
    report = RatingsImportReport(plan=plan, round=round_, submit=submit, dry_run=dry_run)
    with transaction.atomic():
        for row in rows:
            _apply(row, sheet, report, errors, round_=round_, user=user, submit=submit)
        if errors or dry_run:
            transaction.set_rollback(True)
    if errors:
        raise RatingsImportError(errors)
    return report


def _read_info(sheet: xlsx.Sheet, round_: FollowUpRound) -> ImplementationPlan:
    with translation.override("da"):
        by_label = {_(label).casefold(): key for key, label in INFO_FIELDS}
    values = {}
    for row in sheet.rows:
        key = by_label.get(xlsx.cell_text(sheet.value(row, "label")).casefold())
        if key:
            values[key] = (sheet.value(row, "value"), sheet.where(row, "value", INFO_COLUMNS))
    for key in ("plan_id", "round_id"):
        if key not in values:
            label = dict(INFO_FIELDS)[key]
            raise WorkbookFormatError(_("mangler rækken »%(label)s«.") % {"label": _(label)}, sheet=sheet.name)
    round_id = xlsx.cell_integer(*values["round_id"])
    if round_id != round_.pk:
        other = FollowUpRound.objects.filter(pk=round_id).first()
        raise WorkbookFormatError(
            _(
                "arket er hentet til opfølgningen »%(other)s«, ikke »%(round)s«. Indlæs det under den rigtige opfølgning."
            )
            % {"other": other.name if other else round_id, "round": round_.name},
            **values["round_id"][1],
        )
    plan = ImplementationPlan.objects.filter(
        pk=xlsx.cell_integer(*values["plan_id"]), agreement_id=round_.agreement_id
    ).first()
    if plan is None:
        raise WorkbookFormatError(
            _("udmøntningen findes ikke i aftalen for »%(round)s«.") % {"round": round_.name}, **values["plan_id"][1]
        )
    return plan


def _read_rows(sheet: xlsx.Sheet, plan: ImplementationPlan) -> tuple[list[_Row], list[WorkbookFormatError]]:
    initiatives = {i.number: i for i in plan.initiatives.select_related("responsible_department")}
    efforts, economies = _words_to_values(EFFORT_WORDS), _words_to_values(ECONOMY_WORDS)
    rows: list[_Row] = []
    errors: list[WorkbookFormatError] = []
    seen: dict[str, int] = {}
    for row in sheet.rows:

        def where(key: str, row=row) -> dict:
            return sheet.where(row, key, COLUMNS)

        row_errors = []
        number = xlsx.cell_text(sheet.value(row, "number")).rstrip(".")
        initiative = initiatives.get(number)
        if not number:
            row_errors.append(WorkbookFormatError(_("feltet må ikke være tomt."), **where("number")))
        elif initiative is None:
            row_errors.append(
                WorkbookFormatError(
                    _("indsats %(number)s findes ikke i udmøntningen.") % {"number": number[:20]}, **where("number")
                )
            )
        elif number in seen:
            row_errors.append(
                WorkbookFormatError(
                    _("indsats %(number)s står også i række %(row)d.") % {"number": number, "row": seen[number]},
                    **where("number"),
                )
            )
        seen.setdefault(number, row[0])
        values = {}
        for key, lookup, words in (("effort", efforts, EFFORT_WORDS), ("economy", economies, ECONOMY_WORDS)):
            word = xlsx.cell_text(sheet.value(row, key))
            values[key] = lookup.get(word.casefold(), "") if word else ""
            if word and not values[key]:
                row_errors.append(
                    WorkbookFormatError(
                        _("ukendt smiley »%(value)s« (skriv %(choices)s).")
                        % {"value": word[:40], "choices": ", ".join(_(w) for w in words.values())},
                        **where(key),
                    )
                )
        for key in ("effort_comment", "economy_comment", "alternative_financing"):
            values[key] = _normalise(xlsx.cell_text(sheet.value(row, key)))
        try:
            version = xlsx.cell_integer(sheet.value(row, "version"), where("version"))
        except WorkbookFormatError as exc:
            row_errors.append(exc)
            version = 0
        errors.extend(row_errors)
        if not row_errors:
            rows.append(_Row(row[0], initiative, services.RatingInput(**values), version))
    return rows, errors


def _display(key: str, value: str) -> str:
    if key == "effort" and value:
        return _(EFFORT_WORDS[value])
    if key == "economy" and value:
        return _(ECONOMY_WORDS[value])
    return value


def _apply(row: _Row, sheet: xlsx.Sheet, report: RatingsImportReport, errors: list, *, round_, user, submit) -> None:
    """Compare the row with the stored rating; save it through the rules when it changed."""
    current = Rating.objects.filter(initiative=row.initiative, round=round_).select_related("updated_by").first()
    new = row.data
    if new.economy != Economy.RED:
        new.alternative_financing = ""  # as save_rating stores it
    headings = {key: heading for key, heading, _width in COLUMNS}
    changes = []
    for key in EDITABLE:
        before = getattr(current, key) if current else ""
        if _normalise(before) != getattr(new, key):
            changes.append(FieldChange(_(headings[key]), _display(key, before), _display(key, getattr(new, key))))
    if current is None and not any(new.__dict__.values()):
        report.unchanged += 1  # an empty row for an initiative not rated yet
        return
    submitting = submit and (current is None or current.status in (Rating.Status.DRAFT, Rating.Status.RETURNED))
    target_status = Rating.Status.SUBMITTED if submit else Rating.Status.DRAFT
    if changes or submitting:
        before_status = current.get_status_display() if current else _("Ikke påbegyndt")
        if before_status != target_status.label:
            changes.append(FieldChange(_(headings["status"]), before_status, str(target_status.label)))
    else:
        report.unchanged += 1
        return

    def error(key: str | None, message: str) -> None:
        where = sheet.where((row.row, []), key, COLUMNS) if key else {"sheet": sheet.name, "row": row.row}
        errors.append(WorkbookFormatError(message, **where))

    try:
        with transaction.atomic():
            services.save_rating(
                initiative=row.initiative,
                round_=round_,
                user=user,
                data=new,
                expected_version=row.version,
                submit=submit,
            )
    except PermissionDenied:
        error(
            "number",
            _("du har ikke adgang til at vurdere indsats %(number)s (ansvarligt center: %(department)s).")
            % {"number": row.initiative.number, "department": row.initiative.responsible_department.name},
        )
        return
    except services.RatingConflict as conflict:
        stored = conflict.current
        who = stored.updated_by.get_full_name() or stored.updated_by.username if stored.updated_by else "–"
        error(
            "version",
            _(
                "vurderingen er ændret i Milepæl af %(who)s, efter arket blev hentet (version %(sheet)d i arket, "
                "%(current)d nu). Hent arket igen, og skriv dine ændringer ind i det."
            )
            % {"who": who, "sheet": row.version, "current": stored.version},
        )
        return
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                for message in messages:
                    error(key if key in headings else None, message)
        elif current is None and row.version:
            error("version", _("vurderingen findes ikke længere i Milepæl. Hent arket igen."))
        elif current is not None and current.status == Rating.Status.APPROVED:
            error("status", " ".join(exc.messages))
        else:
            error(None, " ".join(exc.messages))
        return
    report.changes.append(RowChange(row.row, row.initiative.number, row.initiative.title, changes))
