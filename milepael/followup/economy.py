"""The economy in force and the expected result (issue 17), one rule each for every page,
report, workbook and the API.

- In force: the adopted amounts, each year from a council-approved revision's year on
  replaced by the latest revision that carries amounts (`in_force`).
- Net: an expense counts plus, a saving or an income minus (`net_kr`), so the budget of a
  year and kind is one signed figure.
- The expected result for the budget year is a net figure too; the deviation is expected −
  budget, so plus is over budget. The suggested economy smiley is glad when the deviation
  is at most the tolerance (`MILEPAEL_ECONOMY_TOLERANCE_PERCENT` of the budget), sur
  otherwise (`suggested_economy`). It is a suggestion only: the reporter chooses the smiley.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings

from milepael.core import smileys
from milepael.core.formatting import parse_danish_kroner
from milepael.plans.models import EconomyAmount

if TYPE_CHECKING:  # the models use Deviation; the revisions are only passed through here
    from .models import EconomyRevision

KINDS = [EconomyAmount.Kind.OPERATING, EconomyAmount.Kind.CAPITAL]


@dataclass
class AmountsInForce:
    """The initiative's amounts in force (issue 17): the adopted ones, each year from a
    revision's year on replaced by the latest revision that carries amounts; `revision` is
    the latest revision applied (None: the adopted amounts)."""

    amounts: list
    revision: "EconomyRevision | None" = None


def in_force(adopted: Iterable, revisions: Iterable["EconomyRevision"], on: datetime.date) -> AmountsInForce:
    """THE rule: `adopted`, each revision approved on or before `on` that carries amounts
    (oldest first) replacing the amounts from its year on. `revisions` may be prefetched
    with their amounts; nothing here queries beyond `revision.amounts.all()`."""
    result = AmountsInForce(list(adopted))
    applied = [r for r in revisions if r.approved_on <= on]
    for revision in sorted(applied, key=lambda r: (r.approved_on, r.pk)):
        amounts = list(revision.amounts.all())
        if not amounts:
            continue
        year = revision.approved_on.year
        result.amounts = [a for a in result.amounts if a.year < year] + amounts
        result.revision = revision
    return result


def net_kr(amount) -> int:
    """An amount as it counts in a total: an expense plus, a saving or an income minus."""
    return amount.amount_kr if amount.sign == EconomyAmount.Sign.EXPENSE else -amount.amount_kr


def budget_for_year(amounts: Iterable, year: int) -> int | None:
    """The net budget of `year` over both kinds; None when no amount is given for the year."""
    in_year = [net_kr(a) for a in amounts if a.year == year]
    return sum(in_year) if in_year else None


def tolerance_percent() -> Decimal:
    return Decimal(str(getattr(settings, "MILEPAEL_ECONOMY_TOLERANCE_PERCENT", 0)))


def suggested_economy(budget_kr: int, expected_kr: int, tolerance: Decimal | None = None) -> str:
    """Glad when the expected result is within the budget, or over it by at most the
    tolerance (per cent of the budget's size); sur otherwise."""
    tolerance = tolerance_percent() if tolerance is None else tolerance
    allowed = abs(budget_kr) * tolerance / 100
    return smileys.GREEN if expected_kr - budget_kr <= allowed else smileys.RED


@dataclass(frozen=True)
class Deviation:
    """The expected result against the budget of the year: deviation in kroner (plus: over
    budget) and per cent of the budget's size (None when the budget is 0)."""

    budget_kr: int
    expected_kr: int
    suggestion: str

    @property
    def deviation_kr(self) -> int:
        return self.expected_kr - self.budget_kr

    @property
    def percent(self) -> Decimal | None:
        if not self.budget_kr:
            return None
        return (Decimal(self.deviation_kr) * 100 / abs(self.budget_kr)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def over(self) -> bool:
        return self.deviation_kr > 0


def deviation(budget_kr: int | None, expected_kr: int | None) -> Deviation | None:
    """The deviation, when both a budget and an expected result are known."""
    if budget_kr is None or expected_kr is None:
        return None
    return Deviation(budget_kr, expected_kr, suggested_economy(budget_kr, expected_kr))


@dataclass
class TotalsRow:
    label: str
    values: list[int | None]  # aligned with BudgetTotals.columns
    total: int | None = None


@dataclass
class BudgetTotals:
    """Net budget per group (theme, committee, plan) by year and kind: `columns` are
    (year, kind label) pairs, each row's `values` aligned with them; `total` over the groups."""

    columns: list[tuple[int, str]] = field(default_factory=list)
    rows: list[TotalsRow] = field(default_factory=list)
    total: TotalsRow | None = None

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def years(self) -> list[tuple[int, int]]:
        """(year, number of kinds shown under it), for a two-line table header."""
        counts: dict[int, int] = defaultdict(int)
        for year, _kind in self.columns:
            counts[year] += 1
        return list(counts.items())


def _net_by_year_and_kind(amounts: Iterable) -> dict[tuple[int, str], int]:
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for amount in amounts:
        sums[(amount.year, amount.kind)] += net_kr(amount)
    return sums


def budget_totals(groups: Iterable[tuple[str, Iterable]], total_label: str) -> BudgetTotals:
    """The table of net budgets for `groups` (label, amounts in force); groups without
    amounts are left out, and a table without any amount is empty (false)."""
    sums = [(label, _net_by_year_and_kind(amounts)) for label, amounts in groups]
    sums = [(label, by_key) for label, by_key in sums if by_key]
    if not sums:
        return BudgetTotals()
    keys = sorted({key for _label, by_key in sums for key in by_key}, key=lambda k: (k[0], KINDS.index(k[1])))
    labels = dict(EconomyAmount.Kind.choices)
    everything: dict[tuple[int, str], int] = defaultdict(int)
    rows = []
    for label, by_key in sums:
        for key, value in by_key.items():
            everything[key] += value
        rows.append(TotalsRow(label, [by_key.get(key) for key in keys], sum(by_key.values())))
    total = TotalsRow(total_label, [everything[key] for key in keys], sum(everything.values()))
    return BudgetTotals([(year, str(labels[kind])) for year, kind in keys], rows, total)


@dataclass(frozen=True)
class YearEconomy:
    """What the rating form shows about the budget year: the budget in force, the expected
    result typed (or stored), the deviation and the suggested smiley; `error` when the typed
    amount cannot be read."""

    year: int
    budget_kr: int | None
    expected_kr: int | None = None
    error: str = ""

    @property
    def deviation(self) -> Deviation | None:
        return deviation(self.budget_kr, self.expected_kr)

    @property
    def tolerance(self) -> Decimal:
        return tolerance_percent()


def year_economy_for(year: int, budget_kr: int | None, typed: str) -> YearEconomy:
    """The budget year with the amount as typed (»4,5 mio. kr.«); the reading's error if it cannot be read."""
    try:
        return YearEconomy(year, budget_kr, parse_danish_kroner(typed))
    except ValueError as error:
        return YearEconomy(year, budget_kr, error=str(error))
