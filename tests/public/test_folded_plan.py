"""A large plan's public page folds its themes: names and counts on the page, each theme's
rows from its own URL (htmx fragment, or a full page without JavaScript)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup.models import Rating
from milepael.plans.models import Initiative
from tests.factories import InitiativeFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

ROW = r'<th scope="row"><a href="[^"]*"><span class="mp-number">([\d.]+)</span>'
CARD = r'<h3><a href="[^"]*"><span class="mp-number">([\d.]+)</span>'


@pytest.fixture
def fold_small_plans(settings):
    settings.MILEPAEL_FOLD_THEMES_ABOVE = 0  # every plan with an initiative folds


def plan_url(world, query=""):
    return reverse("public:plan", args=[world.plan.pk]) + query


def numbers(html: str) -> list[str]:
    rows, cards = re.findall(ROW, html), re.findall(CARD, html)
    assert rows == cards  # the phone's cards show the same initiatives as the table
    return rows


def test_a_plan_at_the_threshold_is_not_folded(client, world):
    html = client.get(plan_url(world)).content.decode()
    assert 'class="mp-theme-fold"' not in html
    assert len(numbers(html)) == Initiative.objects.filter(plan=world.plan).count()


def test_above_the_threshold_the_themes_fold_with_their_counts(client, world, fold_small_plans):
    html = client.get(plan_url(world)).content.decode()
    assert numbers(html) == []  # no row is rendered until a theme is opened
    theme = world.approved.theme
    section = re.search(
        rf'<section class="mp-theme-fold" aria-labelledby="theme-{theme.number}">.*?</section>', html, re.S
    )
    text = html_to_text(section.group(0))
    in_theme = Initiative.objects.filter(plan=world.plan, theme=theme)
    approved = Rating.objects.filter(round=world.round1, status="approved", initiative__in=in_theme)
    assert f"{in_theme.count()} indsatser" in text
    assert f"Glad {approved.filter(effort='green').count()}" in text
    assert f"Sur {approved.filter(effort='red').count()}" in text
    # Not approved (returned, submitted, draft) and unrated initiatives count as not rated.
    assert f"Ikke vurderet {in_theme.count() - approved.count()}" in text
    assert reverse("public:theme", args=[world.plan.pk, theme.number]) in section.group(0)


@pytest.mark.parametrize("query", ["", "?status=green", "?status=yellow"])
def test_the_folded_counts_table_equals_the_unfolded_one(client, world, settings, query):
    """The folded page counts in the database, the unfolded one row by row: the same table."""

    def counts_table(html):
        return html_to_text(re.search(r'<table class="table table--compact">.*?</table>', html, re.S).group(0))

    unfolded = counts_table(client.get(plan_url(world, query)).content.decode())
    settings.MILEPAEL_FOLD_THEMES_ABOVE = 0
    folded_html = client.get(plan_url(world, query + ("&" if query else "?") + "side=1")).content.decode()
    assert 'class="mp-theme-fold"' in folded_html
    assert counts_table(folded_html) == unfolded


def test_a_theme_opens_as_fragment_and_as_page_with_the_filters(client, world, fold_small_plans):
    theme = world.approved.theme
    expected = list(
        Initiative.objects.filter(plan=world.plan, theme=theme).order_by("sort_key").values_list("number", flat=True)
    )
    fragment = client.get(reverse("public:theme_rows", args=[world.plan.pk, theme.number]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert numbers(fragment.content.decode()) == expected
    page = client.get(reverse("public:theme", args=[world.plan.pk, theme.number])).content.decode()
    assert "<html" in page and numbers(page) == expected
    green = client.get(reverse("public:theme_rows", args=[world.plan.pk, theme.number]) + "?status=green")
    greens = set(
        Rating.objects.filter(
            round=world.round1, status="approved", effort="green", initiative__theme=theme
        ).values_list("initiative__number", flat=True)
    )
    assert set(numbers(green.content.decode())) == greens
    assert client.get(reverse("public:theme_rows", args=[world.plan.pk, 999])).status_code == 404


def test_folded_theme_links_keep_the_filters(client, world, fold_small_plans):
    html = client.get(plan_url(world, "?status=green&utm=x")).content.decode()
    assert re.search(r'hx-get="[^"]*/raekker/\?status=green"', html)


def test_the_themes_are_paged(client, world, fold_small_plans, settings):
    settings.MILEPAEL_FOLD_THEMES_PER_PAGE = 2
    first = client.get(plan_url(world)).content.decode()
    themes = re.findall(r'<section class="mp-theme-fold" aria-labelledby="theme-(\d+)">', first)
    assert len(themes) == 2 and 'rel="next"' in first
    second = client.get(plan_url(world, "?side=2")).content.decode()
    assert not set(re.findall(r'aria-labelledby="theme-(\d+)"', second)) & set(themes)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_plan(client, world, fold_small_plans):
    theme = world.approved.theme
    urls = [
        plan_url(world),
        plan_url(world, "?status=green"),
        reverse("public:theme_rows", args=[world.plan.pk, theme.number]),
        reverse("public:theme", args=[world.plan.pk, theme.number]),
    ]
    before = [_count(client, url) for url in urls]
    for i in range(10):
        initiative = InitiativeFactory(plan=world.plan, theme=theme, number=f"{theme.number}.{90 + i}")
        MilestoneFactory(initiative=initiative, round=world.round1)
        Rating.objects.create(
            initiative=initiative, round=world.round1, effort="green", economy="green", status="approved"
        )
    assert [_count(client, url) for url in urls] == before
