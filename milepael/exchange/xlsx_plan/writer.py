"""Writing the plan workbook (see the package docstring)."""

import datetime
from collections import defaultdict

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from milepael.core.xlsx import headers, new_workbook, workbook_bytes, write_sheet
from milepael.followup.selectors import plan_amounts_in_force
from milepael.plans.models import ImplementationPlan, Initiative

from ..plaintext import rich_text_to_plain
from . import layout


def export_plan_xlsx(plan: ImplementationPlan) -> bytes:
    """The plan as .xlsx bytes (always in Danish; see the package docstring)."""
    with translation.override("da"):
        return workbook_bytes(_plan_workbook(plan), title=plan.title)


def _plan_workbook(plan: ImplementationPlan) -> Workbook:
    initiatives = list(
        plan.initiatives.select_related("theme", "responsible_department", "responsible_committee")
        .prefetch_related("milestones__round")
        .order_by("sort_key")
    )
    workbook = new_workbook()
    _add_sheet(
        workbook,
        layout.INITIATIVES,
        layout.INITIATIVE_COLUMNS,
        [_initiative_row(i) for i in initiatives],
        text_columns={1},
    )
    milestone_rows = [
        [initiative.number, milestone.round.name, rich_text_to_plain(milestone.text)]
        for initiative in initiatives
        for milestone in sorted(initiative.milestones.all(), key=lambda m: m.round.ordinal)
    ]
    _add_sheet(workbook, layout.MILESTONES, layout.MILESTONE_COLUMNS, milestone_rows, text_columns={1, 2})
    rounds = plan.agreement.rounds.order_by("ordinal")
    _add_sheet(workbook, layout.ROUNDS, layout.ROUND_COLUMNS, [[r.ordinal, r.name] for r in rounds])
    values = _header_values(plan)
    header = _add_sheet(
        workbook,
        layout.PLAN,
        layout.PLAN_COLUMNS,
        [[_(field.heading), values[field.key]] for field in layout.PLAN_FIELDS],
    )
    for row in header.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(row[0].value, datetime.date):
            row[0].number_format = "dd-mm-yyyy"
    _add_economy_sheets(workbook, plan, initiatives)
    return workbook


def _add_economy_sheets(workbook: Workbook, plan: ImplementationPlan, initiatives: list[Initiative]) -> None:
    """»Økonomi«: every amount in force, one row each; »Økonomi i alt«: the sums over the
    budget period per theme and for the plan, by kind and sign. Amounts in whole kroner.
    Written for reading; the import reads neither sheet."""
    in_force = plan_amounts_in_force(plan)
    rows, totals = [], defaultdict(int)
    for initiative in initiatives:
        if initiative.pk not in in_force:
            continue
        revision = in_force[initiative.pk].revision
        basis = _("Revideret: %(ref)s") % {"ref": revision.approval_reference} if revision else _("Vedtaget")
        for a in sorted(in_force[initiative.pk].amounts, key=lambda a: (a.year, a.kind, a.sign)):
            theme = initiative.theme
            rows.append(
                [
                    theme.number,
                    theme.title,
                    initiative.number,
                    initiative.title,
                    a.year,
                    a.get_kind_display(),
                    a.get_sign_display(),
                    a.amount_kr,
                    basis,
                ]
            )
            totals[(theme.number, theme.title, a.get_kind_display(), a.get_sign_display())] += a.amount_kr
            totals[(None, _("Udmøntningen i alt"), a.get_kind_display(), a.get_sign_display())] += a.amount_kr
    sheet = _add_sheet(workbook, layout.ECONOMY, layout.ECONOMY_COLUMNS, rows, text_columns={3})
    _kroner_format(sheet, column=8)
    total_rows = [[number, title, kind, sign, kroner] for (number, title, kind, sign), kroner in totals.items()]
    total_rows.sort(key=lambda row: (row[0] is None, row[0] or 0, row[2], row[3]))
    sheet = _add_sheet(workbook, layout.ECONOMY_TOTALS, layout.ECONOMY_TOTAL_COLUMNS, total_rows)
    _kroner_format(sheet, column=5)


def _kroner_format(sheet: Worksheet, column: int) -> None:
    for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        cell.number_format = "#,##0"


def _initiative_row(initiative: Initiative) -> list:
    return [
        initiative.number,
        initiative.title,
        initiative.get_kind_display(),
        initiative.theme.number,
        initiative.theme.title,
        initiative.responsible_department.name,
        initiative.responsible_committee.name,
        initiative.contributors_text,
        rich_text_to_plain(initiative.description),
        rich_text_to_plain(initiative.implementation_note),
        rich_text_to_plain(initiative.economy_text),
    ]


def _header_values(plan: ImplementationPlan) -> dict:
    return {
        "title": plan.title,
        "agreement": plan.agreement.title,
        "budget_year": plan.agreement.budget_year,
        "committee": plan.committee.name,
        "date": plan.date,
        "contact_person": plan.contact_person,
        "phone": plan.phone,
        "email": plan.email,
        "case_id": plan.case_id,
        "intro": rich_text_to_plain(plan.intro),
        "effort_green": plan.effort_green_definition,
        "effort_yellow": plan.effort_yellow_definition,
        "effort_red": plan.effort_red_definition,
        "economy_intro": rich_text_to_plain(plan.economy_intro),
        "economy_green": plan.economy_green_definition,
        "economy_red": plan.economy_red_definition,
    }


def _add_sheet(workbook: Workbook, name: str, columns, rows, text_columns=()) -> Worksheet:
    """A sheet of the plan workbook: an Excel table over the rows, the header frozen."""
    return write_sheet(workbook, _(name), headers(columns), rows, text_columns=text_columns, table=True)
