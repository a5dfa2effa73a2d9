"""The economy tables of the plan and agreement reports (issue 17), as plain data: the budget
in force per theme or committee by year and kind (net: savings and incomes minus), and in
a follow-up the expected results for the budget year against the budget, summed. The rule
for the amounts in force is followup.economy's, the same as the pages, workbook and API."""

from django.utils.translation import gettext as _

from milepael.core.formatting import danish_kroner
from milepael.followup import selectors as followup_selectors
from milepael.followup.economy import BudgetTotals, budget_totals
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative

from .document import MoneyRow, MoneyTable, RoundLine, ThemeBlock


def _row(label: str, values: list[int | None]) -> MoneyRow:
    return MoneyRow(label, values, ["–" if value is None else danish_kroner(value) for value in values])


def budget_table(totals: BudgetTotals, caption: str, group_heading: str) -> MoneyTable | None:
    """The net budget per group, a column per year and kind and one for the whole period."""
    if not totals:
        return None
    header = [group_heading, *(f"{kind} {year}" for year, kind in totals.columns), _("I alt")]
    return MoneyTable(
        caption=caption,
        header=header,
        rows=[_row(row.label, [*row.values, row.total]) for row in totals.rows],
        total=_row(totals.total.label, [*totals.total.values, totals.total.total]),
        sheet=_("Budget i kraft"),
        note=_(
            "Beløbene i kraft: de vedtagne, fra en revisions år erstattet af den senest godkendte revision. "
            "Udgifter med plus, besparelser og indtægter med minus."
        ),
    )


def _with_expected(lines: list[RoundLine], round_ordinal: int) -> list[RoundLine]:
    return [
        line
        for line in lines
        if line.round_ordinal == round_ordinal and line.expected_result_kr is not None and line.budget_kr is not None
    ]


def expected_table(
    groups: list[tuple[str, list[RoundLine]]], round_: FollowUpRound, year: int, group_heading: str
) -> MoneyTable | None:
    """Per group the budget of `year`, the expected result and the deviation, summed over the
    initiatives with an expected result in `round_`; None when none has one."""
    sums = []
    for label, lines in groups:
        given = _with_expected(lines, round_.ordinal)
        if given:
            budget, expected = sum(line.budget_kr for line in given), sum(line.expected_result_kr for line in given)
            sums.append((label, budget, expected, len(given)))
    if not sums:
        return None
    budget, expected = sum(s[1] for s in sums), sum(s[2] for s in sums)
    return MoneyTable(
        caption=_("Forventet resultat for %(year)s i %(round)s") % {"year": year, "round": round_.name},
        header=[group_heading, _("Budget %(year)s") % {"year": year}, _("Forventet resultat"), _("Afvigelse")],
        rows=[_row(label, [b, e, e - b]) for label, b, e, _count in sums],
        total=_row(_("I alt"), [budget, expected, expected - budget]),
        sheet=_("Forventet resultat"),
        note=_(
            "Summen for de %(count)d indsatser, hvor centret har angivet et forventet resultat. "
            "Afvigelse = forventet resultat − budget; plus er over budget."
        )
        % {"count": sum(s[3] for s in sums)},
    )


def _lines(theme: ThemeBlock) -> list[RoundLine]:
    return [line for initiative in theme.initiatives for line in initiative.rounds]


def plan_economy_tables(
    plan: ImplementationPlan, initiatives: list[Initiative], themes: list[ThemeBlock], current: FollowUpRound | None
) -> list[MoneyTable]:
    """The plan report's tables: budget per theme; in a follow-up the expected results per
    theme. `initiatives` as the report loaded them, with their themes, in theme order; two
    queries (three with revisions)."""
    in_force = followup_selectors.plan_amounts_in_force(plan)
    by_theme: dict[str, list] = {}
    for initiative in initiatives:
        if initiative.pk in in_force:
            theme = f"{initiative.theme.number}. {initiative.theme.title}"
            by_theme.setdefault(theme, []).extend(in_force[initiative.pk].amounts)
    totals = budget_totals(by_theme.items(), _("Udmøntningen i alt"))
    tables = [budget_table(totals, _("Budget i kraft pr. tema, år og art"), _("Tema"))]
    if current is not None:
        groups = [(theme.heading, _lines(theme)) for theme in themes]
        tables.append(expected_table(groups, current, plan.agreement.budget_year, _("Tema")))
    return [table for table in tables if table is not None]


def agreement_economy_tables(agreement: Agreement, plans: list, current: FollowUpRound) -> list[MoneyTable]:
    """The agreement report's tables: budget per committee and for the agreement, and the
    expected results per committee (from each plan report's own round lines)."""
    groups = followup_selectors.amounts_in_force_by_committee(agreement.pk)
    totals = budget_totals(groups, _("Aftalen i alt"))
    tables = [budget_table(totals, _("Budget i kraft pr. udvalg, år og art"), _("Udvalg"))]
    lines = [(plan.committee, [line for theme in plan.themes for line in _lines(theme)]) for plan in plans]
    tables.append(expected_table(lines, current, agreement.budget_year, _("Udvalg")))
    return [table for table in tables if table is not None]
