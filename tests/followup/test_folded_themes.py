"""A large plan's plan page and smiley matrix show their themes folded (name and counts); a
theme's rows come from its own address (htmx, or a page of their own without JavaScript);
rendered parts are cached by the data version, so a saved rating shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.core import dataversion
from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.followup.models import Rating
from tests.factories import RatingFactory, add_initiative, plan_with_rounds, rate

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def fold(settings):
    """round_plan's five initiatives are "many": its themes fold."""
    settings.MILEPAEL_FOLD_THEMES_ABOVE = 2
    return settings


def plan_url(plan) -> str:
    return reverse("followup:plan", args=[plan.pk])


def theme_url(plan, number: int) -> str:
    return reverse("followup:plan_theme", args=[plan.pk, number])


def smileys_url(plan) -> str:
    return reverse("followup:plan_smileys", args=[plan.pk])


def smileys_theme_url(plan, number: int) -> str:
    return reverse("followup:plan_smileys_theme", args=[plan.pk, number])


def folded_summaries(html: str) -> list[str]:
    return [html_to_text(summary) for summary in re.findall(r"<summary>(.*?)</summary>", html, re.S)]


def test_a_small_plan_keeps_every_theme_open(reader_client, round_plan):
    html = reader_client.get(plan_url(round_plan)).content.decode()
    assert 'class="mp-fold"' not in html
    assert "Indsats 3.08" in html and "Fodboldbane - ny kunstgræs" in html


def test_above_the_threshold_the_plan_page_folds_its_themes_with_their_counts(reader_client, round_plan, fold):
    html = reader_client.get(plan_url(round_plan)).content.decode()
    summaries = folded_summaries(html)
    assert len(summaries) == 3
    assert "3. " in summaries[1] and "3 indsatser" in summaries[1]
    assert "1 indsats" in summaries[0]
    assert "temaerne er foldet sammen (3 temaer)" in html_to_text(html)
    assert "Indsats 3.08" not in html  # the rows come when the theme is opened
    assert f'href="{theme_url(round_plan, 3)}"' in html


def test_a_folded_theme_opens_by_htmx_and_without_javascript_as_a_page_of_its_own(reader_client, round_plan, fold):
    rows = reader_client.get(theme_url(round_plan, 3), headers=HTMX).content.decode()
    assert "<html" not in rows
    assert "Indsats 3.08" in rows and "Indsats 3.17" in rows and "Vision 2029" not in rows
    assert "Milepæl for 3.08 i 1. budgetopfølgning 2018." in rows

    page = reader_client.get(theme_url(round_plan, 3))
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html
    assert re.search(r"<h1>3\. [^<]+</h1>", html)
    assert "Indsats 3.08" in html and f'href="{round_plan.get_absolute_url()}"' in html
    assert reader_client.get(theme_url(round_plan, 99)).status_code == 404


def test_the_filters_apply_to_the_folded_themes_and_inside_them(reader_client, round_plan, fold):
    add_initiative(round_plan, "3.20", department="Ejendomme")
    query = {"q": "3.08"}
    html = reader_client.get(plan_url(round_plan), query).content.decode()
    # One match is few: shown open, not folded.
    assert 'class="mp-fold"' not in html and "Indsats 3.08" in html
    ejendomme = round_plan.initiatives.get(number="3.08").responsible_department_id
    html = reader_client.get(plan_url(round_plan), {"department": ejendomme}).content.decode()
    assert [s.split(" ")[0] for s in folded_summaries(html)] == ["3."]
    assert "4 indsatser" in folded_summaries(html)[0]
    assert f'href="{theme_url(round_plan, 3)}?department={ejendomme}"' in html
    rows = reader_client.get(theme_url(round_plan, 3), {"department": ejendomme, "q": "3.17"}, headers=HTMX)
    assert "Indsats 3.17" in rows.content.decode() and "Indsats 3.08" not in rows.content.decode()


def test_many_themes_come_a_page_at_a_time(reader_client, round_plan, fold):
    fold.MILEPAEL_FOLD_THEMES_PER_PAGE = 2
    first = reader_client.get(plan_url(round_plan)).content.decode()
    assert len(folded_summaries(first)) == 2 and "Side 1 af 2: tema 1–2 af 3" in html_to_text(first)
    second = reader_client.get(plan_url(round_plan), {"side": 2}).content.decode()
    assert [s.split(" ")[0] for s in folded_summaries(second)] == ["7."]


