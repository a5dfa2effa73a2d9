"""The initiative page (followup:initiative, at the address under its plan): what the
initiative holds, its ratings and its history."""

import pytest
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.plans.models import Initiative, Milestone
from tests.factories import add_initiative, plan_with_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _logged_in_reader(reader_client):
    """The initiative page is internal: every test here reads as a logged-in reader."""


@pytest.fixture
def plan(db):
    """A 2018 plan with 6.02 "Anlæg" (description, economy, four milestones) and 7.04, whose
    contributors are free text, with a note and "borgerrådgiver … ansat" in a milestone."""
    plan = plan_with_rounds(year=2018)
    add_initiative(
        plan,
        "6.02",
        department="By, Erhverv og Miljø",
        kind=Initiative.Kind.CAPITAL,
        title="Flere ungdomsboliger og et seniorbofællesskab",
        description="<p>Der skal bygges ungdomsboliger ved stationen og et seniorbofællesskab.</p>",
        economy_text="<p>Der er afsat 6 mio. kr. i budget 2020.</p>",
        milestones={
            1: "<p>Mulige placeringer er undersøgt.</p>",
            2: "<p>Lokalplanen er sendt i høring.</p>",
            3: "<p>Boligselskabet er valgt.</p>",
            4: "<p>Byggeriet er sat i gang.</p>",
        },
    )
    add_initiative(
        plan,
        "7.04",
        department="Borgerservice",
        title="Borgerrådgiver",
        contributors_text="De øvrige centre og sekretariater.",
        implementation_note="<p>Der skal ansættes en borgerrådgiver med reference til direktionen.</p>",
        milestones={2: "<p>Borgerrådgiveren er ansat.</p>"},
    )
    return plan


def page_text(response) -> str:
    return html_to_text(response.content.decode())


def test_initiative_page_keeps_its_address_under_the_plan(plan):
    initiative = Initiative.objects.get(number="6.02")
    assert initiative.get_absolute_url() == f"/udmoentninger/{plan.pk}/indsatser/6.02/"


def test_initiative_page_shows_everything_the_initiative_holds(client, plan):
    initiative = Initiative.objects.get(number="6.02")
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    assert "6.02 Flere ungdomsboliger og et seniorbofællesskab" in text
    assert "Anlæg" in text
    assert "By, Erhverv og Miljø" in text
    assert "Økonomiudvalget" in text
    assert html_to_text(initiative.description) in text
    for milestone in Milestone.objects.filter(initiative=initiative):
        assert html_to_text(milestone.text) in text
    assert "Der er afsat 6 mio. kr. i budget 2020." in text
    assert "6. Befolkning og Boliger" in text


def test_initiative_page_shows_contributors_and_note(client, plan):
    text = page_text(client.get(Initiative.objects.get(number="7.04").get_absolute_url()))
    assert "De øvrige centre og sekretariater." in text
    assert "Der skal ansættes en borgerrådgiver" in text


def test_unknown_initiative_is_404(client, plan):
    assert client.get(reverse("followup:initiative", args=[plan.pk, "9.99"])).status_code == 404
    assert client.get(reverse("followup:initiative", args=[plan.pk + 1000, "6.02"])).status_code == 404
