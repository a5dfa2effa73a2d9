"""Structured economy (issue 17): amounts per initiative, year, kind and sign, in whole
kroner, shown on the initiative page as a table with totals."""

import pytest
from django.db import IntegrityError, transaction

from milepael.core.richtext import html_to_text
from milepael.plans.models import EconomyAmount, Initiative
from tests.factories import add_initiative, plan_with_rounds

pytestmark = pytest.mark.django_db

Kind, Sign = EconomyAmount.Kind, EconomyAmount.Sign


@pytest.fixture
def initiative(db):
    plan = plan_with_rounds(year=2018)
    return add_initiative(
        plan, "2.01", department="Skole", title="Skolernes læringsmiljø", kind=Initiative.Kind.OPERATING
    )


def add(initiative, year, amount, kind=Kind.OPERATING, sign=Sign.EXPENSE):
    return EconomyAmount.objects.create(initiative=initiative, year=year, kind=kind, sign=sign, amount_kr=amount)


def test_one_amount_per_initiative_year_kind_and_sign(initiative):
    add(initiative, 2018, 500_000)
    add(initiative, 2018, 200_000, sign=Sign.SAVING)
    add(initiative, 2018, 1_000_000, kind=Kind.CAPITAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        add(initiative, 2018, 100_000)


@pytest.mark.parametrize(
    "fields", [{"amount_kr": -1}, {"kind": "andet"}, {"sign": "netto"}], ids=["negative", "kind", "sign"]
)
def test_the_database_refuses_a_negative_amount_and_unknown_kinds_or_signs(initiative, fields):
    values = {"year": 2018, "kind": Kind.OPERATING, "sign": Sign.EXPENSE, "amount_kr": 1} | fields
    with pytest.raises(IntegrityError), transaction.atomic():
        EconomyAmount.objects.create(initiative=initiative, **values)


def test_amounts_keep_their_history(initiative):
    amount = add(initiative, 2019, 500_000)
    amount.amount_kr = 750_000
    amount.save()
    assert [h.amount_kr for h in amount.history.order_by("history_date")] == [500_000, 750_000]


def test_initiative_page_shows_amounts_by_year_and_kind_with_sign_in_words_and_totals(reader_client, initiative):
    for year in (2018, 2019, 2020, 2021):
        add(initiative, year, 500_000)
    add(initiative, 2019, 2_000_000, sign=Sign.SAVING)
    add(initiative, 2018, 1_250_000, kind=Kind.CAPITAL)
    response = reader_client.get(initiative.get_absolute_url())
    text = html_to_text(response.content.decode())
    assert "2018 Udgift: 500.000 kr. Udgift: 1,25 mio. kr." in " ".join(text.split())
    assert "2019 Udgift: 500.000 kr. Besparelse: 2 mio. kr. –" in " ".join(text.split())
    assert "I alt Udgift: 2 mio. kr. Besparelse: 2 mio. kr. Udgift: 1,25 mio. kr." in " ".join(text.split())


def test_initiative_page_without_amounts_shows_no_amount_table(reader_client, initiative):
    response = reader_client.get(initiative.get_absolute_url())
    assert "Beløb pr. år" not in response.content.decode()
