"""The agreement page: all its committees' plans, their progress in the open round and the
overview across them; linked from the plans list, each plan's breadcrumb and the round page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.core import dataversion
from milepael.core.richtext import html_to_text
from milepael.followup.models import Rating
from milepael.plans.models import EconomyAmount, FollowUpRound
from tests.factories import DepartmentFactory, InitiativeFactory, RatingFactory, ThemeFactory, plan_with_rounds

pytestmark = pytest.mark.django_db

DRAFT, SUBMITTED = Rating.Status.DRAFT, Rating.Status.SUBMITTED


def agreement_url(plan) -> str:
    return reverse("followup:agreement", args=[plan.agreement_id])


def second_plan(round_plan):
    """Børne- og Skoleudvalget's plan of the same agreement: 3.01 and 3.02 (Dagtilbud),
    rated green and red (approved) in round 1; round 2 open, 3.01 a draft, 3.02 not started."""
    plan = plan_with_rounds(committee="Børne- og Skoleudvalget", agreement=round_plan.agreement)
    theme = round_plan.agreement.themes.get(number=3)
    dagtilbud = DepartmentFactory(name="Dagtilbud")
    first, second = round_plan.agreement.rounds.order_by("ordinal")[:2]
    for number, effort in (("3.01", "green"), ("3.02", "red")):
        initiative = InitiativeFactory(plan=plan, theme=theme, number=number, responsible_department=dagtilbud)
        RatingFactory(initiative=initiative, round=first, effort=effort)
    RatingFactory(initiative=plan.initiatives.get(number="3.01"), round=second, status=DRAFT)
    return plan


def open_second_round(agreement):
    # The round's status is set directly: opening (and its mails) is tested in test_round_pages.
    FollowUpRound.objects.filter(agreement=agreement, ordinal=1).update(status="closed")
    FollowUpRound.objects.filter(agreement=agreement, ordinal=2).update(status="open")


def test_the_agreement_page_shows_each_plans_progress_and_the_smileys_across_committees(reader_client, round_plan):
    other = second_plan(round_plan)
    first, second = round_plan.agreement.rounds.order_by("ordinal")[:2]
    own = {i.number: i for i in round_plan.initiatives.all()}
    RatingFactory(initiative=own["1.02"], round=first, effort="green")
    RatingFactory(initiative=own["3.04"], round=first, effort="yellow")
    RatingFactory(initiative=own["3.04"], round=second, status=SUBMITTED)
    RatingFactory(initiative=own["3.08"], round=second, status=DRAFT)
    open_second_round(round_plan.agreement)

    response = reader_client.get(agreement_url(round_plan))
    assert response.status_code == 200
    progress = {row.label: row for row in response.context["progress"]}
    assert list(progress) == ["Børne- og Skoleudvalget", "Økonomiudvalget"]
    assert (progress["Økonomiudvalget"].total, progress["Økonomiudvalget"].missing) == (5, 3)
    assert progress["Økonomiudvalget"].counts[SUBMITTED] == progress["Økonomiudvalget"].counts[DRAFT] == 1
    assert (progress["Børne- og Skoleudvalget"].total, progress["Børne- og Skoleudvalget"].missing) == (2, 1)
    assert progress["Børne- og Skoleudvalget"].counts[DRAFT] == 1

    data = response.context["overview"]
    assert data.round.ordinal == 1 and data.total.total == 5 + 2
    by_committee = {group.label: group.counts for group in data.by_committee}
    assert by_committee["Økonomiudvalget"] == {"green": 1, "yellow": 1, "red": 0, "none": 0, "unrated": 3}
    assert by_committee["Børne- og Skoleudvalget"] == {"green": 1, "yellow": 0, "red": 1, "none": 0, "unrated": 0}
    themes = {group.label: group.total for group in data.by_theme}
    assert themes["3. Sammenhængende udviklingsforløb 0-25 år"] == 3 + 2  # both plans' theme 3
    assert {group.label for group in data.by_department} >= {"Dagtilbud", "Ejendomme"}

    text = html_to_text(response.content.decode())
    assert "Fremdrift i 2. budgetopfølgning 2018, som er åben" in text
    html = response.content.decode()
    assert f'href="{other.get_absolute_url()}"' in html and f'href="{round_plan.get_absolute_url()}"' in html
    chart = reverse("followup:agreement_chart", args=[round_plan.agreement_id, "udvalg"])
    assert f'src="{chart}"' in html and "style=" not in html


def test_without_an_open_round_the_page_lists_the_plans(reader_client, round_plan):
    response = reader_client.get(agreement_url(round_plan))
    assert response.context["open_round"] is None and response.context["progress"] == []
    text = html_to_text(response.content.decode())
    assert "Ingen opfølgning er åben lige nu." in text
    assert f'href="{round_plan.get_absolute_url()}"' in response.content.decode()


def test_the_plans_list_the_plan_page_and_the_round_page_link_to_the_agreement(reader_client, round_plan):
    second_plan(round_plan)
    open_second_round(round_plan.agreement)
    url = agreement_url(round_plan)
    assert f'href="{url}"' in reader_client.get(reverse("plans:home")).content.decode()
    assert f'href="{url}"' in reader_client.get(round_plan.get_absolute_url()).content.decode()
    second = round_plan.agreement.rounds.get(ordinal=2)
    response = reader_client.get(reverse("followup:round", args=[second.pk]))
    assert f'href="{url}"' in response.content.decode()
    assert [row.label for row in response.context["plan_progress"]] == ["Børne- og Skoleudvalget", "Økonomiudvalget"]
    assert "Antal vurderinger pr. udvalg og status" in response.content.decode()


def _agreement_with(plans: int, initiatives: int):
    """An agreement with `plans` committees' plans of `initiatives` rated initiatives each."""
    first = plan_with_rounds(year=2030 + plans)
    agreement = first.agreement
    themes = [ThemeFactory(agreement=agreement, number=number) for number in (1, 2)]
    round_1 = agreement.rounds.get(ordinal=1)
    for index in range(plans):
        plan = first if index == 0 else plan_with_rounds(committee=f"Udvalg {index}", agreement=agreement)
        for n in range(initiatives):
            initiative = InitiativeFactory(plan=plan, theme=themes[n % 2], number=f"{n % 2 + 1}.{n + 1:02d}")
            RatingFactory(initiative=initiative, round=round_1, effort=("green", "yellow", "red")[n % 3])
    open_second_round(agreement)
    return first


