"""The round as users live it in the browser: worklist, rating form, review, overview."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.followup.models import Rating
from milepael.plans.models import Initiative
from tests.conftest import OWN_MILESTONE
from tests.factories import add_initiative, rate
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html_to_text(response.content.decode())


def rate_url(round_, initiative):
    return reverse("followup:rate", args=[round_.pk, initiative.pk])


def test_reporter_rates_submits_and_sees_it_in_the_worklist(client, open_round, ejendomme_reporter, own_initiative):
    client.force_login(ejendomme_reporter)
    form = client.get(rate_url(open_round, own_initiative))
    assert html_to_text(OWN_MILESTONE) in text_of(form)  # the round's milestone is what is rated
    response = client.post(
        rate_url(open_round, own_initiative),
        {"effort": "yellow", "effort_comment": "Forsinket en måned", "economy": "green", "version": 0, "submit": "1"},
    )
    assert response.status_code == 302
    worklist = client.get(response["Location"])
    text = text_of(worklist)
    assert "Vurderingen af 3.04 er indsendt." in text
    row = re.search(rf'<li class="mp-row" id="row-{own_initiative.pk}">.*?</li>', worklist.content.decode(), re.S)
    # The row shows the stored smiley as the chosen one (every choice is on the row), and the status.
    assert re.search(r'value="yellow" checked', row.group(0))
    assert "Indsendt" in html_to_text(row.group(0))


def test_invalid_submission_keeps_what_the_user_typed(client, open_round, ejendomme_reporter, own_initiative):
    client.force_login(ejendomme_reporter)
    response = client.post(
        rate_url(open_round, own_initiative),
        {
            "effort": "red",
            "effort_comment": "",
            "economy": "red",
            "economy_comment": "Merudgift på 0,4 mio. kr.",
            "version": 0,
            "submit": "1",
        },
    )
    assert response.status_code == 422
    text = text_of(response)
    assert "Forklar en neutral eller sur smiley for indsatsen." in text
    assert "Angiv den alternative finansiering, når smileyen for økonomi er sur." in text
    html = response.content.decode()
    assert "Merudgift på 0,4 mio. kr.</textarea>" in html
    assert re.search(r'value="red" checked', html)
    assert not Rating.objects.exists()


def test_concurrent_edit_shows_both_versions_and_keeps_the_users_text(
    client, open_round, ejendomme_reporter, administrator, own_initiative
):
    client.force_login(ejendomme_reporter)
    client.get(rate_url(open_round, own_initiative))  # reporter opens the form at version 0
    services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=administrator,
        data=services.RatingInput(effort="green", economy="green", effort_comment="Rettet af økonomi"),
        expected_version=0,
    )
    response = client.post(
        rate_url(open_round, own_initiative),
        {"effort": "yellow", "effort_comment": "Min forklaring", "economy": "green", "version": 0, "submit": "1"},
    )
    assert response.status_code == 409
    text = text_of(response)
    assert "Vurderingen er ændret af en anden, mens du redigerede den" in text
    assert "Rettet af økonomi" in text  # the stored version
    assert "Min forklaring</textarea>" in response.content.decode()  # the user's version
    assert Rating.objects.get().effort_comment == "Rettet af økonomi"
    # Saving again from the conflict page is a deliberate overwrite.
    version = re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)
    again = client.post(
        rate_url(open_round, own_initiative),
        {"effort": "yellow", "effort_comment": "Min forklaring", "economy": "green", "version": version, "submit": "1"},
    )
    assert again.status_code == 302
    assert Rating.objects.get().effort_comment == "Min forklaring"


def test_administrator_returns_one_and_approves_another(client, open_round, ejendomme_reporter, administrator):
    ratings = [rate(Initiative.objects.get(number=n), open_round, ejendomme_reporter, GREEN) for n in ("3.04", "3.08")]
    client.force_login(administrator)
    review = client.get(reverse("followup:review", args=[open_round.pk]))
    assert "2 vurderinger venter på gennemgang" in text_of(review)
    client.post(
        reverse("followup:return", args=[ratings[0].pk]),
        {"version": ratings[0].version, "remark": "Hvilke delopgaver?"},
    )
    client.post(reverse("followup:approve", args=[ratings[1].pk]), {"version": ratings[1].version})
    assert dict(Rating.objects.values_list("initiative__number", "status")) == {"3.04": "returned", "3.08": "approved"}
    client.force_login(ejendomme_reporter)
    worklist = text_of(client.get(reverse("followup:worklist", args=[open_round.pk])))
    assert "Hvilke delopgaver?" in worklist


def test_round_page_shows_progress_per_department(
    client, open_round, ejendomme_reporter, administrator, own_initiative
):
    rate(own_initiative, open_round, ejendomme_reporter, GREEN)
    client.force_login(administrator)
    html = client.get(reverse("followup:round", args=[open_round.pk])).content.decode()
    row = re.search(r"<th scope=\"row\">Ejendomme</th>(.*?)</tr>", html, re.S).group(1)
    cells = [html_to_text(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    total = Initiative.objects.filter(responsible_department__name="Ejendomme").count()
    assert cells[:5] == [str(total), str(total - 1), "0", "1", "0"]


def test_progress_counts_this_rounds_ratings_once_whatever_earlier_rounds_hold(
    open_round, round_plan, ejendomme_reporter, administrator
):
    """Initiatives rated in round 1 and again in round 2: round 2's counts per department and
    per plan are of round 2's ratings, each initiative once."""
    from milepael.followup import selectors

    for initiative in round_plan.initiatives.exclude(number="7.11"):  # 7.11 has no milestone in round 1
        rating = rate(initiative, open_round, administrator, GREEN)
        services.approve_rating(rating, user=administrator, expected_version=rating.version)
    services.close_round(open_round, user=administrator, reason="7.11 har ingen milepæl.")
    second = services.open_round(round_plan.agreement.rounds.get(ordinal=2), user=administrator, deadline=None)
    rate(round_plan.initiatives.get(number="3.04"), second, ejendomme_reporter, GREEN)  # submitted
    by_department = {row.department.name: (row.total, dict(row.counts)) for row in selectors.round_progress(second)}
    assert by_department["Ejendomme"] == (3, {"draft": 0, "submitted": 1, "returned": 0, "approved": 0})
    (plan,) = selectors.plan_progress(second)
    assert (plan.total, dict(plan.counts)) == (5, {"draft": 0, "submitted": 1, "returned": 0, "approved": 0})
    (plan,) = selectors.plan_progress(open_round)
    assert (plan.total, plan.counts["approved"]) == (5, 4)


