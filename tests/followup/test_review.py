"""The review: cards with the previous round beside the new smileys, filters, approving
several at once (row locks in one order, conflicts per card), sending back with a remark
that starts a dialogue, and the section of ratings waiting for the department."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.followup.models import Rating, RatingMessage
from tests.factories import RatingFactory, rate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
SUR_SUR = services.RatingInput(
    effort="red", effort_comment="Udbuddet er gået om.", economy="red", alternative_financing="Anlægspuljen."
)


@pytest.fixture
def round_2(round_plan, open_round, administrator):
    """Round 1 closed with 3.04 glad/glad; round 2 open."""
    own = round_plan.initiatives.get(number="3.04")
    RatingFactory(initiative=own, round=open_round, effort="green", economy="green")
    services.close_round(open_round, user=administrator, reason="Til udvalget.")
    return services.open_round(
        round_plan.agreement.rounds.get(ordinal=2), user=administrator, deadline=open_round.deadline
    )


def review_url(round_) -> str:
    return reverse("followup:review", args=[round_.pk])


def test_a_card_shows_the_previous_rounds_smileys_and_whether_it_got_worse(
    staff_client, round_2, own_initiative, ejendomme_reporter
):
    rate(own_initiative, round_2, ejendomme_reporter, data=SUR_SUR)
    html = staff_client.get(review_url(round_2)).content.decode()
    card = re.search(r'<section class="mp-card mp-review-card".*?</section>', html, re.S).group(0)
    text = html_to_text(card)
    assert "1. budgetopfølgning 2018" in text  # the previous round, as a column
    assert text.count("(dårligere end forrige opfølgning)") == 2  # effort and economy both went from glad to sur
    assert 'class="mp-trend mp-trend--worse" aria-hidden="true">↓' in card
    assert "Udbuddet er gået om." in text and "Anlægspuljen." in text
    assert "Den vedtagne økonomi" in text  # the baseline in force


def test_filters_by_department_smiley_and_change_since_the_previous_round(
    staff_client, round_2, round_plan, ejendomme_reporter, other_reporter
):
    rate(round_plan.initiatives.get(number="3.04"), round_2, ejendomme_reporter)  # glad/glad as before
    rate(round_plan.initiatives.get(number="3.08"), round_2, ejendomme_reporter, data=SUR_SUR)  # new
    rate(round_plan.initiatives.get(number="1.02"), round_2, other_reporter)

    def shown(**params) -> set[str]:
        html = staff_client.get(review_url(round_2), params).content.decode()
        return set(re.findall(r'<h3 id="rating-\d+"[^>]*><span class="mp-number">([\d.]+)</span>', html))

    assert shown() == {"3.04", "3.08", "1.02"}
    ejendomme = Rating.objects.get(initiative__number="3.04", round=round_2).initiative.responsible_department_id
    assert shown(department=ejendomme) == {"3.04", "3.08"}
    assert shown(effort="red") == {"3.08"}
    assert shown(economy="green") == {"3.04", "1.02"}
    # 3.04 is as before; 3.08 and 1.02 have no rating in round 1, so they count as changed.
    assert shown(changed="on") == {"3.08", "1.02"}
    # htmx asks for the lists only.
    fragment = staff_client.get(review_url(round_2), {"effort": "red"}, **HTMX).content.decode()
    assert fragment.startswith('<div id="review-lists">') and "<html" not in fragment


def test_nothing_to_review_says_so_in_words(staff_client, round_2):
    text = html_to_text(staff_client.get(review_url(round_2)).content.decode())
    assert "Ingen vurderinger venter på gennemgang" in text
    assert "0 vurderinger" not in text


def test_approving_several_at_once_approves_them_and_shows_a_changed_one_with_both_versions(
    staff_client, open_round, round_plan, ejendomme_reporter
):
    i304, i308, i317 = (round_plan.initiatives.get(number=n) for n in ("3.04", "3.08", "3.17"))
    seen = {i.number: rate(i, open_round, ejendomme_reporter) for i in (i304, i308, i317)}
    # After the reviewer opened the page, the department changed 3.17 and submitted it again.
    services.save_rating(
        initiative=i317,
        round_=open_round,
        user=ejendomme_reporter,
        data=SUR_SUR,
        expected_version=seen["3.17"].version,
        submit=True,
    )
    response = staff_client.post(
        reverse("followup:approve_selected", args=[open_round.pk]),
        {"rating": [f"{r.pk}:{r.version}" for r in seen.values()]},
        **HTMX,
    )
    assert response.status_code == 409
    statuses = dict(Rating.objects.values_list("initiative__number", "status"))
    assert statuses == {"3.04": "approved", "3.08": "approved", "3.17": "submitted"}
    html = response.content.decode()
    # Every card is swapped in place (out of band), and the live region says what happened.
    assert (
        len(re.findall(r'<section class="mp-card mp-review-card[^"]*" id="card-\d+"[^>]*hx-swap-oob="true"', html)) == 3
    )
    live = re.search(r'<p id="review-live" hx-swap-oob="innerHTML">(.*?)</p>', html, re.S).group(1)
    assert "2 er godkendt: 3.04, 3.08." in live
    assert "3.17 er ændret, siden du åbnede siden." in live
    card = re.search(rf'id="card-{seen["3.17"].pk}".*?</section>', html, re.S).group(0)
    text = html_to_text(card)
    assert "Du så: indsats Glad · økonomi Glad" in text  # the version the reviewer saw …
    assert "Nu: indsats Sur · økonomi Sur – »Udbuddet er gået om.«" in text  # … and the one stored now
    # The card's checkbox and buttons now carry the new version.
    stored = Rating.objects.get(initiative=i317)
    assert f'value="{stored.pk}:{stored.version}"' in card


def test_without_javascript_approving_comes_back_to_the_review(
    staff_client, open_round, own_initiative, ejendomme_reporter
):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    response = staff_client.post(
        reverse("followup:approve", args=[rating.pk]), {"version": rating.version}, follow=True
    )
    assert response.redirect_chain[-1][0] == review_url(open_round)
    assert "3.04 er godkendt." in response.content.decode()


def test_returning_needs_a_remark_keeps_what_was_typed_and_starts_a_dialogue(
    staff_client, open_round, own_initiative, ejendomme_reporter, administrator
):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    url = reverse("followup:return", args=[rating.pk])
    refused = staff_client.post(url, {"version": rating.version, "remark": "  "}, **HTMX)
    assert refused.status_code == 422
    assert "3.04: Skriv hvorfor vurderingen sendes retur." in refused.content.decode()
    assert Rating.objects.get().status == "submitted"

    # The department changed it meanwhile: a conflict, and the remark typed stays in its field.
    newer = services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=ejendomme_reporter,
        data=SUR_SUR,
        expected_version=rating.version,
        submit=True,
    )
    conflict = staff_client.post(url, {"version": rating.version, "remark": "Uddyb forsinkelsen."}, **HTMX)
    assert conflict.status_code == 409
    assert "Uddyb forsinkelsen.</textarea>" in conflict.content.decode()
    assert not RatingMessage.objects.exists()

    response = staff_client.post(url, {"version": newer.version, "remark": "Uddyb forsinkelsen."}, **HTMX)
    assert response.status_code == 200
    assert "3.04 er sendt retur til centret." in response.content.decode()
    message = RatingMessage.objects.get()
    assert (message.side, message.author, message.text) == ("reviewer", administrator, "Uddyb forsinkelsen.")

    # The department answers on the rating page; the reviewer sees the dialogue on the card.
    client = Client()
    client.force_login(ejendomme_reporter)
    page = client.get(reverse("followup:rate", args=[open_round.pk, own_initiative.pk])).content.decode()
    assert "Uddyb forsinkelsen." in page and "Dit svar til Økonomi og Styring" in page
    client.post(
        reverse("followup:answer", args=[open_round.pk, own_initiative.pk]), {"text": "Udbud forsinket af klage."}
    )
    assert list(RatingMessage.objects.values_list("side", "text")) == [
        ("reviewer", "Uddyb forsinkelsen."),
        ("department", "Udbud forsinket af klage."),
    ]
    review = html_to_text(staff_client.get(review_url(open_round)).content.decode())
    assert "Sendt retur – afventer centret" in review
    assert review.index("Uddyb forsinkelsen.") < review.index("Udbud forsinket af klage.")
    # The dialogue is part of the initiative's history.
    history = html_to_text(staff_client.get(own_initiative.get_absolute_url()).content.decode())
    assert "Centret: besked om vurdering · 1. budgetopfølgning 2018" in history
    assert "Udbud forsinket af klage." in history


def test_an_empty_answer_is_refused_and_administrators_answer_by_returning(
    staff_client, open_round, own_initiative, ejendomme_reporter
):
    rate(own_initiative, open_round, ejendomme_reporter)
    client = Client()
    client.force_login(ejendomme_reporter)
    url = reverse("followup:answer", args=[open_round.pk, own_initiative.pk])
    response = client.post(url, {"text": ""})
    assert response.status_code == 422
    assert 'href="#id_text"' in response.content.decode()  # the error summary links to the field
    assert staff_client.post(url, {"text": "Fra økonomi"}).status_code == 403
    assert not RatingMessage.objects.exists()
