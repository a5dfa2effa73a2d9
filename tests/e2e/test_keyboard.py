"""The rating form is usable with the keyboard alone, with the focus always visible."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, Initiative
from tests.e2e.conftest import focused, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_reporter_rates_with_the_keyboard_only(demo, browse):
    round2 = FollowUpRound.objects.get(ordinal=2)
    initiative = Initiative.objects.get(number="3.04")
    page = browse("ejendomme")
    page.goto(reverse("followup:rate", args=[round2.pk, initiative.pk]))

    # The first Tab reaches the skip link, and it is shown when focused.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Gå til sidens indhold" and skip["visible"]
    expect(page.locator("a.skipnav")).to_be_visible()

    # Into the effort smileys; no smiley is chosen yet, so Tab lands on the first one.
    first = tab_to(page, lambda f: f["name"] == "effort")
    assert first["type"] == "radio" and not first["checked"]
    page.keyboard.press("ArrowDown")  # arrow keys move and choose within the group
    now = focused(page)
    assert now["name"] == "effort" and now["checked"] and now["visible"]
    assert page.locator("input[name=effort]:checked").get_attribute("value") == "yellow"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator("input[name=effort]:checked").get_attribute("value") == "yellow"

    tab_to(page, lambda f: f["name"] == "effort_comment", limit=2)
    page.keyboard.type("Forsinket en måned; årets mål nås fortsat.")

    economy = tab_to(page, lambda f: f["name"] == "economy", limit=2)
    assert economy["type"] == "radio"
    page.keyboard.press("Space")
    assert page.locator("input[name=economy]:checked").get_attribute("value") == "green"

    tab_to(page, lambda f: f["name"] == "economy_comment", limit=2)
    page.keyboard.type("Budgettet holder.")
    submit = tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "submit", limit=4)
    assert submit["text"] == "Indsend til gennemgang"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_text("Vurderingen af 3.04 er indsendt.")).to_be_visible()
    rating = Rating.objects.get(initiative=initiative, round=round2)
    assert (rating.effort, rating.economy, rating.status) == ("yellow", "green", Rating.Status.SUBMITTED)
    assert rating.effort_comment == "Forsinket en måned; årets mål nås fortsat."


def test_validation_errors_are_reached_and_fixed_with_the_keyboard(demo, browse):
    round2 = FollowUpRound.objects.get(ordinal=2)
    initiative = Initiative.objects.get(number="3.04")
    page = browse("ejendomme")
    page.goto(reverse("followup:rate", args=[round2.pk, initiative.pk]))
    tab_to(page, lambda f: f["name"] == "effort")
    page.keyboard.press("ArrowUp")  # wraps to the last smiley: red
    assert page.locator("input[name=effort]:checked").get_attribute("value") == "red"
    tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    error = page.locator("#id_effort_comment-error")
    expect(error).to_contain_text("Forklar en neutral eller sur smiley for indsatsen.")
    # The error summary at the top has the focus and links to the field.
    summary_link = page.locator(".mp-error-summary a[href='#id_effort_comment']")
    expect(summary_link).to_be_visible()
    assert "mp-error-summary" in page.evaluate("document.activeElement.className")
    # The error is tied to the field it is about, for screen readers.
    comment = page.get_by_label("Kommentar til indsats")
    assert "id_effort_comment-error" in (comment.get_attribute("aria-describedby") or "")
    # The choice survived the round trip.
    assert page.locator("input[name=effort]:checked").get_attribute("value") == "red"
    comment.focus()
    page.keyboard.type("Afventer politisk beslutning.")
    tab_to(page, lambda f: f["name"] == "economy", limit=2)
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=economy]:checked").get_attribute("value") == "red"
    tab_to(page, lambda f: f["name"] == "alternative_financing", limit=3)
    page.keyboard.type("Finansieres af centrets driftsramme.")
    tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "submit", limit=2)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Vurderingen af 3.04 er indsendt.")).to_be_visible()