def test_smileys_are_never_shown_by_colour_alone(client, open_round, ejendomme_reporter, reader, own_initiative):
    services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=ejendomme_reporter,
        data=services.RatingInput(effort="red", effort_comment="x", economy="green"),
        expected_version=0,
        submit=True,
    )
    client.force_login(reader)
    html = client.get(reverse("followup:plan_smileys", args=[own_initiative.plan_id])).content.decode()
    red = re.search(r'<span class="mp-smiley mp-smiley--red">.*?</span></span>', html, re.S).group(0)
    assert 'aria-hidden="true"' in red  # the face is decoration …
    assert "Sur" in html_to_text(red)  # … the word carries the meaning
    assert 'd="M7.5 17q4.5-4.5 9 0"' in red  # frown shape, distinct from smile and neutral


def test_smiley_overview_counts_per_theme_and_department(client, open_round, ejendomme_reporter, reader):
    for number, effort in (("3.04", "green"), ("3.08", "yellow"), ("3.17", "green")):
        services.save_rating(
            initiative=Initiative.objects.get(number=number),
            round_=open_round,
            user=ejendomme_reporter,
            data=services.RatingInput(effort=effort, effort_comment="x", economy="green"),
            expected_version=0,
            submit=True,
        )
    client.force_login(reader)
    response = client.get(reverse("followup:plan_smileys", args=[Initiative.objects.get(number="3.04").plan_id]))
    overview = response.context["overview"]
    theme_counts = {g.label: g for g in overview.by_theme[0][1]}
    group = theme_counts["3. Sammenhængende udviklingsforløb 0-25 år"]
    assert (group.effort["green"], group.effort["yellow"], group.economy["green"]) == (2, 1, 3)
    department_counts = {g.label: g for g in overview.by_department[0][1]}
    assert department_counts["Ejendomme"].effort["green"] == 2


def test_initiative_page_shows_ratings_revisions_and_history(
    client, open_round, ejendomme_reporter, administrator, own_initiative, reader
):
    import datetime

    services.revise_economy(
        own_initiative,
        user=administrator,
        text="Anlæg 7 mio. kr.",
        approved_on=datetime.date(2018, 3, 1),
        approval_reference="KB 26.02.2018",
    )
    services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=ejendomme_reporter,
        data=services.RatingInput(effort="yellow", effort_comment="Forsinket", economy="green"),
        expected_version=0,
        submit=True,
    )
    client.force_login(reader)
    text = text_of(client.get(own_initiative.get_absolute_url()))
    assert "Neutral: ikke fuldt opfyldt, men realistisk" in text
    assert "Vurderet mod revideret økonomi (KB 26.02.2018)" in text
    assert "Historik" in text and "ejendomme" in text


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_worklist_and_overview_queries_do_not_grow_with_ratings(
    client, round_plan, open_round, ejendomme_reporter, administrator
):
    # Ten more of Ejendomme's initiatives, so "before" (one rating) and "after" (all rated) differ in size.
    for number in range(20, 30):
        add_initiative(round_plan, f"3.{number}", department="Ejendomme")
    client.force_login(administrator)
    urls = [
        reverse("followup:worklist", args=[open_round.pk]),
        reverse("followup:plan_smileys", args=[open_round.agreement.plans.get().pk]),
        reverse("followup:review", args=[open_round.pk]),
        reverse("followup:round", args=[open_round.pk]),
    ]
    initiatives = list(Initiative.objects.filter(responsible_department__name="Ejendomme"))
    rate(initiatives[0], open_round, ejendomme_reporter, GREEN)
    before = [_queries(client, url) for url in urls]
    for initiative in initiatives[1:]:
        rate(initiative, open_round, ejendomme_reporter, GREEN)
    after = [_queries(client, url) for url in urls]
    assert before == after
