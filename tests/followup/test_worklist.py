"""Rating in the worklist: each row saves itself as a draft (htmx), »Indsend alle færdige«
submits every complete row at once, errors and conflicts show at the row, and nothing
typed is lost. The single rating page goes on to the next initiative (»Gem og næste«)."""

import re

import pytest
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.followup.models import Rating
from tests.factories import rate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def row_data(initiative, version: int = 0, **fields) -> dict:
    """A worklist row's fields as the browser posts them (prefixed with the initiative)."""
    return {f"r{initiative.pk}-{name}": value for name, value in {"version": version, **fields}.items()}


def row_url(round_, initiative) -> str:
    return reverse("followup:worklist_row", args=[round_.pk, initiative.pk])


def row_html(response, initiative) -> str:
    html = response.content.decode()
    return re.search(rf'<li class="mp-row" id="row-{initiative.pk}">.*?</li>', html, re.S).group(0)


@pytest.fixture
def reporter_client(client, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    return client


def test_a_row_saves_itself_as_a_draft_and_answers_with_its_new_state(reporter_client, open_round, own_initiative):
    response = reporter_client.post(
        row_url(open_round, own_initiative), row_data(own_initiative, effort="green", economy="green"), **HTMX
    )
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert (rating.effort, rating.economy, rating.status, rating.version) == ("green", "green", "draft", 1)
    html = response.content.decode()
    # The row's state: the version the next save is based on, and when it was saved …
    assert f'name="r{own_initiative.pk}-version" value="1"' in html
    assert re.search(r"Kladde gemt kl\. \d\d\.\d\d", html_to_text(html))
    # … the count on »Indsend alle færdige« and the announcement for screen readers, out of band.
    assert re.search(r'<span id="submit-all-count" hx-swap-oob="true">1</span>', html)
    assert "Indsend alle færdige" not in html  # only the count is swapped, the button stays
    assert re.search(r'<p id="worklist-live" hx-swap-oob="innerHTML">3.04: Kladde gemt kl\. \d\d\.\d\d</p>', html)


def test_without_javascript_a_row_is_saved_and_the_user_comes_back_to_it(reporter_client, open_round, own_initiative):
    response = reporter_client.post(
        row_url(open_round, own_initiative), row_data(own_initiative, effort="yellow", effort_comment="Forsinket")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:worklist", args=[open_round.pk]) + f"#row-{own_initiative.pk}"
    assert Rating.objects.get().effort_comment == "Forsinket"
    page = reporter_client.get(response["Location"])
    assert "Kladden til 3.04 er gemt." in page.content.decode()


def test_a_row_based_on_an_old_version_is_a_conflict_showing_the_other_version(
    reporter_client, open_round, own_initiative, administrator
):
    first = rate(own_initiative, open_round, administrator, submit=False)
    services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=administrator,
        data=services.RatingInput(effort="red", effort_comment="Rettet af økonomi", economy="green"),
        expected_version=first.version,
    )
    response = reporter_client.post(
        row_url(open_round, own_initiative),
        row_data(own_initiative, version=first.version, effort="green", economy="green"),
        **HTMX,
    )
    assert response.status_code == 409
    text = html_to_text(response.content.decode())
    assert "Ændret af en anden, mens du arbejdede" in text
    assert "Rettet af økonomi" in text  # the stored version …
    assert "Din version står stadig i felterne" in text  # … beside the user's, which is kept
    assert Rating.objects.get().effort_comment == "Rettet af økonomi"
    # The next save is based on the stored version, so it replaces it on purpose.
    assert f'name="r{own_initiative.pk}-version" value="{first.version + 1}"' in response.content.decode()


def test_a_reader_or_another_department_cannot_save_a_row(client, open_round, own_initiative, reader, other_reporter):
    for user in (reader, other_reporter):
        client.force_login(user)
        response = client.post(row_url(open_round, own_initiative), row_data(own_initiative, effort="green"), **HTMX)
        assert response.status_code == 403
    assert not Rating.objects.exists()


def test_comment_fields_appear_where_the_rules_need_them_and_say_so(
    reporter_client, open_round, own_initiative, ejendomme_reporter
):
    data = services.RatingInput(effort="yellow", effort_comment="Forsinket", economy="green")
    rate(own_initiative, open_round, ejendomme_reporter, data=data, submit=False)
    html = reporter_client.get(reverse("followup:worklist", args=[open_round.pk])).content.decode()
    row = re.search(rf'<li class="mp-row" id="row-{own_initiative.pk}">.*?</li>', html, re.S).group(0)
    # A neutral effort needs its comment: shown; economy is glad: its fields wait until it is sur.
    assert 'class="mp-when mp-when-effort mp-shown"' in row
    assert 'class="mp-when mp-when-economy"' in row
    assert "Skal udfyldes ved neutral eller sur smiley for indsatsen." in row
    assert "Skal udfyldes ved sur smiley for økonomi" in row


def test_a_row_without_a_milestone_offers_only_no_milestone_chosen_already(
    client, open_round, blank_milestone_initiative, administrator
):
    client.force_login(administrator)
    html = client.get(reverse("followup:worklist", args=[open_round.pk])).content.decode()
    row = re.search(rf'<li class="mp-row" id="row-{blank_milestone_initiative.pk}">.*?</li>', html, re.S).group(0)
    effort = re.findall(rf'name="r{blank_milestone_initiative.pk}-effort" [^>]*value="(\w+)"([^>]*)>', row)
    assert effort == [("none", " checked")]


def test_submit_all_submits_complete_rows_keeps_the_rest_and_shows_errors_in_place(
    reporter_client, open_round, round_plan
):
    i304, i308, i317 = (round_plan.initiatives.get(number=n) for n in ("3.04", "3.08", "3.17"))
    data = {
        **row_data(i304, effort="green", economy="green"),
        **row_data(i308, effort="red", economy="green", effort_comment=""),  # sur needs a comment
        **row_data(i317, effort_comment="Første tanker"),  # changed, not complete: kept as a draft
        "submit_all": "1",
    }
    response = reporter_client.post(reverse("followup:worklist", args=[open_round.pk]), data, **HTMX)
    assert response.status_code == 422
    statuses = dict(Rating.objects.values_list("initiative__number", "status"))
    assert statuses == {"3.04": "submitted", "3.17": "draft"}
    text = html_to_text(response.content.decode())
    assert "1 vurdering er indsendt. 1 kladde er gemt. 1 indsats skal rettes – se ved indsatsen." in text
    # The error summary links to the field of the row, and the error is at the field too.
    assert f'href="#id_r{i308.pk}-effort_comment"' in response.content.decode()
    assert "3.08: Kommentar til indsats: Forklar en neutral eller sur smiley for indsatsen." in text
    row = row_html(response, i308)
    assert "form-error-message" in row and 'value="red" checked' in row  # the choice is kept
    assert "Første tanker</textarea>" in row_html(response, i317)


def test_submit_all_without_problems_comes_back_with_a_summary(reporter_client, open_round, round_plan):
    i304, i308 = (round_plan.initiatives.get(number=n) for n in ("3.04", "3.08"))
    data = {**row_data(i304, effort="green", economy="green"), **row_data(i308, effort="green", economy="green")}
    response = reporter_client.post(reverse("followup:worklist", args=[open_round.pk]), {**data, "submit_all": "1"})
    assert response.status_code == 302
    page = reporter_client.get(response["Location"])
    assert "2 vurderinger er indsendt." in html_to_text(page.content.decode())
    assert set(Rating.objects.values_list("status", flat=True)) == {"submitted"}


def test_submit_all_with_nothing_complete_says_so(reporter_client, open_round):
    response = reporter_client.post(reverse("followup:worklist", args=[open_round.pk]), {"submit_all": "1"})
    assert response.status_code == 302
    assert (
        "Der var ingen færdige vurderinger at indsende." in reporter_client.get(response["Location"]).content.decode()
    )


def test_a_submitted_rating_shows_when_and_until_when_it_can_be_changed(
    reporter_client, open_round, own_initiative, ejendomme_reporter
):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    when = rating.updated_at.astimezone().strftime("%H.%M")
    page = reporter_client.get(reverse("followup:rate", args=[open_round.pk, own_initiative.pk]))
    text = html_to_text(page.content.decode())
    assert re.search(
        rf"Indsendt \d+\. \w+ \d{{4}} kl\. {when} – du kan rette, indtil Økonomi og Styring har godkendt den\.", text
    )


def test_the_plans_own_definitions_are_the_hints_of_the_smileys(reporter_client, open_round, own_initiative):
    plan = own_initiative.plan
    plan.effort_yellow_definition = "Milepæl er ikke fuldt opfyldt, men det er fortsat realistisk"
    plan.economy_red_definition = "Budget ikke overholdt"
    plan.save()
    html = reporter_client.get(reverse("followup:rate", args=[open_round.pk, own_initiative.pk])).content.decode()
    hint = re.search(r'aria-describedby="(id_effort_1-definition)"', html)
    assert hint, "the neutral choice points at its definition"
    assert f'id="{hint.group(1)}">Milepæl er ikke fuldt opfyldt, men det er fortsat realistisk</span>' in html
    assert ">Budget ikke overholdt</span>" in html


@pytest.mark.parametrize("button,status", [("submit_next", "submitted"), ("draft_next", "draft")])
def test_save_and_next_goes_to_the_next_initiative_not_handed_in(
    reporter_client, open_round, round_plan, ejendomme_reporter, button, status
):
    i304, i308, i317 = (round_plan.initiatives.get(number=n) for n in ("3.04", "3.08", "3.17"))
    rate(i308, open_round, ejendomme_reporter)  # handed in: skipped
    response = reporter_client.post(
        reverse("followup:rate", args=[open_round.pk, i304.pk]),
        {"effort": "green", "economy": "green", "version": 0, button: "1"},
    )
    assert response["Location"] == reverse("followup:rate", args=[open_round.pk, i317.pk])
    assert Rating.objects.get(initiative=i304).status == status


def test_save_and_next_on_the_last_one_goes_back_to_the_worklist(
    reporter_client, open_round, round_plan, ejendomme_reporter
):
    i304, i308, i317 = (round_plan.initiatives.get(number=n) for n in ("3.04", "3.08", "3.17"))
    rate(i304, open_round, ejendomme_reporter)
    rate(i308, open_round, ejendomme_reporter)
    response = reporter_client.post(
        reverse("followup:rate", args=[open_round.pk, i317.pk]),
        {"effort": "green", "economy": "green", "version": 0, "submit_next": "1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("followup:worklist", args=[open_round.pk])
    assert "Alle dine indsatser i opfølgningen er indsendt." in response.content.decode()


def test_after_saving_on_the_rating_page_the_user_is_back_at_the_row(reporter_client, open_round, own_initiative):
    response = reporter_client.post(
        reverse("followup:rate", args=[open_round.pk, own_initiative.pk]),
        {"effort": "green", "economy": "green", "version": 0, "draft": "1"},
    )
    assert response["Location"].endswith(f"#row-{own_initiative.pk}")


@pytest.fixture
def two_per_page(settings):
    settings.MILEPAEL_WORKLIST_PER_PAGE = 2


def ordered_worklist(round_, user) -> list:
    from milepael.followup import selectors
    from milepael.plans.models import Initiative

    ids = selectors.worklist_ids(round_, user)
    by_pk = Initiative.objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids]


def shown_rows(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="mp-row" id="row-(\d+)">', response.content.decode())]


def test_a_long_worklist_comes_in_pages(two_per_page, reporter_client, open_round, ejendomme_reporter):
    initiatives = ordered_worklist(open_round, ejendomme_reporter)
    assert len(initiatives) >= 3
    url = reverse("followup:worklist", args=[open_round.pk])
    first = reporter_client.get(url)
    assert shown_rows(first) == [i.pk for i in initiatives[:2]]
    text = html_to_text(first.content.decode())
    assert f"Indsats 1–2 af {len(initiatives)}." in text
    assert f'href="{url}?side=2#worklist-pages"' in first.content.decode()
    second = reporter_client.get(url, {"side": 2})
    assert shown_rows(second) == [i.pk for i in initiatives[2:4]]
    assert 'name="side" value="2"' in second.content.decode()  # the form posts the page it shows
    assert shown_rows(reporter_client.get(url, {"side": 99})) == shown_rows(  # past the end: the last page
        reporter_client.get(url, {"side": (len(initiatives) + 1) // 2})
    )


def test_submit_all_on_one_page_submits_the_complete_drafts_of_the_others(
    settings, reporter_client, open_round, ejendomme_reporter
):
    settings.MILEPAEL_WORKLIST_PER_PAGE = 1
    initiatives = ordered_worklist(open_round, ejendomme_reporter)
    on_page, later, faulty = initiatives[:3]
    for initiative, fields in (
        (later, {"effort": "green", "economy": "green"}),
        (faulty, {"effort": "red", "economy": "green"}),
    ):
        assert (
            reporter_client.post(row_url(open_round, initiative), row_data(initiative, **fields), **HTMX).status_code
            == 200
        )
    data = {**row_data(on_page, effort="green", economy="green"), "submit_all": "1", "side": "1"}
    response = reporter_client.post(reverse("followup:worklist", args=[open_round.pk]), data, **HTMX)
    statuses = dict(Rating.objects.values_list("initiative__number", "status"))
    assert statuses == {on_page.number: "submitted", later.number: "submitted", faulty.number: "draft"}
    assert response.status_code == 422
    text = html_to_text(response.content.decode())
    assert "2 vurderinger er indsendt." in text
    assert f"Indsats {faulty.number} på en anden side kunne ikke indsendes – åbn den, og ret den." in text
    assert shown_rows(response) == [on_page.pk]  # still the page the user is on


def test_a_row_saved_without_javascript_comes_back_on_its_own_page(
    two_per_page, reporter_client, open_round, ejendomme_reporter
):
    third = ordered_worklist(open_round, ejendomme_reporter)[2]
    response = reporter_client.post(row_url(open_round, third), row_data(third, effort="green", economy="green"))
    assert response["Location"] == reverse("followup:worklist", args=[open_round.pk]) + f"?side=2#row-{third.pk}"
    assert third.pk in shown_rows(reporter_client.get(response["Location"]))
