"""An initiative's economy amounts: stored as the administrator confirms them, and shown as a table a reader takes in at a glance: one row per year, one
column per kind (drift, anlæg), each cell the amounts by sign in words, and a total row."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from milepael.core.formatting import danish_kroner

from .models import EconomyAmount, Initiative

KINDS = [EconomyAmount.Kind.OPERATING, EconomyAmount.Kind.CAPITAL]
SIGNS = [EconomyAmount.Sign.EXPENSE, EconomyAmount.Sign.SAVING, EconomyAmount.Sign.INCOME]


@dataclass(frozen=True)
class AmountLine:
    """One amount of a cell: »Besparelse« and »2 mio. kr.«."""

    sign: str
    text: str


@dataclass
class EconomyRow:
    label: str
    cells: list[list[AmountLine]]


@dataclass
class EconomyTable:
    kinds: list[str]
    rows: list[EconomyRow]
    total: EconomyRow | None

    def __bool__(self) -> bool:
        return bool(self.rows)


def _cell(sums: dict[str, int]) -> list[AmountLine]:
    return [AmountLine(sign.label, danish_kroner(sums[sign])) for sign in SIGNS if sign in sums]


def sums_by_kind_and_sign(amounts: Iterable) -> dict[tuple[str, str], int]:
    """(kind, sign) → the sum of the amounts' kroner."""
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for amount in amounts:
        sums[(amount.kind, amount.sign)] += amount.amount_kr
    return dict(sums)


def economy_table(amounts: Iterable, total_label: str) -> EconomyTable:
    """The table of `amounts` (anything with year, kind, sign and amount_kr), years in order."""
    by_year: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    amounts = list(amounts)
    for amount in amounts:
        cell = by_year[amount.year][amount.kind]
        cell[amount.sign] = cell.get(amount.sign, 0) + amount.amount_kr
    rows = [EconomyRow(str(year), [_cell(by_year[year].get(kind, {})) for kind in KINDS]) for year in sorted(by_year)]
    sums = sums_by_kind_and_sign(amounts)
    total = EconomyRow(
        total_label,
        [_cell({sign: sums[(kind, sign)] for sign in SIGNS if (kind, sign) in sums}) for kind in KINDS],
    )
    return EconomyTable([kind.label for kind in KINDS], rows, total if rows else None)


@transaction.atomic
def set_economy_amounts(initiative: Initiative, amounts: Iterable) -> None:
    """Make `amounts` (anything with year, kind, sign and amount_kr) the initiative's amounts:
    changed ones updated, new ones added, the others deleted, each change in the history."""
    wanted = {(a.year, a.kind, a.sign): a.amount_kr for a in amounts}
    for stored in EconomyAmount.objects.select_for_update().filter(initiative=initiative):
        key = (stored.year, stored.kind, stored.sign)
        if key not in wanted:
            stored.delete()
        elif wanted[key] != stored.amount_kr:
            stored.amount_kr = wanted.pop(key)
            stored.save(update_fields=["amount_kr"])
        else:
            del wanted[key]
    for (year, kind, sign), kroner in wanted.items():
        EconomyAmount.objects.create(initiative=initiative, year=year, kind=kind, sign=sign, amount_kr=kroner)
