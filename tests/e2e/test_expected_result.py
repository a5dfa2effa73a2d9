"""The expected result in the browser (issue 17): the reporter types the year's expected
result, htmx shows budget, deviation and the suggested economy smiley at once, the reporter's
own smiley is left alone, and the page stays axe-clean."""

import pytest

from milepael.plans.models import EconomyAmount, FollowUpRound, Initiative

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_suggestion_follows_the_amount_typed_and_never_picks_the_smiley(demo, browse, axe):
    initiative = Initiative.objects.filter(number="3.04", responsible_department__name="Ejendomme").first()
    initiative.economy_amounts.all().delete()  # the demo's amounts read from the text; here a budget of 2 mio.
    EconomyAmount.objects.create(initiative=initiative, year=2018, kind="drift", sign="udgift", amount_kr=2_000_000)
    round_ = FollowUpRound.objects.get(agreement=initiative.plan.agreement, status="open")
    page = browse("ejendomme")
    page.goto(f"/opfoelgning/runder/{round_.pk}/indsatser/{initiative.pk}/")
    result = page.locator("#expected-result")
    assert "Budget 2018 i kraft" in result.inner_text() and "2 mio. kr." in result.inner_text()
    page.get_by_label("Forventet resultat for budgetåret").fill("2,5 mio. kr.")
    page.get_by_text("500.000 kr. (25 %) over budget").wait_for()
    assert "Sur" in result.locator("dd").last.inner_text()
    assert page.locator("input[name=economy]:checked").count() == 0  # the reporter decides
    page.get_by_label("Forventet resultat for budgetåret").fill("fire mio")
    page.get_by_text("»fire mio« er ikke et beløb").wait_for()
    axe.check(page, "vurdering med forventet resultat")
    axe.assert_clean()
