"""Closing a round goes through a confirmation: what is missing per department, a reminder
at once, and a reason when something is not approved, which the round's events keep."""

import pytest
from django.core import mail
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.followup.models import ReminderSent, RoundEvent
from milepael.plans.models import FollowUpRound
from tests.factories import rate

pytestmark = pytest.mark.django_db


def close_url(round_) -> str:
    return reverse("followup:round_close", args=[round_.pk])


def test_the_confirmation_shows_what_is_missing_per_department(
    staff_client, open_round, own_initiative, ejendomme_reporter
):
    rate(own_initiative, open_round, ejendomme_reporter)
    page = staff_client.get(close_url(open_round))
    text = html_to_text(page.content.decode())
    assert "5 indsatser er ikke godkendt" in text
    # Ejendomme: 3.04 waits for review, 3.08 and 3.17 not started; 3 not approved.
    assert "Ejendomme 2 0 0 1 3" in text
    assert "Politisk Sekretariat 1 0 0 0 1" in text
    assert "Send påmindelse nu" in text and "Luk 1. budgetopfølgning 2018 alligevel" in text


def test_closing_with_something_missing_needs_a_reason_which_is_kept(staff_client, open_round):
    refused = staff_client.post(close_url(open_round), {"reason": ""})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'href="#id_reason"' in html  # the error summary links to the field
    assert "5 indsatser er ikke godkendt. Skriv hvorfor opfølgningen alligevel lukkes." in html_to_text(html)
    assert FollowUpRound.objects.get(pk=open_round.pk).status == "open"

    response = staff_client.post(close_url(open_round), {"reason": "Udvalgsmødet er rykket frem."}, follow=True)
    assert "Opfølgningen »1. budgetopfølgning 2018« er lukket." in response.content.decode()
    assert "Udvalgsmødet er rykket frem." in html_to_text(response.content.decode())  # in the round's events
    closed = RoundEvent.objects.get(action="closed")
    assert closed.note == "Udvalgsmødet er rykket frem."


def test_a_round_with_everything_approved_closes_without_a_reason(staff_client, open_round, round_plan, administrator):
    for initiative in round_plan.initiatives.all():
        milestone = services.milestone_for(initiative, open_round)
        data = services.RatingInput(effort="none" if milestone.is_blank else "green", economy="green")
        rating = rate(initiative, open_round, administrator, data=data)
        services.approve_rating(rating, user=administrator, expected_version=rating.version)
    assert "Alle indsatser er godkendt." in staff_client.get(close_url(open_round)).content.decode()
    assert staff_client.post(close_url(open_round)).status_code == 302
    assert FollowUpRound.objects.get(pk=open_round.pk).status == "closed"


def test_send_reminder_now_mails_the_departments_behind_and_is_recorded(
    staff_client, open_round, ejendomme_reporter, other_reporter
):
    for user, address in ((ejendomme_reporter, "ejendomme@kommune.dk"), (other_reporter, "politisk@kommune.dk")):
        user.email = address
        user.save()
    response = staff_client.post(reverse("followup:remind", args=[open_round.pk]), follow=True)
    assert response.redirect_chain[-1][0] == close_url(open_round)
    assert "Påmindelsen er sendt til 2 centre: Ejendomme, Politisk Sekretariat." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["ejendomme@kommune.dk", "politisk@kommune.dk"]
    assert mail.outbox[0].subject.startswith("Påmindelse fra Økonomi og Styring: 1. budgetopfølgning 2018 har frist")
    assert ReminderSent.objects.filter(kind="manual").count() == 2
    event = RoundEvent.objects.get(action="reminded")
    assert event.note == "Ejendomme (3), Politisk Sekretariat (1)"
    # A manual reminder may be sent again later (the automatic ones go out once).
    staff_client.post(reverse("followup:remind", args=[open_round.pk]))
    assert ReminderSent.objects.filter(kind="manual").count() == 4


def test_no_one_to_remind_is_said_plainly(staff_client, open_round):
    response = staff_client.post(reverse("followup:remind", args=[open_round.pk]), follow=True)
    assert (
        "Ingen centre mangler at indsende, eller ingen af dem har en afrapportør med e-mail."
        in response.content.decode()
    )
    assert not RoundEvent.objects.filter(action="reminded").exists()


def test_the_round_page_offers_closing_through_the_confirmation(staff_client, open_round):
    html = staff_client.get(reverse("followup:round", args=[open_round.pk])).content.decode()
    assert f'href="{close_url(open_round)}"' in html


def test_the_confirmation_runs_a_fixed_number_of_queries(staff_client, open_round, round_plan, ejendomme_reporter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import add_initiative

    def count() -> int:
        staff_client.get(close_url(open_round))
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(close_url(open_round))
        return len(queries)

    before = count()
    for number in range(20, 30):
        rate(add_initiative(round_plan, f"3.{number}", department="Ejendomme"), open_round, ejendomme_reporter)
    assert count() == before
