"""Reading the ratings workbook: which plan and round it belongs to, and its rows as
`RatingRow`s, with every problem collected (see the package docstring)."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from milepael.core import xlsx
from milepael.core.imports import WorkbookFormatError
from milepael.followup import services
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative

from ..columns import WorkbookRow, rows_of
from .layout import COLUMNS, INFO_COLUMNS, INFO_FIELDS

# The cells of a row that make up the rating, in the order their errors are listed.
RATING_KEYS = ("effort", "economy", "effort_comment", "economy_comment", "alternative_financing")


@dataclass
class RatingRow:
    """A row of the ratings sheet, read: the initiative, the rating as filled in, and the
    version of the stored rating the sheet was downloaded with."""

    cells: WorkbookRow
    initiative: Initiative
    data: services.RatingInput
    version: int


def read_info(sheet: xlsx.Sheet, round_: FollowUpRound) -> ImplementationPlan:
    """The plan the workbook was downloaded for; raises `WorkbookFormatError` when it was
    downloaded for another round, or its plan is not in the round's agreement."""
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


def read_rows(sheet: xlsx.Sheet, plan: ImplementationPlan) -> tuple[list[RatingRow], list[WorkbookFormatError]]:
    """Every row that reads as a rating of one of the plan's initiatives, and every problem
    of the others (a row with a problem is left out)."""
    initiatives = {i.number: i for i in plan.initiatives.select_related("responsible_department")}
    rows: list[RatingRow] = []
    errors: list[WorkbookFormatError] = []
    seen: dict[str, int] = {}
    for row in rows_of(sheet, COLUMNS):
        row_errors = []
        initiative = _initiative_of(row, initiatives, seen, row_errors)
        values = {}
        for key in (*RATING_KEYS, "version"):
            try:
                values[key] = row.clean(key)
            except WorkbookFormatError as exc:
                row_errors.append(exc)
        errors.extend(row_errors)
        if not row_errors:
            version = values.pop("version")
            rows.append(RatingRow(row, initiative, services.RatingInput.from_data(values), version))
    return rows, errors


def _initiative_of(
    row: WorkbookRow, initiatives: dict[str, Initiative], seen: dict[str, int], errors: list
) -> Initiative | None:
    """The initiative the row's number names, once per sheet; a problem goes to `errors`."""
    number = row.clean("number")
    initiative = initiatives.get(number)
    if not number:
        errors.append(row.error("number", _("feltet må ikke være tomt.")))
    elif initiative is None:
        errors.append(
            row.error("number", _("indsats %(number)s findes ikke i udmøntningen.") % {"number": number[:20]})
        )
    elif number in seen:
        errors.append(
            row.error(
                "number",
                _("indsats %(number)s står også i række %(row)d.") % {"number": number, "row": seen[number]},
            )
        )
    seen.setdefault(number, row.number)
    return initiative
