"""Amounts read from the economy texts of a plan being imported, offered in the import
preview (issue 17): one »Brug beløbene« checkbox per initiative whose text states amounts
Milepæl can read. The ticked ones are stored as the initiatives' adopted amounts in the
same transaction as the import (all or nothing); nothing is stored unticked.

What is ticked to begin with: an initiative without amounts yet (new, or never confirmed)
is ticked, since the administrator imports the plan to start from it and sees every amount
beside its checkbox; an initiative whose stored amounts differ is not, since those were
confirmed by someone and are replaced only by a deliberate tick. An initiative whose stored
amounts already are the suggestion is shown without a checkbox (nothing to do).
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.utils.translation import gettext as _

from milepael.core.imports import Action, Change, ImportReport
from milepael.core.richtext import html_to_text
from milepael.plans.economy import EconomyTable, economy_table, set_economy_amounts
from milepael.plans.models import EconomyAmount, ImplementationPlan

from .economy_amounts import EconomyReading, SuggestedAmount, fingerprint, suggest_amounts
from .parsed import ParsedPlan


@dataclass
class AmountSuggestion:
    """One initiative's suggested amounts in the preview."""

    number: str
    title: str
    reading: EconomyReading
    table: EconomyTable
    stored: str  # the stored amounts' fingerprint ("" when none)

    @property
    def has_stored(self) -> bool:
        return bool(self.stored)

    @property
    def already_stored(self) -> bool:
        return self.stored == fingerprint(self.reading)

    @property
    def ticked(self) -> bool:
        """Ticked to begin with (see the module docstring)."""
        return not self.has_stored

    @property
    def field_name(self) -> str:
        return f"amounts_{self.number}"


def _stored_amounts(parsed: ParsedPlan) -> dict[str, str]:
    """Initiative number → the fingerprint of its stored adopted amounts (one query)."""
    rows = (
        EconomyAmount.objects.filter(
            initiative__plan__agreement__title=parsed.agreement_title,
            initiative__plan__committee__name__iexact=parsed.committee,
        )
        .order_by("year", "kind", "sign")
        .values_list("initiative__number", "year", "kind", "sign", "amount_kr")
    )
    by_number: dict[str, list[SuggestedAmount]] = {}
    for number, *amount in rows:
        by_number.setdefault(number, []).append(SuggestedAmount(*amount))
    return {number: fingerprint(EconomyReading(amounts=amounts)) for number, amounts in by_number.items()}


def amount_suggestions(parsed: ParsedPlan) -> list[AmountSuggestion]:
    """The initiatives of `parsed` whose economy text (or description) states amounts, with
    the amounts, in the file's order."""
    stored = _stored_amounts(parsed)
    suggestions = []
    for initiative in parsed.initiatives:
        reading = suggest_amounts(
            html_to_text(initiative.economy_text),
            html_to_text(initiative.description),
            parsed.budget_year,
            initiative.kind,
        )
        if reading.amounts:
            suggestions.append(
                AmountSuggestion(
                    number=initiative.number,
                    title=initiative.title,
                    reading=reading,
                    table=economy_table(reading.amounts, _("I alt")),
                    stored=stored.get(initiative.number, ""),
                )
            )
    return suggestions


def store_amounts(
    plan: ImplementationPlan, suggestions: list[AmountSuggestion], numbers: Collection[str], report: ImportReport
) -> None:
    """Store the suggested amounts of the initiatives `numbers` as their adopted amounts (in
    the caller's transaction), each a change in `report`."""
    wanted = {s.number: s for s in suggestions if s.number in numbers and not s.already_stored}
    kind = _("økonomibeløb")
    for initiative in plan.initiatives.filter(number__in=list(wanted)).select_related("plan"):
        set_economy_amounts(initiative, wanted[initiative.number].reading.amounts)
        report.changes.append(Change(Action.CHANGED, kind, str(initiative), [_("beløb fra økonomiteksten")]))
