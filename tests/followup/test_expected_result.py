"""The expected result for the budget year at each round (issue 17): typed the Danish way on
the rating page and in the worklist row, stored on the rating with the year's budget in force,
shown with the deviation and a suggested economy smiley that the reporter may ignore."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from milepael.core.formatting import parse_danish_kroner
from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.followup.economy import suggested_economy
from milepael.followup.models import Rating
from milepael.plans.models import EconomyAmount

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(own_initiative, administrator):
    """3.04 in 2018: 4 mio. kr. drift expense, 1 mio. kr. anlæg, a 1 mio. kr. saving: net 4 mio. kr.;
    2019 adopted 9 mio. kr., revised to 2 mio. kr. (a later year must not count)."""
    for kind, sign, kroner in (("drift", "udgift", 4_000_000), ("anlaeg", "udgift", 1_000_000)):
        EconomyAmount.objects.create(initiative=own_initiative, year=2018, kind=kind, sign=sign, amount_kr=kroner)
    EconomyAmount.objects.create(
        initiative=own_initiative, year=2018, kind="drift", sign="besparelse", amount_kr=1_000_000
    )
    EconomyAmount.objects.create(initiative=own_initiative, year=2019, kind="drift", sign="udgift", amount_kr=9_000_000)
    services.revise_economy(
        own_initiative,
        user=administrator,
        text="Nedjusteret.",
        approved_on=datetime.date(2019, 2, 1),
        approval_reference="KB",
        amounts=[EconomyAmount(year=2019, kind="drift", sign="udgift", amount_kr=2_000_000)],
    )
    return own_initiative


def rate_url(round_, initiative) -> str:
    return reverse("followup:rate", args=[round_.pk, initiative.pk])


def text_of(response) -> str:
    return " ".join(html_to_text(response.content.decode()).split())


@pytest.mark.parametrize(
    ("typed", "kroner"),
    [
        ("4,5 mio. kr.", 4_500_000),
        ("500.000", 500_000),
        ("1,2 mio", 1_200_000),
        ("-0,5 mio. kr.", -500_000),
        ("", None),
    ],
)
def test_amounts_are_read_as_danes_write_them(typed, kroner):
    assert parse_danish_kroner(typed) == kroner


def test_the_rule_glad_within_budget_or_tolerance_sur_otherwise():
    assert suggested_economy(4_000_000, 4_000_000, Decimal(0)) == "green"
    assert suggested_economy(4_000_000, 3_000_000, Decimal(0)) == "green"
    assert suggested_economy(4_000_000, 4_000_001, Decimal(0)) == "red"
    assert suggested_economy(4_000_000, 4_200_000, Decimal(5)) == "green"
    assert suggested_economy(4_000_000, 4_200_001, Decimal(5)) == "red"
    # A saving budget (minus): saving less than planned is over budget.
    assert suggested_economy(-2_000_000, -1_500_000, Decimal(0)) == "red"


def test_reporter_sees_budget_enters_expected_result_and_keeps_own_smiley(
    client, open_round, budget, ejendomme_reporter
):
    client.force_login(ejendomme_reporter)
    page = text_of(client.get(rate_url(open_round, budget)))
    assert "Budget 2018 i kraft 4 mio. kr." in page
    assert "glad, når det forventede resultat højst er 0 % over årets budget; ellers sur" in page
    response = client.post(
        rate_url(open_round, budget),
        {"effort": "green", "economy": "green", "expected_result_kr": "4,5 mio. kr.", "version": 0, "draft": "1"},
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.expected_result_kr, rating.budget_kr) == (4_500_000, 4_000_000)
    assert rating.economy == "green"  # the reporter's choice, though the suggestion is sur
    page = text_of(client.get(rate_url(open_round, budget)))
    assert "Afvigelse 500.000 kr. (12,5 %) over budget" in page
    assert "Foreslået smiley for økonomi Sur" in page
    assert 'value="4,5 mio. kr."' in client.get(rate_url(open_round, budget)).content.decode()
    assert [h.expected_result_kr for h in rating.history.order_by("history_date")] == [4_500_000]


def test_an_unreadable_amount_is_refused_naming_it(client, open_round, budget, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    response = client.post(
        rate_url(open_round, budget),
        {"effort": "green", "economy": "green", "expected_result_kr": "fire mio", "version": 0, "draft": "1"},
    )
    assert response.status_code == 422
    assert "»fire mio« er ikke et beløb" in text_of(response)
    assert not Rating.objects.exists()


def test_htmx_shows_the_suggestion_as_the_amount_is_typed(client, open_round, budget, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    url = reverse("followup:expected_result", args=[open_round.pk, budget.pk])
    page = text_of(client.get(url, {"expected_result_kr": "3,5 mio"}))
    assert "Afvigelse 500.000 kr. (12,5 %) under budget" in page
    assert "Foreslået smiley for økonomi Glad" in page
    # The worklist prefixes its fields.
    page = text_of(client.get(url, {f"r{budget.pk}-expected_result_kr": "5 mio."}))
    assert "1 mio. kr. (25 %) over budget" in page
    assert not Rating.objects.exists()  # only shown, nothing saved


def test_tolerance_setting_changes_the_suggestion(client, open_round, budget, ejendomme_reporter, settings):
    settings.MILEPAEL_ECONOMY_TOLERANCE_PERCENT = 25
    client.force_login(ejendomme_reporter)
    url = reverse("followup:expected_result", args=[open_round.pk, budget.pk])
    page = text_of(client.get(url, {"expected_result_kr": "5 mio."}))
    assert "Foreslået smiley for økonomi Glad" in page
    assert "højst er 25 % over" in page


def test_the_worklist_row_shows_and_keeps_the_expected_result(client, open_round, budget, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    url = reverse("followup:worklist_row", args=[open_round.pk, budget.pk])
    prefix = f"r{budget.pk}-"
    data = {prefix + "version": 0, prefix + "effort": "green", prefix + "expected_result_kr": "3 mio."}
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    assert Rating.objects.get().expected_result_kr == 3_000_000
    page = text_of(client.get(reverse("followup:worklist", args=[open_round.pk])))
    assert "Budget 2018 i kraft 4 mio. kr." in page
    assert "1 mio. kr. (25 %) under budget" in page


def test_a_channel_without_the_field_keeps_the_stored_expected_result(open_round, budget, ejendomme_reporter):
    services.save_rating(
        initiative=budget,
        round_=open_round,
        user=ejendomme_reporter,
        data=services.RatingInput(effort="green", economy="green", expected_result_kr=3_000_000),
        expected_version=0,
    )
    # The workbook import and an API call without the field pass no expected result.
    services.save_rating(
        initiative=budget,
        round_=open_round,
        user=ejendomme_reporter,
        data=services.RatingInput.from_data({"effort": "green", "economy": "red", "alternative_financing": "Pulje"}),
        expected_version=1,
    )
    assert Rating.objects.get().expected_result_kr == 3_000_000


def test_review_and_initiative_page_show_expected_result_and_deviation(
    staff_client, open_round, budget, ejendomme_reporter
):
    data = services.RatingInput(
        effort="green", economy="red", alternative_financing="Pulje", expected_result_kr=5_000_000
    )
    services.save_rating(
        initiative=budget, round_=open_round, user=ejendomme_reporter, data=data, expected_version=0, submit=True
    )
    review = text_of(staff_client.get(reverse("followup:review", args=[open_round.pk])))
    assert "Forventet resultat for budgetåret 5 mio. kr. · budget 4 mio. kr." in review
    assert "Afvigelse 1 mio. kr. (25 %) over budget · foreslået smiley Sur" in review
    page = text_of(staff_client.get(budget.get_absolute_url()))
    assert "Afvigelse 1 mio. kr. (25 %) over budget" in page
