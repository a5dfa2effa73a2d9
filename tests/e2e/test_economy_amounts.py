"""Structured economy in the browser (issue 17): the administrator asks for the amounts of
the economy text, sees the suggestion, confirms it, and the initiative page shows the table;
axe-clean at desktop and phone width."""

import pytest
from django.urls import reverse

from milepael.plans.models import EconomyAmount, Initiative

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = [(1366, 900), (390, 844)]


def test_suggested_amounts_are_confirmed_and_shown(demo, browse, axe, tmp_path):
    initiative = Initiative.objects.get(number="3.04")  # 6,5 mio. kr. anlæg + 0,5 mio. kr. årlig drift
    initiative.economy_amounts.all().delete()  # the demo stores them; this journey starts from none
    page = browse("okonomi")
    page.goto(initiative.get_absolute_url())
    page.get_by_role("link", name="Foreslå beløb fra økonomiteksten").click()
    assert page.url.endswith(reverse("exchange:economy_suggestion", args=[initiative.pk]))
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        axe.check(page, f"foreslåede beløb {width}")
    page.screenshot(path=str(tmp_path / "suggestion.png"), full_page=True)

    page.get_by_role("button", name="Gem beløbene").click()
    assert page.locator(".form-error-message").count() > 0
    assert not EconomyAmount.objects.filter(initiative=initiative).exists()
    axe.check(page, "foreslåede beløb uden flueben")

    page.get_by_label("Brug de foreslåede beløb").check()
    page.get_by_role("button", name="Gem beløbene").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    assert EconomyAmount.objects.filter(initiative=initiative).count() == 5
    table = page.locator("table.mp-economy")
    assert "6,5 mio. kr." in table.inner_text()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        axe.check(page, f"indsats med beløb {width}")
        page.screenshot(path=str(tmp_path / f"initiative-{width}.png"), full_page=True)
    page.goto(initiative.plan.get_absolute_url())
    assert "Udmøntningen i alt" in page.locator("table.mp-economy").inner_text()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        axe.check(page, f"udmøntning med beløb {width}")
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=False)
    axe.assert_clean()
    print(tmp_path)


def test_revision_with_new_amounts(demo, browse, axe, tmp_path):
    initiative = Initiative.objects.get(number="3.04")
    page = browse("okonomi")
    page.goto(reverse("followup:economy_revision", args=[initiative.pk]))
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        axe.check(page, f"revideret økonomi med beløb {width}")
    page.get_by_label("Revideret økonomi").fill("Driften nedjusteres til 0,3 mio. kr. årligt fra 2019.")
    page.get_by_label("Godkendt af Kommunalbestyrelsen den").fill("2019-03-01")
    page.get_by_label("Godkendelse (reference)").fill("KB 28.02.2019, pkt. 4")
    row = page.get_by_role("group", name="Beløb 1")
    row.get_by_label("År").fill("2019")
    row.get_by_label("Art").select_option("drift")
    row.get_by_label("Beløb i kr.").fill("300.000")
    page.get_by_role("button", name="Gem revideret økonomi").click()
    assert page.locator(".form-error-message").count() > 0  # no sign given
    axe.check(page, "revideret økonomi med fejl i beløb")
    page.screenshot(path=str(tmp_path / "revision-error.png"), full_page=True)
    page.get_by_role("group", name="Beløb 1").get_by_label("Fortegn").select_option("udgift")
    page.get_by_role("button", name="Gem revideret økonomi").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    assert "300.000 kr." in page.locator("table.mp-economy").first.inner_text()
    axe.check(page, "indsats med revideret beløb")
    page.screenshot(path=str(tmp_path / "initiative-revised.png"), full_page=True)
    axe.assert_clean()
    print(tmp_path)
