"""Search in a real browser: the header's search field, the highlighted hits, a filter, and
axe at desktop and phone sizes (issue 17)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)
SIZES = [(1366, 900), (390, 844)]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_reader_searches_from_the_header_and_narrows_by_year(demo, browse, axe, width, height):
    page = browse("laeser")
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    header = page.get_by_role("search", name="Søg")
    header.get_by_role("searchbox", name="Søg").fill("skole")
    header.get_by_role("searchbox", name="Søg").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søg i udmøntninger og valgperioder")
    expect(page.get_by_role("heading", level=2)).to_contain_text("resultater for »skole«")
    expect(page.locator(".mp-search-hit mark", has_text="skolerne").first).to_be_visible()
    axe.check(page, f"søgning {width}")

    page.get_by_label("År").select_option("2018")
    page.get_by_role("search", name="Søg i udmøntninger og valgperioder").get_by_role("button", name="Søg").click()
    expect(page).to_have_url(re.compile(r"year=2018"))
    expect(page.get_by_role("heading", level=2)).to_contain_text("for »skole«")

    page.get_by_label("Søg efter").fill("xyzzy")
    page.get_by_label("Søg efter").press("Enter")
    expect(page.get_by_text("Ingen resultater for »xyzzy«.")).to_be_visible()
    axe.check(page, f"søgning uden resultater {width}")
    axe.assert_clean()
