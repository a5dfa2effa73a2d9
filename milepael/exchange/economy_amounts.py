"""Amounts read from an initiative's economy text as a suggestion (issue 17).

The plans state their economy in Danish sentences: »0,5 mio. kr. årligt fra 2018 og frem«,
»besparelse på 2,0 mio. kr. fra 2019«, »750.000 kr. årligt«, »Der er afsat 6 mio. kr. i
budget 2020«. `read_amounts` turns the phrases it understands into amounts per year, kind
and sign, and lists the ones it does not (a total over a period, »heraf«, »pr. elev«, a
year outside the budget period), so the administrator sees both and decides: nothing read
here is saved before the administrator confirms it.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from milepael.core.richtext import html_to_text
from milepael.plans.models import EconomyAmount, Initiative

# The budget year and the three overslagsår.
PERIOD_YEARS = 4

_AMOUNT = re.compile(
    r"(?<![\d,.])(?P<number>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(?P<unit>mio\.|mia\.|mill\.|millioner)?\s*kr\b\.?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_FROM_YEAR = re.compile(r"\bfra\s+(?:og\s+med\s+)?(?:budget\s*)?(\d{4})|\bi\s+(\d{4})\s+og\s+frem")
_RANGE = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{4})\b")
_IN_YEAR = re.compile(r"\b(?:i|budget|budgetår|år)\s+(?:budget\s*)?(\d{4})\b")
_YEARLY = re.compile(r"\bårlig|\bom året\b|\bhvert år\b|\bi alle årene\b")
# A part of another amount, a unit price, a total or an average is not an amount per year.
_NOT_PER_YEAR_BEFORE = re.compile(
    r"\b(?:heraf|op til|i alt|samlet|samlede|i gennemsnit|ca\.|cirka|min\.|mindst|maks\.|højst|godt|knap|omkring)\W*$"
    r"|\b(?:heraf|i alt|samlet|samlede)\b"
)
_EARLIER_YEAR = re.compile(r"\b(\d{4})\b")
_RISING = re.compile(r"\b(?:stigende|faldende|øget|øges)\s+til\s*$")
_NEAR = re.compile(r",|\bsamt\b|\bder\b|\bmen\b")
_NOT_PER_YEAR_AFTER = re.compile(r"^\s*(?:pr\.|per\b|i gennemsnit|i alt)")
_SAVING = re.compile(r"besparelse|\bspare|reduktion|reducer|effektivisering|mindreudgift")
_INCOME = re.compile(r"indtægt|frasalg|provenu|salg af")
_CAPITAL = re.compile(r"anlæg|investering")
_OPERATING = re.compile(r"drift")


@dataclass(frozen=True)
class SuggestedAmount:
    year: int
    kind: str
    sign: str
    amount_kr: int


@dataclass
class EconomyReading:
    """The amounts read (summed per year, kind and sign) and the phrases with an amount that
    were not understood, as they stand in the text."""

    amounts: list[SuggestedAmount] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def _kroner(number: str, unit: str | None) -> int | None:
    unit = (unit or "").lower()
    if unit:
        try:
            value = Decimal(number.replace(".", "").replace(",", ".") if "," in number else number)
        except InvalidOperation:
            return None
        scale = 1_000_000_000 if unit.startswith("mia") else 1_000_000
        kroner = value * scale
    else:
        if "," in number:
            return None  # »2,5 kr.« is no budget amount
        kroner = Decimal(number.replace(".", ""))
    return int(kroner) if kroner == int(kroner) else None


def _years(before: str, after: str, budget_year: int) -> list[int] | None:
    """The years an amount applies to, from the words around it; None when they cannot be told."""
    last = budget_year + PERIOD_YEARS - 1
    yearly = bool(_YEARLY.search(before[-40:]) or _YEARLY.search(after))
    if match := _FROM_YEAR.search(after):
        # »fra 2019« is from that year on, as »fra 2019 og frem«.
        years = list(range(int(match.group(1) or match.group(2)), last + 1))
    elif match := _RANGE.search(after):
        first, end = int(match.group(1)), int(match.group(2))
        if not yearly or end < first:
            return None  # »32 mio. kr. for perioden 2019-2021« is a total, not an amount per year
        years = list(range(first, end + 1))
    elif match := _IN_YEAR.search(after) or _IN_YEAR.search(before[-40:]):
        years = [int(match.group(1))]
    elif yearly:
        years = list(range(budget_year, last + 1))
    else:
        years = [budget_year]  # a one-off amount: the budget year
    if not years or years[0] < budget_year or years[-1] > last:
        return None
    return years


def _kind(before: str, after: str, sign: str, initiative_kind: str) -> str | None:
    """Drift or anlæg from the words nearest the amount, else from the initiative's kind (a
    saving is drift); None for an initiative of both kinds whose text does not say."""
    for context in (after, before):
        if _CAPITAL.search(context):
            return EconomyAmount.Kind.CAPITAL
        if _OPERATING.search(context):
            return EconomyAmount.Kind.OPERATING
    if sign == EconomyAmount.Sign.SAVING:
        return EconomyAmount.Kind.OPERATING
    return {
        Initiative.Kind.OPERATING: EconomyAmount.Kind.OPERATING,
        Initiative.Kind.CAPITAL: EconomyAmount.Kind.CAPITAL,
    }.get(initiative_kind)


def _sign(before: str, after: str) -> str:
    for context in (before, after):
        if _SAVING.search(context):
            return EconomyAmount.Sign.SAVING
        if _INCOME.search(context):
            return EconomyAmount.Sign.INCOME
    return EconomyAmount.Sign.EXPENSE


def _phrase(sentence: str, start: int, end: int) -> str:
    """The words around an amount, beginning at a whole word."""
    if start and sentence[start - 1] != " ":
        start = sentence.find(" ", start) + 1
    return ("… " if start else "") + sentence[start:end].strip()


def _earlier_year(before: str, budget_year: int) -> bool:
    """»ultimogæld pr. 31. december 2017 på 599 mio. kr.«: an amount of a year before the plan."""
    return any(int(year) < budget_year for year in _EARLIER_YEAR.findall(before[-40:]))


def _read_sentence(sentence: str, budget_year: int, initiative_kind: str, reading: EconomyReading, sums: dict):
    matches = list(_AMOUNT.finditer(sentence))
    previous: tuple[str | None, str] | None = None
    for index, match in enumerate(matches):
        start = matches[index - 1].end() if index else 0
        end = matches[index + 1].start() if index + 1 < len(matches) else len(sentence)
        before, after = sentence[start : match.start()].lower(), sentence[match.end() : end].lower()
        near_before, near_after = _NEAR.split(before)[-1], _NEAR.split(after)[0]
        phrase = _phrase(sentence, max(start, match.start() - 40), end)
        kroner = _kroner(match.group("number"), match.group("unit"))
        years = _years(before, after, budget_year)
        if previous and _RISING.search(before):  # »2 mio. kr. i 2020 stigende til 2,5 mio. kr.«
            kind, sign = previous
        else:
            sign = _sign(near_before, near_after)
            kind = _kind(near_before, near_after, sign, initiative_kind)
        previous = (kind, sign)
        if (
            kroner is None
            or kind is None
            or years is None
            or _NOT_PER_YEAR_BEFORE.search(before)
            or _NOT_PER_YEAR_AFTER.search(after)
            or _earlier_year(before, budget_year)
        ):
            reading.unread.append(phrase)
            continue
        for year in years:
            sums[(year, kind, sign)] = sums.get((year, kind, sign), 0) + kroner


def read_amounts(text: str, budget_year: int, initiative_kind: str) -> EconomyReading:
    """The amounts `text` (plain text) states for the budget period beginning `budget_year`;
    `initiative_kind` (Initiative.Kind) settles drift or anlæg where the text does not say."""
    reading = EconomyReading()
    sums: dict[tuple[int, str, str], int] = {}
    text = re.sub(r"\bpr\.\s*år\b", "årligt", " ".join(text.split()))
    for sentence in _SENTENCE_END.split(text):
        _read_sentence(sentence, budget_year, initiative_kind, reading, sums)
    reading.amounts = [SuggestedAmount(year, kind, sign, kroner) for (year, kind, sign), kroner in sorted(sums.items())]
    return reading


def suggest_amounts(economy_text: str, description: str, budget_year: int, initiative_kind: str) -> EconomyReading:
    """The suggestion for an initiative (plain texts): from its economy text, or from its
    description when the economy text states no amount it can read."""
    reading = read_amounts(economy_text, budget_year, initiative_kind)
    if reading.amounts:
        return reading
    from_description = read_amounts(description, budget_year, initiative_kind)
    from_description.unread = reading.unread + from_description.unread
    return from_description


def initiative_suggestion(initiative: Initiative) -> EconomyReading:
    """The suggestion for a stored initiative: its texts as plain text, its agreement's year."""
    return suggest_amounts(
        html_to_text(initiative.economy_text),
        html_to_text(initiative.description),
        initiative.plan.agreement.budget_year,
        initiative.kind,
    )


def fingerprint(reading: EconomyReading) -> str:
    """The suggested amounts as one string, to tell whether two suggestions are the same."""
    return ";".join(f"{a.year}:{a.kind}:{a.sign}:{a.amount_kr}" for a in reading.amounts)
