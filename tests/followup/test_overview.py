"""Overblik: the effort smileys per theme, department, committee and round, counted as the
committee report counts them (approved only), and what changed since the previous round."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.core import dataversion
from milepael.core.richtext import html_to_text
from milepael.followup.models import Rating
from milepael.organisation.models import Department
from milepael.reports.builders import build_plan_report
from tests.core.svg import SVG, parse_svg
from tests.factories import InitiativeFactory, RatingFactory, ThemeFactory, plan_with_rounds

pytestmark = pytest.mark.django_db

SUBMITTED = Rating.Status.SUBMITTED


def overview_url(plan, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("followup:overview", args=[plan.pk]) + (f"?{query}" if query else "")


def rounds_of(plan):
    return list(plan.agreement.rounds.order_by("ordinal"))


def initiatives(plan) -> dict:
    return {i.number: i for i in plan.initiatives.all()}


def rate_round_1(plan):
    """1.02 glad, 3.04 neutral, 3.08 sur but only submitted, 7.11 ingen milepæl, 3.17 nothing."""
    first = rounds_of(plan)[0]
    i = initiatives(plan)
    RatingFactory(initiative=i["1.02"], round=first, effort="green")
    RatingFactory(initiative=i["3.04"], round=first, effort="yellow")
    RatingFactory(initiative=i["3.08"], round=first, effort="red", status=SUBMITTED)
    RatingFactory(initiative=i["7.11"], round=first, effort="none")
    return first


def test_the_latest_round_with_approved_ratings_is_counted_as_the_committee_report_counts(reader_client, round_plan):
    rate_round_1(round_plan)
    second = rounds_of(round_plan)[1]
    RatingFactory(initiative=initiatives(round_plan)["1.02"], round=second, status=SUBMITTED)  # not approved

    response = reader_client.get(overview_url(round_plan))
    data = response.context["overview"]
    assert data.round.ordinal == 1
    assert data.total.counts == {"green": 1, "yellow": 1, "red": 0, "none": 1, "unrated": 2}
    report = build_plan_report(round_plan, 1)
    assert data.total.counts == report.summary.total.effort  # the same numbers as the committee gets
    by_department = {group.label: group.counts for group in data.by_department}
    assert by_department["Ejendomme"] == {"green": 0, "yellow": 1, "red": 0, "none": 0, "unrated": 2}
    assert [group.label for group in data.by_committee] == ["Økonomiudvalget"]
    assert [group.label for group in data.trend] == ["1. budgetopfølgning 2018"]
    html = response.content.decode()
    assert "Kun godkendte vurderinger tælles, som i rapporten til udvalget" in html
    assert "2 (40 %)" in html_to_text(html)  # two of five not rated, in the table under the chart


def test_every_chart_is_an_image_with_its_numbers_in_words_and_no_inline_style(reader_client, round_plan):
    rate_round_1(round_plan)
    html = reader_client.get(overview_url(round_plan)).content.decode()
    assert "style=" not in html
    charts = re.findall(r'<img class="mp-chart" src="([^"]+)" alt="([^"]+)"', html)
    assert len(charts) == 4  # trend, theme, department, committee
    department = next((src, alt) for src, alt in charts if "/diagram/center.svg" in src)
    assert "Ejendomme: 1 neutral (33 %), 2 ikke vurderet (67 %)" in department[1]
    response = reader_client.get(department[0].replace("&amp;", "&"))
    assert response["Content-Type"] == "image/svg+xml"
    chart = parse_svg(response.content.decode())
    assert chart.find(f".//{SVG}path") is not None  # drawn, not an error page
    assert b"<style" not in response.content and b"style=" not in response.content  # CSP-safe


def test_a_chosen_round_and_an_unknown_round(reader_client, round_plan):
    rate_round_1(round_plan)
    data = reader_client.get(overview_url(round_plan, round=2)).context["overview"]
    assert data.round.ordinal == 2
    assert data.total.counts["unrated"] == 5
    assert [group.label for group in data.trend] == ["1. budgetopfølgning 2018", "2. budgetopfølgning 2018"]
    assert reader_client.get(overview_url(round_plan, round=9)).context["overview"].round.ordinal == 1  # ignored
    assert reader_client.get(overview_url(round_plan, round="x")).status_code == 200


def rate_two_rounds(plan):
    first, second = rounds_of(plan)[:2]
    i = initiatives(plan)
    before_after = {
        "1.02": ("green", "red"),  # newly red
        "3.04": ("yellow", "green"),  # better
        "3.08": ("green", "yellow"),  # worse
        "3.17": ("green", "green"),  # economy newly red below
        "7.11": ("none", "green"),  # no milestone before: not on the scale, no change
    }
    for number, (before, after) in before_after.items():
        RatingFactory(initiative=i[number], round=first, effort=before)
        RatingFactory(initiative=i[number], round=second, effort=after, economy="red" if number == "3.17" else "green")


def test_changes_since_the_previous_round_newly_red_first_then_worse_then_better(reader_client, round_plan):
    rate_two_rounds(round_plan)
    response = reader_client.get(overview_url(round_plan))
    data = response.context["overview"]
    assert data.round.ordinal == 2 and data.previous.ordinal == 1
    seen = [(c.initiative.number, c.kind, c.direction, c.newly_red) for c in data.changes]
    assert seen == [
        ("1.02", "effort", "worse", True),
        ("3.17", "economy", "worse", True),
        ("3.08", "effort", "worse", False),
        ("3.04", "effort", "better", False),
    ]
    html = response.content.decode()
    assert html.count("Ny sur") == 2 and "Dårligere" in html and "Bedre" in html
    assert "Viser 4 af 4 ændringer." in html


def test_the_changes_are_filtered_by_department_theme_and_direction(reader_client, round_plan):
    rate_two_rounds(round_plan)
    ejendomme = Department.objects.get(name="Ejendomme")
    theme_1 = round_plan.initiatives.get(number="1.02").theme

    def numbers(**params) -> list[str]:
        return [
            c.initiative.number
            for c in reader_client.get(overview_url(round_plan, **params)).context["overview"].changes
        ]

    assert numbers(direction="better") == ["3.04"]
    assert numbers(department=ejendomme.pk) == ["3.17", "3.08", "3.04"]
    assert numbers(department=ejendomme.pk, direction="worse") == ["3.17", "3.08"]
    assert numbers(theme=theme_1.pk) == ["1.02"]
    assert numbers(direction="sideways") == ["1.02", "3.17", "3.08", "3.04"]  # invalid: ignored
    html = reader_client.get(overview_url(round_plan, direction="better")).content.decode()
    assert "Viser 1 af 4 ændringer." in html
    assert "Nulstil filtre" in html


def _plan_with(n: int):
    plan = plan_with_rounds(year=2018 + n)
    themes = [ThemeFactory(agreement=plan.agreement, number=number) for number in (1, 2, 3)]
    first, second = rounds_of(plan)[:2]
    for index in range(n):
        initiative = InitiativeFactory(plan=plan, theme=themes[index % 3], number=f"{index % 3 + 1}.{index + 1:02d}")
        RatingFactory(initiative=initiative, round=first, effort="green")
        RatingFactory(initiative=initiative, round=second, effort=("green", "yellow", "red")[index % 3])
    return plan


def test_the_number_of_queries_does_not_grow_with_the_plan(client, reader):
    client.force_login(reader)
    counts = []
    for n in (5, 15):
        plan = _plan_with(n)
        url = overview_url(plan)
        client.get(url)  # warm caches (translations, content types)
        dataversion.bump()  # as after any write: the cached parts are rendered again
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        assert response.context["overview"].total.total == n
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1], counts
    assert counts[0][1] < counts[0][0]  # the cached page asks the database less


def test_the_header_opens_the_newest_plans_overview_and_the_plan_page_links_to_it(reader_client, round_plan):
    response = reader_client.get(reverse("followup:overview_home"))
    assert response.status_code == 302
    assert response["Location"] == overview_url(round_plan)
    html = reader_client.get(round_plan.get_absolute_url()).content.decode()
    assert f'href="{overview_url(round_plan)}"' in html
    assert f'href="{reverse("followup:overview_home")}"' in html


def test_without_plans_the_overview_says_so(reader_client):
    response = reader_client.get(reverse("followup:overview_home"))
    assert response.status_code == 200
    assert "Der er ingen udmøntninger endnu." in response.content.decode()
