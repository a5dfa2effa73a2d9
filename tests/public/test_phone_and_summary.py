"""The public pages for citizens on a phone: a card per initiative with the latest status
first and earlier rounds folded, a plain summary on the front page, published rounds as
links, and the public explanation under each neutral or sur smiley."""

import re

import pytest
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup import services as followup
from milepael.followup.models import Rating
from milepael.public import services
from tests.public.conftest import PUBLIC_COMMENT, SECRETS

pytestmark = pytest.mark.django_db

YELLOW_EXPLANATION = "Byggeriet er forsinket af vejret; milepælen nås i næste kvartal. " + "Mere tekst. " * 20


def plan_html(client, world) -> str:
    return client.get(reverse("public:plan", args=[world.plan.pk])).content.decode()


def card_of(html: str, number: str) -> str:
    match = re.search(
        rf'<li class="mp-public-card">\s*<h3><a href="[^"]*"><span class="mp-number">{re.escape(number)}</span>.*?</li>\s*(?=<li class="mp-public-card">|</ul>)',
        html,
        re.S,
    )
    assert match, number
    return match.group(0)


def table_row_of(html: str, number: str) -> str:
    match = re.search(
        rf'<tr>\s*<th scope="row"><a [^>]*><span class="mp-number">{re.escape(number)}</span>.*?</tr>', html, re.S
    )
    assert match, number
    return match.group(0)


def test_front_page_says_in_plain_words_how_many_reached_the_milestone(client, world):
    html = client.get(reverse("public:index")).content.decode()
    reached = Rating.objects.filter(round=world.round1, status="approved", effort="green").count()
    total = world.plan.initiatives.count()
    assert 0 < reached < total
    assert f"{reached} af {total} indsatser har nået milepælen i {world.round1.name}" in html_to_text(html)
    # The published round is a link to the plan's page; the unpublished one is not shown.
    plan_url = reverse("public:plan", args=[world.plan.pk])
    assert f'<a href="{plan_url}#round-{world.round1.pk}">{world.round1.name}</a>' in html
    assert world.round2.name not in html
    assert f'id="round-{world.round1.pk}"' in plan_html(client, world)


def test_a_yellow_smiley_has_a_snippet_of_its_public_explanation(client, world, administrator):
    yellow = Rating.objects.get(initiative=world.unpublished, round=world.round1)
    assert yellow.effort == "yellow" and yellow.status == "approved"
    services.set_public_comment(yellow, user=administrator, text=YELLOW_EXPLANATION)
    html = plan_html(client, world)
    row = table_row_of(html, world.unpublished.number)
    snippet = re.search(r'<p class="mp-snippet">(.*?)</p>', row, re.S).group(1)
    assert snippet.startswith("Byggeriet er forsinket af vejret") and snippet.endswith("…")
    assert len(snippet) <= 160
    # A green smiley gets no snippet, even with a public comment (3.04).
    assert "mp-snippet" not in table_row_of(html, world.approved.number)
    # On the phone card the latest status comes first, with the explanation in full.
    card = card_of(html, world.unpublished.number)
    assert "Seneste status, " + world.round1.name in card
    assert YELLOW_EXPLANATION.strip() in card
    assert "Neutral" in card and "Glad" in card  # both smileys, face and word


def test_a_card_shows_both_smileys_and_the_public_comment_but_nothing_internal(client, world):
    html = plan_html(client, world)
    card = card_of(html, world.approved.number)
    assert PUBLIC_COMMENT in card
    assert card.count('class="mp-face"') == 2
    for secret in SECRETS.values():
        assert secret not in html
    # Not approved in the published round: shown as not rated, on the card too.
    assert "Ikke vurderet" in card_of(html, world.returned.number)
    assert "Sur" not in html_to_text(card_of(html, world.returned.number))


def test_earlier_rounds_are_folded_under_the_latest(client, world, administrator):
    followup.close_round(world.round2, user=administrator, reason="Til udvalget.")
    services.publish_round(world.round2, user=administrator)
    card = card_of(plan_html(client, world), world.unpublished.number)
    latest, earlier = card.split("<details", 1)
    assert "Seneste status, " + world.round2.name in latest and "Sur" in latest
    assert SECRETS["unpublished_comment"] in latest  # round 2 is published now, with its public comment
    assert "<summary>Tidligere opfølgning</summary>" in earlier
    assert world.round1.name in earlier and "Neutral" in earlier


def test_scroll_containers_on_public_pages_are_named_keyboard_stops(client, world):
    pages = [
        reverse("public:plan", args=[world.plan.pk]),
        reverse("public:initiative", args=[world.plan.pk, world.approved.number]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        containers = re.findall(r'<div class="mp-scroll[^"]*"[^>]*>', html)
        assert containers, url
        for tag in containers:
            assert 'tabindex="0"' in tag and 'role="region"' in tag, tag
            assert "aria-label=" in tag or "aria-labelledby=" in tag, tag