def test_the_folded_smiley_matrix_counts_each_themes_smileys_in_face_and_word(reader_client, round_plan, fold):
    first = round_plan.agreement.rounds.get(ordinal=1)
    services_open(first)
    approved = Rating.Status.APPROVED
    by_number = {i.number: i for i in round_plan.initiatives.all()}
    RatingFactory(initiative=by_number["3.04"], round=first, effort="green", status=approved)
    RatingFactory(initiative=by_number["3.08"], round=first, effort="red", status=approved)
    html = reader_client.get(smileys_url(round_plan)).content.decode()
    summaries = folded_summaries(html)
    assert len(summaries) == 3
    theme_3 = summaries[1]
    assert "3 indsatser" in theme_3
    assert "Glad 1" in theme_3 and "Sur 1" in theme_3 and "Ikke vurderet 1" in theme_3
    assert html.count('class="mp-face"') >= 3  # faces beside the words
    assert "Indsats 3.08" not in html
    rows = reader_client.get(smileys_theme_url(round_plan, 3), headers=HTMX).content.decode()
    assert "<html" not in rows and "Indsats 3.08" in rows and "I alt, tema 3" in rows
    page = reader_client.get(smileys_theme_url(round_plan, 3)).content.decode()
    assert "<html" in page and "Indsats 3.08" in page


def services_open(round_):
    from tests.conftest import OPEN_ROUND_DEADLINE, make_user

    admin = make_user("oekonomi-admin", "administrator")
    services.open_round(round_, user=admin, deadline=OPEN_ROUND_DEADLINE)


def test_a_saved_rating_shows_at_once_in_the_cached_matrix(client, round_plan, ejendomme_reporter, fold):
    first = round_plan.agreement.rounds.get(ordinal=1)
    services_open(first)
    initiative = round_plan.initiatives.get(number="3.04")
    client.force_login(ejendomme_reporter)
    assert "Glad 1" not in folded_summaries(client.get(smileys_url(round_plan)).content.decode())[1]
    before = client.get(smileys_theme_url(round_plan, 3), headers=HTMX).content.decode()
    assert before == client.get(smileys_theme_url(round_plan, 3), headers=HTMX).content.decode()  # cached

    rate(initiative, first, ejendomme_reporter, submit=False)

    assert "Glad 1" in folded_summaries(client.get(smileys_url(round_plan)).content.decode())[1]
    after = client.get(smileys_theme_url(round_plan, 3), headers=HTMX).content.decode()
    assert after != before and "Kladde" in html_to_text(after)


def test_a_draft_is_counted_only_for_those_who_may_see_it_though_the_matrix_is_cached(
    client, reader, round_plan, ejendomme_reporter, fold
):
    first = round_plan.agreement.rounds.get(ordinal=1)
    services_open(first)
    rate(round_plan.initiatives.get(number="3.04"), first, ejendomme_reporter, submit=False)  # a draft
    client.force_login(ejendomme_reporter)
    assert "Glad 1" in folded_summaries(client.get(smileys_url(round_plan)).content.decode())[1]
    client.force_login(reader)
    assert "Glad" not in folded_summaries(client.get(smileys_url(round_plan)).content.decode())[1]
    rows = client.get(smileys_theme_url(round_plan, 3), headers=HTMX).content.decode()
    assert "Kladde" not in html_to_text(rows)


def _folded_plan(initiatives_per_theme: int):
    plan = plan_with_rounds(year=2030 + initiatives_per_theme)
    for theme in (1, 2, 3):
        for index in range(initiatives_per_theme):
            add_initiative(plan, f"{theme}.{index + 1:02d}", department=f"Center {index % 2}")
    return plan


@pytest.mark.parametrize("page", ["plan", "plan theme", "smileys", "smileys theme", "plan theme page"])
def test_queries_of_the_folded_pages_do_not_grow_with_the_plan(client, reader, fold, page):
    client.force_login(reader)
    counts = []
    for per_theme in (2, 8):
        plan = _folded_plan(per_theme)
        url, headers = {
            "plan": (plan_url(plan), {}),
            "plan theme": (theme_url(plan, 2), HTMX),
            "plan theme page": (theme_url(plan, 2), {}),
            "smileys": (smileys_url(plan), {}),
            "smileys theme": (smileys_theme_url(plan, 2), HTMX),
        }[page]
        client.get(url, headers=headers)  # warm caches (translations, content types)
        dataversion.bump()  # as after a write: the cached parts are rendered again
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url, headers=headers).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            client.get(url, headers=headers)
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1], counts
    assert counts[0][1] < counts[0][0], counts  # the cached page asks the database less