def test_the_number_of_queries_does_not_grow_with_the_plans(client, reader):
    client.force_login(reader)
    counts = []
    for plans, initiatives in ((2, 3), (4, 6)):
        url = agreement_url(_agreement_with(plans, initiatives))
        client.get(url)  # warm caches (translations, content types)
        dataversion.bump()  # as after any write: the cached parts are rendered again
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        assert len(response.context["progress"]) == plans
        assert response.context["overview"].total.total == plans * initiatives
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1], counts
    assert counts[0][1] < counts[0][0]  # the cached page asks the database less


def test_an_unknown_agreement_is_not_found(reader_client):
    assert reader_client.get(reverse("followup:agreement", args=[999])).status_code == 404


def test_each_departments_share_of_sur_per_year(reader_client, round_plan):
    """Approved effort smileys on the scale only: ingen milepæl and submitted ones are left out."""
    earlier = plan_with_rounds(year=2017)
    theme = ThemeFactory(agreement=earlier.agreement, number=3)
    ejendomme = round_plan.initiatives.get(number="3.04").responsible_department
    first_2017 = earlier.agreement.rounds.get(ordinal=1)
    for effort in ("red", "red", "green", "none"):
        initiative = InitiativeFactory(plan=earlier, theme=theme, responsible_department=ejendomme)
        RatingFactory(initiative=initiative, round=first_2017, effort=effort)
    own = {i.number: i for i in round_plan.initiatives.all()}
    first_2018 = round_plan.agreement.rounds.get(ordinal=1)
    RatingFactory(initiative=own["3.04"], round=first_2018, effort="red")
    RatingFactory(initiative=own["3.08"], round=first_2018, effort="green")
    RatingFactory(initiative=own["3.17"], round=first_2018, effort="red", status=SUBMITTED)

    response = reader_client.get(agreement_url(round_plan))
    table = response.context["red_shares"]
    assert table.years == [2017, 2018]
    shares = dict(table.rows)["Ejendomme"]
    assert [(share.red, share.rated, share.percent) for share in shares] == [(2, 3, "67"), (1, 2, "50")]
    text = html_to_text(response.content.decode())
    assert "Sure smileys pr. center og år" in text and "67 % (2 af 3)" in text
    # The 2017 page does not look ahead to 2018.
    assert reader_client.get(agreement_url(earlier)).context["red_shares"].years == [2017]


def test_the_header_overview_opens_the_agreement_once_several_committees_share_it(reader_client, round_plan):
    home = reverse("followup:overview_home")
    assert reader_client.get(home)["Location"] == reverse("followup:overview", args=[round_plan.pk])
    second_plan(round_plan)
    assert reader_client.get(home)["Location"] == agreement_url(round_plan)


def test_the_agreement_page_totals_the_budget_per_committee_with_constant_queries(reader_client, round_plan):
    other = second_plan(round_plan)
    own = round_plan.initiatives.get(number="3.04")
    EconomyAmount.objects.create(initiative=own, year=2018, kind="drift", sign="udgift", amount_kr=2_000_000)
    theirs = other.initiatives.get(number="3.01")
    EconomyAmount.objects.create(initiative=theirs, year=2018, kind="drift", sign="besparelse", amount_kr=500_000)
    with CaptureQueriesContext(connection) as few:
        text = " ".join(html_to_text(reader_client.get(agreement_url(round_plan)).content.decode()).split())
    assert "Børne- og Skoleudvalget -500.000 kr. -500.000 kr." in text
    assert "Økonomiudvalget 2 mio. kr. 2 mio. kr." in text
    assert "Aftalen i alt 1,5 mio. kr. 1,5 mio. kr." in text
    for year in (2019, 2020):
        for initiative in round_plan.initiatives.all():
            EconomyAmount.objects.create(initiative=initiative, year=year, kind="anlaeg", sign="udgift", amount_kr=1)
    with CaptureQueriesContext(connection) as many:
        reader_client.get(agreement_url(round_plan))
    assert len(many) == len(few)
