"""Writing the ratings workbook (see the package docstring)."""

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from milepael.core import xlsx
from milepael.followup.models import Rating
from milepael.organisation import permissions
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative, Milestone

from ..plaintext import rich_text_to_plain
from ..selectors import initiatives_for_ratings_workbook
from .layout import COLUMNS, EDITABLE, INFO, INFO_COLUMNS, INFO_FIELDS, RATINGS, SMILEYS, column_letter

EDITABLE_FILL = PatternFill("solid", fgColor="FFF8E1")


def export_ratings_xlsx(plan: ImplementationPlan, round_: FollowUpRound, user) -> bytes:
    """One round's ratings of `plan` as .xlsx bytes, with the rows `user` rates (see
    `initiatives_for_ratings_workbook`); always in Danish."""
    with translation.override("da"):
        workbook = xlsx.new_workbook()
        _add_ratings_sheet(workbook, plan, round_, initiatives_for_ratings_workbook(plan, user), user)
        _add_info_sheet(workbook, plan, round_)
        return xlsx.workbook_bytes(workbook, title=f"{_(RATINGS)}: {plan.title} · {round_.name}")


def _add_ratings_sheet(
    workbook: Workbook, plan: ImplementationPlan, round_: FollowUpRound, initiatives: list[Initiative], user
) -> None:
    # Another department's draft is left out (permissions.can_see_draft): the row reads "Ikke påbegyndt".
    visible = Rating.objects.filter(permissions.visible_ratings(user), round=round_, initiative__plan=plan)
    ratings = {r.initiative_id: r for r in visible}
    milestones = {m.initiative_id: m for m in Milestone.objects.filter(round=round_, initiative__plan=plan)}
    rows = [_row(initiative, ratings.get(initiative.pk), milestones.get(initiative.pk)) for initiative in initiatives]
    number_column = [column.key for column in COLUMNS].index("number") + 1
    sheet = xlsx.write_sheet(
        workbook, _(RATINGS), xlsx.headers(COLUMNS), rows, text_columns={number_column}, freeze="B2"
    )
    _unlock_editable_cells(sheet)
    sheet.column_dimensions[column_letter("version")].hidden = True
    _offer_smiley_words(sheet)
    # Locked: the texts from Milepæl and the version; the cells to fill in are unlocked.
    sheet.protection.sheet = True


def _row(initiative: Initiative, rating: Rating | None, milestone: Milestone | None) -> list:
    milestone_text = rich_text_to_plain(milestone.text) if milestone and not milestone.is_blank else ""
    return [
        initiative.number,
        initiative.title,
        initiative.responsible_department.name,
        milestone_text or _("Ingen milepæl i denne opfølgning"),
        SMILEYS["effort"].display(rating.effort) if rating else "",
        rating.effort_comment if rating else "",
        SMILEYS["economy"].display(rating.economy) if rating else "",
        rating.economy_comment if rating else "",
        rating.alternative_financing if rating else "",
        rating.get_status_display() if rating else _("Ikke påbegyndt"),
        rating.version if rating else 0,
    ]


def _unlock_editable_cells(sheet: Worksheet) -> None:
    editable = {column_letter(key) for key in EDITABLE}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column_letter in editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL


def _offer_smiley_words(sheet: Worksheet) -> None:
    """A drop-down of the smiley words in the effort and economy columns."""
    last = max(sheet.max_row, 2)
    for key, column in SMILEYS.items():
        choices = ",".join(_(word) for word in column.words.values())
        validation = DataValidation(
            type="list",
            formula1=f'"{choices}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Ugyldig smiley"),
            error=_("Vælg en af: %(choices)s") % {"choices": choices.replace(",", ", ")},
        )
        validation.add(f"{column_letter(key)}2:{column_letter(key)}{last}")
        sheet.add_data_validation(validation)


def _add_info_sheet(workbook: Workbook, plan: ImplementationPlan, round_: FollowUpRound) -> None:
    values = {"plan": plan.title, "round": round_.name, "plan_id": plan.pk, "round_id": round_.pk}
    info = xlsx.write_sheet(
        workbook,
        _(INFO),
        xlsx.headers(INFO_COLUMNS),
        [[_(label), values[key]] for key, label in INFO_FIELDS],
        freeze=None,
    )
    info.protection.sheet = True
