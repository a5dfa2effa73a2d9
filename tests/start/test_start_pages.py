"""The start page by role: each tells its user the next step; reporters see their open
round, administrators the progress and what is due, readers the latest status and report."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.public import services as public_services
from tests.factories import add_initiative, rate

pytestmark = pytest.mark.django_db
START = "/"


def page_text(client) -> str:
    response = client.get(START)
    assert response.status_code == 200
    return html_to_text(response.content.decode())


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries(client) -> int:
    client.get(START)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(START).status_code == 200
    return len(captured)


def test_the_start_page_is_the_front_page_and_the_plans_list_moved(client, reader):
    assert client.get(START).status_code == 302  # anonymous: to the login page
    client.force_login(reader)
    html = client.get(START).content.decode()
    assert reverse("plans:home") == "/udmoentninger/"
    assert f'href="{reverse("plans:home")}"' in html  # still one click away, in the header
    assert client.get(reverse("plans:home")).status_code == 200


def test_a_reporter_sees_the_open_round_the_counts_and_the_returned_items(
    open_round, round_plan, ejendomme_reporter, administrator
):
    i304, i308 = (round_plan.initiatives.get(number=n) for n in ("3.04", "3.08"))
    returned = rate(i304, open_round, ejendomme_reporter)
    services.return_rating(
        returned, user=administrator, expected_version=returned.version, remark="Uddyb forsinkelsen."
    )
    rate(i308, open_round, ejendomme_reporter, submit=False)
    client = client_of(ejendomme_reporter)
    html = client.get(START).content.decode()
    text = html_to_text(html)
    assert "1 vurdering er sendt retur. Ret den, og indsend igen." in text  # the next step …
    assert (
        f'class="button button-primary" href="{reverse("followup:worklist", args=[open_round.pk])}">Gå til arbejdslisten'
        in html
    )
    assert "Frist 15. april 2018 – overskredet med" in text  # the fixture's deadline is long past
    # Not started / draft / returned / submitted / approved / total, for Ejendomme's three initiatives.
    assert "Ikke påbegyndt Kladde Sendt retur Indsendt Godkendt I alt 1 1 1 0 0 3" in text
    assert "Uddyb forsinkelsen." in text
    assert "/opfoelgning/kalender/" in html  # the calendar address


def test_days_left_before_the_deadline(open_round, ejendomme_reporter):
    open_round.deadline = timezone.localdate() + datetime.timedelta(days=12)
    open_round.save()
    assert "– 12 dage tilbage" in page_text(client_of(ejendomme_reporter))
    open_round.deadline = timezone.localdate() + datetime.timedelta(days=1)
    open_round.save()
    assert "– 1 dag tilbage" in page_text(client_of(ejendomme_reporter))


def test_a_reporter_without_an_open_round_is_told_what_happens_next(round_plan, ejendomme_reporter):
    text = page_text(client_of(ejendomme_reporter))
    assert "Der er ingen åben opfølgning for dit center lige nu. Du får besked, når den næste åbner." in text


def test_readers_never_see_reporter_tools(open_round, reader):
    html = client_of(reader).get(START).content.decode()
    assert "arbejdsliste" not in html.lower()
    assert "/opfoelgning/kalender/" not in html
    assert "Gennemgå" not in html


def test_the_administrators_next_step_follows_the_round(open_round, round_plan, ejendomme_reporter, administrator):
    client = client_of(administrator)
    open_round.deadline = timezone.localdate() + datetime.timedelta(days=20)
    open_round.save()
    assert "Centrene arbejder: 5 indsatser mangler at blive indsendt" in page_text(client)

    open_round.deadline = timezone.localdate() + datetime.timedelta(days=2)
    open_round.save()
    html = client.get(START).content.decode()
    assert "3 centre mangler at indsende i 1. budgetopfølgning 2018." in html_to_text(html)
    assert f'<form method="post" action="{reverse("followup:remind", args=[open_round.pk])}">' in html

    rating = rate(round_plan.initiatives.get(number="3.04"), open_round, ejendomme_reporter)
    html = client.get(START).content.decode()
    assert "1 vurdering venter på din gennemgang i 1. budgetopfølgning 2018." in html_to_text(html)
    assert f'href="{reverse("followup:review", args=[open_round.pk])}">Gennemgå indsendte vurderinger' in html

    services.approve_rating(rating, user=administrator, expected_version=rating.version)
    for initiative in round_plan.initiatives.exclude(number="3.04"):
        blank = services.milestone_for(initiative, open_round).is_blank
        data = services.RatingInput(effort="none" if blank else "green", economy="green")
        done = rate(initiative, open_round, administrator, data=data)
        services.approve_rating(done, user=administrator, expected_version=done.version)
    html = client.get(START).content.decode()
    assert "Alle vurderinger i 1. budgetopfølgning 2018 er godkendt." in html_to_text(html)
    assert f'href="{reverse("followup:round_close", args=[open_round.pk])}">Luk opfølgningen' in html

    services.close_round(open_round, user=administrator)
    html = client.get(START).content.decode()
    assert "Hent rapporten til udvalget, og offentliggør status for borgerne." in html_to_text(html)
    assert f'href="{reverse("public:publish", args=[open_round.pk])}">Offentliggør' in html

    public_services.publish_round(open_round, user=administrator)
    html = client.get(START).content.decode()
    assert "Næste opfølgning er 2. budgetopfølgning 2018." in html_to_text(html)
    assert ">Åbn næste opfølgning</a>" in html


def test_a_reader_sees_the_latest_round_per_theme_and_the_latest_report(
    open_round, round_plan, ejendomme_reporter, administrator, reader
):
    for number, effort in (("3.04", "green"), ("3.08", "red"), ("1.02", "yellow")):
        data = services.RatingInput(effort=effort, effort_comment="…", economy="green")
        rating = rate(round_plan.initiatives.get(number=number), open_round, administrator, data=data)
        services.approve_rating(rating, user=administrator, expected_version=rating.version)
    rate(round_plan.initiatives.get(number="3.17"), open_round, ejendomme_reporter)  # submitted, not approved
    services.close_round(open_round, user=administrator, reason="Til udvalget.")
    public_services.publish_round(open_round, user=administrator)
    html = client_of(reader).get(START).content.decode()
    text = html_to_text(html)
    # Glad, neutral, sur, no milestone, not rated – per theme (3.17 is not approved: not rated).
    assert "1. Vision 2029 0 1 0 0 0" in text
    assert "3. Sammenhængende udviklingsforløb 0-25 år 1 0 1 0 1" in text
    assert "7. Borgeren og Kommunen 0 0 0 0 1" in text
    assert "I alt 1 1 1 0 2" in text
    plan = round_plan
    assert reverse("reports:followup_report", args=[plan.pk, 1, "pdf"]) in html
    assert reverse("public:plan", args=[plan.pk]) in html
    assert "Status for 1. budgetopfølgning 2018 er klar. Læs rapporten til udvalget." in text
    # The overview in short, counted the same way, with the link to the whole of it.
    assert "Overblik: 1. budgetopfølgning 2018" in text
    assert "Glad 1 (20 %) Neutral 1 (20 %) Sur 1 (20 %) Ingen milepæl 0 (0 %) Ikke vurderet 2 (40 %)" in " ".join(
        text.split()
    )
    assert reverse("followup:overview", args=[plan.pk]) in html
    # The chart is an image of its own (inline it was most of the page), its numbers in the alt text.
    chart_url = reverse("start:overview_chart")
    image = re.search(rf'<img class="mp-chart" src="{chart_url}" alt="([^"]+)"', html)
    assert image and "1. Vision 2029: 1 neutral (100 %)" in image.group(1)
    chart = client_of(reader).get(chart_url)
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content and b"Indsats pr. tema" in chart.content


@pytest.mark.parametrize("role", ["ejendomme_reporter", "administrator", "reader"])
def test_the_start_pages_run_a_fixed_number_of_queries(
    request, role, open_round, round_plan, ejendomme_reporter, administrator
):
    client = client_of(request.getfixturevalue(role))
    first = rate(round_plan.initiatives.get(number="3.04"), open_round, ejendomme_reporter)
    services.return_rating(first, user=administrator, expected_version=first.version, remark="Uddyb.")
    before = queries(client)
    for number in range(20, 35):
        initiative = add_initiative(round_plan, f"3.{number}", department="Ejendomme")
        rating = rate(initiative, open_round, ejendomme_reporter)
        if number % 2:
            services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    assert queries(client) == before


def test_of_many_themes_a_reader_sees_those_with_the_most_sur_smileys(open_round, round_plan, administrator, reader):
    """A start page sums up: of more than ten themes it shows the ten with the most sur, then
    neutral smileys (the overview shows them all), and says so; the totals count every theme."""
    efforts = {number: "red" for number in range(20, 25)} | {11: "yellow"}
    for number in range(11, 25):
        initiative = add_initiative(round_plan, f"{number}.01", department="Ejendomme")
        data = services.RatingInput(effort=efforts.get(number, "green"), effort_comment="…", economy="green")
        rating = rate(initiative, open_round, administrator, data=data)
        services.approve_rating(rating, user=administrator, expected_version=rating.version)
    services.close_round(open_round, user=administrator, reason="Til udvalget.")
    public_services.publish_round(open_round, user=administrator)
    html = client_of(reader).get(START).content.decode()
    themes = round_plan.initiatives.values("theme").distinct().count()
    assert themes == len(round_plan.initiatives.filter(number__endswith=".01")) + 3 > 10
    summary = html[html.index('id="summary-heading"') :]
    body = summary[summary.index("<tbody>") : summary.index("</tbody>")]
    shown = [row.split(".")[0] for row in re.findall(r'<tr><th scope="row">([^<]+)</th>', body)]
    # The five with a sur smiley, the one with a neutral, then the first four of the rest in
    # theme order (the seed's unrated 1, 3 and 7, and 12): not the other glad-only themes.
    assert shown == ["1", "3", "7", "11", "12", "20", "21", "22", "23", "24"]
    text = html_to_text(html)
    assert f"Tabellen viser de 10 af {themes} temaer, der har flest sure og derefter neutrale smileys" in text
    total = round_plan.initiatives.count()
    assert re.search(rf"I alt 8 1 5 0 {total - 14}\b", text)
    assert 'alt="Indsats i de 10 temaer med flest sure smileys' in html  # the chart's title, in its alt text
    assert f"Diagrammet viser de 10 af {themes} temaer" in text


def test_without_a_plan_there_is_no_overview_chart(client, reader):
    client.force_login(reader)
    assert client.get(reverse("start:overview_chart")).status_code == 404
