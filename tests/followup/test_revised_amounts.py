"""Economy revisions change the amounts (issue 17): an approved revision's amounts replace
those in force from its year on; the adopted amounts and earlier revisions are kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup import selectors, services
from milepael.followup.models import RevisedEconomyAmount
from milepael.plans.models import EconomyAmount

pytestmark = pytest.mark.django_db

D, A = "drift", "anlaeg"


@pytest.fixture
def adopted(own_initiative):
    for year in (2018, 2019, 2020, 2021):
        EconomyAmount.objects.create(initiative=own_initiative, year=year, kind=D, sign="udgift", amount_kr=500_000)
    EconomyAmount.objects.create(initiative=own_initiative, year=2018, kind=A, sign="udgift", amount_kr=6_500_000)
    return own_initiative


def revise(initiative, user, approved_on, amounts, reference="KB"):
    return services.revise_economy(
        initiative,
        user=user,
        text="<p>Revideret.</p>",
        approved_on=approved_on,
        approval_reference=reference,
        amounts=[EconomyAmount(year=y, kind=k, sign=s, amount_kr=kr) for y, k, s, kr in amounts],
    )


def in_force(initiative, on=None):
    result = selectors.amounts_in_force(initiative, on)
    return sorted((a.year, a.kind, a.sign, a.amount_kr) for a in result.amounts), result.revision


def test_without_revisions_the_adopted_amounts_are_in_force(adopted):
    amounts, revision = in_force(adopted)
    assert len(amounts) == 5 and revision is None


def test_an_approved_revision_replaces_the_amounts_from_its_year_on(adopted, administrator):
    revision = revise(adopted, administrator, datetime.date(2019, 3, 1), [(2019, D, "udgift", 300_000)])
    amounts, applied = in_force(adopted)
    assert applied == revision
    assert amounts == [
        (2018, A, "udgift", 6_500_000),
        (2018, D, "udgift", 500_000),
        (2019, D, "udgift", 300_000),
    ]
    # The adopted amounts are kept.
    assert EconomyAmount.objects.filter(initiative=adopted).count() == 5


def test_the_latest_revision_wins_and_a_future_one_does_not_apply_yet(adopted, administrator):
    revise(adopted, administrator, datetime.date(2019, 3, 1), [(2019, D, "udgift", 300_000)])
    later = revise(adopted, administrator, datetime.date(2020, 2, 1), [(2020, D, "besparelse", 100_000)])
    revise(adopted, administrator, datetime.date(2999, 1, 1), [(2999, D, "udgift", 1)])
    amounts, applied = in_force(adopted, on=datetime.date(2026, 1, 1))
    assert applied == later
    assert (2019, D, "udgift", 300_000) in amounts and (2020, D, "besparelse", 100_000) in amounts
    assert not [a for a in amounts if a[0] == 2021]
    # On a date before the second revision, the first is in force.
    amounts, _ = in_force(adopted, on=datetime.date(2019, 12, 31))
    assert (2020, D, "besparelse", 100_000) not in amounts and (2021, D, "udgift", 500_000) not in amounts


def test_a_revision_without_amounts_leaves_the_amounts_as_they_are(adopted, administrator):
    revise(adopted, administrator, datetime.date(2019, 3, 1), [])
    amounts, applied = in_force(adopted)
    assert len(amounts) == 5 and applied is None


def test_an_amount_before_the_revisions_year_is_refused_and_nothing_saved(adopted, administrator):
    with pytest.raises(ValidationError, match="tidligst gælde fra revisionens år"):
        revise(adopted, administrator, datetime.date(2019, 3, 1), [(2018, D, "udgift", 1)])
    assert not adopted.economy_revisions.exists() and not RevisedEconomyAmount.objects.exists()


def form_data(**rows):
    data = {
        "text": "Besparelsen nedjusteres.",
        "approved_on": "2019-03-01",
        "approval_reference": "KB 28.02.2019, pkt. 4",
        "amounts-TOTAL_FORMS": "4",
        "amounts-INITIAL_FORMS": "0",
    }
    for index, values in rows.items():
        data.update({f"amounts-{index[-1]}-{name}": value for name, value in values.items()})
    return data


def test_the_revision_form_saves_new_amounts_and_the_page_shows_them_in_force(staff_client, adopted):
    url = reverse("followup:economy_revision", args=[adopted.pk])
    page = staff_client.get(url).content.decode()
    assert "Nye beløb (valgfrit)" in page
    response = staff_client.post(
        url, form_data(row0={"year": "2019", "kind": D, "sign": "udgift", "amount_kr": "300.000"})
    )
    assert response.status_code == 302
    assert list(RevisedEconomyAmount.objects.values_list("year", "amount_kr")) == [(2019, 300_000)]
    text = " ".join(html_to_text(staff_client.get(adopted.get_absolute_url()).content.decode()).split())
    assert "Gældende efter revideret økonomi godkendt 1. marts 2019 (KB 28.02.2019, pkt. 4)." in text
    assert "2019 Udgift: 300.000 kr." in text
    assert "2019 · Drift · Udgift: 300.000 kr." in text  # under the revision
    assert "Vedtagne beløb" in text


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"row0": {"year": "2019", "amount_kr": "300000"}}, "Udfyld år, art, fortegn og beløb"),
        (
            {"row0": {"year": "2019", "kind": D, "sign": "udgift", "amount_kr": "3,5 mio"}},
            "Skriv beløbet i hele kroner",
        ),
        (
            {
                "row0": {"year": "2019", "kind": D, "sign": "udgift", "amount_kr": "1"},
                "row1": {"year": "2019", "kind": D, "sign": "udgift", "amount_kr": "2"},
            },
            "må kun stå i én række",
        ),
        (
            {"row0": {"year": "2018", "kind": D, "sign": "udgift", "amount_kr": "1"}},
            "tidligst gælde fra revisionens år",
        ),
    ],
)
def test_the_revision_form_refuses_incomplete_rows_and_saves_nothing(staff_client, adopted, rows, message):
    response = staff_client.post(reverse("followup:economy_revision", args=[adopted.pk]), form_data(**rows))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not adopted.economy_revisions.exists()


def test_initiative_page_queries_do_not_grow_with_revisions(reader_client, adopted, administrator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    revise(adopted, administrator, datetime.date(2019, 3, 1), [(2019, D, "udgift", 300_000)])
    with CaptureQueriesContext(connection) as one:
        reader_client.get(adopted.get_absolute_url())
    for year in (2020, 2021):
        revise(adopted, administrator, datetime.date(year, 3, 1), [(year, D, "udgift", 1), (year, A, "udgift", 2)])
    with CaptureQueriesContext(connection) as three:
        reader_client.get(adopted.get_absolute_url())
    assert len(three) == len(one)
