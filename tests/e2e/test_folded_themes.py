"""A large plan's folded themes in the browser: opened with the keyboard, the rows come in
place (htmx), and the folded pages pass axe at desktop and phone size."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from milepael.demo.services import seed_plan
from tests.e2e.conftest import focused, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fold(settings):
    """The demo plan's 35 initiatives count as many: its themes fold."""
    settings.MILEPAEL_FOLD_THEMES_ABOVE = 10


@pytest.mark.parametrize("page_name", ["followup:plan", "followup:plan_smileys"])
def test_a_folded_theme_opens_with_the_keyboard_and_shows_its_rows(demo, browse, fold, page_name):
    plan = seed_plan()
    page = browse("laeser")
    page.goto(reverse(page_name, args=[plan.pk]))
    theme = page.locator("details.mp-fold").nth(2)
    expect(theme.locator("summary")).to_contain_text("3. ")
    expect(page.get_by_role("link", name="3.04", exact=False)).to_have_count(0)

    summary = tab_to(page, lambda f: f["tag"] == "summary" and f["text"].startswith("3. "), limit=80)
    assert summary["visible"]
    page.keyboard.press("Enter")

    rows = theme.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    expect(theme.get_by_role("link", name="3.04", exact=False)).to_be_visible()
    assert focused(page)["tag"] == "summary"  # the focus stays where the reader was
    page.keyboard.press("Enter")  # and closes it again
    expect(rows.first).to_be_hidden()


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_folded_plan_pages_pass_axe(demo, browse, axe, fold, size):
    plan = seed_plan()
    for username, label, name in [
        ("laeser", "udmøntning, foldet", "followup:plan"),
        ("okonomi", "udmøntning, foldet", "followup:plan"),
        ("laeser", "smileys, foldet", "followup:plan_smileys"),
    ]:
        page = browse(username)
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(reverse(name, args=[plan.pk]))
        axe.check(page, f"{label} {size[0]}×{size[1]} ({username})")
        page.locator("details.mp-fold summary").first.click()
        expect(page.locator("details.mp-fold table").first).to_be_visible()
        axe.check(page, f"{label}, første tema åbnet {size[0]}×{size[1]} ({username})")
        if folder := os.environ.get("MILEPAEL_SCREENSHOTS"):  # to look at the page
            file = f"{folder}/{name.replace(':', '-')}-{username}-{size[0]}x{size[1]}.png"
            page.screenshot(path=file, full_page=True)
    axe.assert_clean()
