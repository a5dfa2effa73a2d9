"""Amounts read from the economy texts as a suggestion (issue 17): over the real seed texts
and the phrases that must not be read as amounts per year."""

import pytest

from milepael.core.richtext import html_to_text
from milepael.exchange.economy_amounts import read_amounts, suggest_amounts
from milepael.exchange.seed_plan import read_plan_text

D, A = "drift", "anlaeg"
UDGIFT, BESPARELSE, INDTAEGT = "udgift", "besparelse", "indtaegt"


def amounts(reading):
    return [(a.year, a.kind, a.sign, a.amount_kr) for a in reading.amounts]


@pytest.fixture(scope="module")
def seed_suggestions():
    from tests.conftest import PLAN_SEED

    plan = read_plan_text(PLAN_SEED.read_bytes())
    return {
        i.number: suggest_amounts(html_to_text(i.economy_text), html_to_text(i.description), plan.budget_year, i.kind)
        for i in plan.initiatives
    }


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        # »Der er afsat 6 mio. kr. i budget 2020.«
        ("6.02", [(2020, A, UDGIFT, 6_000_000)]),
        # »Der omprioriteres 750.000 kr. årligt til driften af borgerrådgiverfunktionen.«
        ("7.04", [(y, D, UDGIFT, 750_000) for y in (2018, 2019, 2020, 2021)]),
        # »Der opnås en besparelse på 6 mio. kr. årligt fra 2019.«
        ("8.08", [(y, D, BESPARELSE, 6_000_000) for y in (2019, 2020, 2021)]),
        # »En forventelig indtægt på 1 mio. kr. ved frasalg.« (one-off: the budget year)
        ("3.26", [(2018, D, INDTAEGT, 1_000_000)]),
        # »Der er afsat 4,773 mio. kr. i 2018«
        ("8.01", [(2018, A, UDGIFT, 4_773_000)]),
        # From the description, the economy text states no amount: »6,5 mio. kr. i anlæg til
        # fysiske forbedringer samt 0,5 mio. kr. i årlig drift fra 2018 og frem.«
        ("3.04", [(2018, A, UDGIFT, 6_500_000)] + [(y, D, UDGIFT, 500_000) for y in (2018, 2019, 2020, 2021)]),
        # »der kan spares 2 mio. kr. årligt i 2020 stigende til 2,5 mio. kr. årligt fra 2021 og frem«
        ("8.03", [(2020, D, BESPARELSE, 2_000_000), (2021, D, BESPARELSE, 2_500_000)]),
        # »Der afsættes 2,5 mio. kr. til de nødvendige investeringer i rokaden, der medfører
        # driftsbesparelser på 0,8 mio. kr. pr. år i 2019 og frem.«
        ("3.17", [(2018, A, UDGIFT, 2_500_000)] + [(y, D, BESPARELSE, 800_000) for y in (2019, 2020, 2021)]),
    ],
)
def test_seed_texts_are_read_into_amounts_per_year(seed_suggestions, number, expected):
    assert amounts(seed_suggestions[number]) == expected


def test_a_total_over_a_period_is_shown_as_not_read_rather_than_spread_over_the_years(seed_suggestions):
    # »Der er prioriteret et samlet anlægsbudget på 32 mio. kr. for perioden 2019-2021 …«
    reading = seed_suggestions["4.01.1"]
    assert reading.amounts == []
    assert any("32 mio. kr. for perioden 2019-2021" in phrase for phrase in reading.unread)


def test_the_municipalitys_financial_targets_are_no_initiative_amounts(seed_suggestions):
    # 2.02.1 describes the economic policy: »min. 100 mio. kr.«, »599 mio. kr.« at the end
    # of 2017, »godt 60 mio. kr.«, »50 mio. kr. over budgetperioden 2014-2017«.
    reading = seed_suggestions["2.02.1"]
    assert reading.amounts == []
    assert len(reading.unread) == 6


def test_texts_without_amounts_suggest_nothing(seed_suggestions):
    for number in ("1.02", "7.09", "8.11"):
        assert seed_suggestions[number].amounts == [] and seed_suggestions[number].unread == []


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "Der afsættes 0,5 mio. kr. årligt i 2018-2021.",
            "drift",
            [(y, D, UDGIFT, 500_000) for y in range(2018, 2022)],
        ),
        (
            "Der afsættes 0,5 mio. kr. årligt i 2019-2020.",
            "drift",
            [(2019, D, UDGIFT, 500_000), (2020, D, UDGIFT, 500_000)],
        ),
        (
            "En besparelse på 2,0 mio. kr. fra 2019.",
            "drift",
            [(y, D, BESPARELSE, 2_000_000) for y in (2019, 2020, 2021)],
        ),
        ("0,5 mio. kr. årligt fra 2018 og frem", "drift", [(y, D, UDGIFT, 500_000) for y in range(2018, 2022)]),
        ("Der er afsat 2,5 mio. kr.", "anlaeg", [(2018, A, UDGIFT, 2_500_000)]),
        ("Der er afsat 1.250.000 kr. i 2019.", "drift", [(2019, D, UDGIFT, 1_250_000)]),
        ("Der er afsat 1,2 mia. kr. i 2019.", "anlaeg", [(2019, A, UDGIFT, 1_200_000_000)]),
        # A saving of an anlæg initiative is drift unless the text says otherwise.
        ("Der opnås en besparelse på 0,1 mio. kr. i 2020.", "anlaeg", [(2020, D, BESPARELSE, 100_000)]),
    ],
)
def test_phrases_of_danish_budgets(text, kind, expected):
    assert amounts(read_amounts(text, 2018, kind)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Der er i alt 8,72 mio. kr. til indsatsen.",  # a total: over which years?
        "Der er afsat 3 mio. kr. i perioden 2019-2021.",  # a total over a period
        "Heraf anvendes 1 mio. kr. til rum.",  # part of another amount
        "Tilskuddet er 500 kr. pr. elev.",  # a unit price
        "Der er afsat 2 mio. kr. i 2025.",  # after the budget period
        "Der er afsat 2 mio. kr. i 2016.",  # before it
        "Der afsættes 0,25 mio. kr. hertil.",  # an initiative of both kinds: drift or anlæg?
        "Der afsættes 0,0000005 mio. kr.",  # not whole kroner
    ],
)
def test_phrases_not_understood_are_listed_never_guessed(text):
    reading = read_amounts(text, 2018, "anlaeg_og_drift" if "hertil" in text else "drift")
    assert reading.amounts == []
    assert len(reading.unread) == 1


def test_amounts_of_the_same_year_kind_and_sign_are_added():
    text = "Der afsættes 1 mio. kr. til it i 2019. Der afsættes 0,5 mio. kr. til kurser i 2019."
    assert amounts(read_amounts(text, 2018, "drift")) == [(2019, D, UDGIFT, 1_500_000)]
