"""Messages in the app and by e-mail: who is told what, once, grouped; the »Beskeder« page,
the unread count in the header, and each user's choice of e-mails."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from milepael.core.richtext import html_to_text
from milepael.followup import services
from milepael.notifications.models import EmailOptOut, Notification, NotificationMail
from milepael.notifications.sending import send_due
from milepael.organisation.models import Profile
from tests.factories import rate, user_with_role

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(minutes=10)  # past the approvals' batch delay (5 minutes)


@pytest.fixture(autouse=True)
def addresses(ejendomme_reporter, other_reporter, administrator):
    for user in (ejendomme_reporter, other_reporter, administrator):
        user.email = f"{user.username}@kommune.dk"
        user.save()


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


def test_a_returned_rating_tells_the_departments_reporters_once(
    open_round, own_initiative, ejendomme_reporter, other_reporter, administrator
):
    colleague = user_with_role(Profile.Role.REPORTER, ["Ejendomme"], email="kollega@kommune.dk")
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    assert kinds_of(ejendomme_reporter) == kinds_of(colleague) == ["returned"]
    assert kinds_of(other_reporter) == [] and kinds_of(administrator) == []  # not theirs; the actor knows
    sent = send_due()
    assert sorted(m.address for m in sent) == ["ejendomme@kommune.dk", "kollega@kommune.dk"]
    message = next(m for m in mail.outbox if m.to == ["ejendomme@kommune.dk"])
    assert message.subject == "3.04 er sendt retur til centret (1. budgetopfølgning 2018)"
    assert "»Uddyb.«" in message.body
    assert f"/opfoelgning/runder/{open_round.pk}/indsatser/{own_initiative.pk}/" in message.body
    # Sent once, however often the worker or cron runs.
    assert send_due() == []
    assert len(mail.outbox) == 2


def test_approvals_are_one_email_per_department_and_round_after_a_pause(
    open_round, round_plan, ejendomme_reporter, administrator
):
    for number in ("3.04", "3.08", "3.17"):
        rating = rate(round_plan.initiatives.get(number=number), open_round, ejendomme_reporter)
        services.approve_rating(rating, user=administrator, expected_version=rating.version)
    assert kinds_of(ejendomme_reporter) == ["approved"] * 3
    # The reviewer may approve more: the approvals wait a little (the administrators' news does not).
    assert [m.address for m in send_due()] == ["okonomi@kommune.dk"]
    sent = send_due(now=timezone.now() + LATER)
    assert [m.address for m in sent] == ["ejendomme@kommune.dk"]
    approved = mail.outbox[-1]
    assert approved.subject == "3 vurderinger fra Ejendomme er godkendt (1. budgetopfølgning 2018)"
    for number in ("3.04", "3.08", "3.17"):
        assert f"- {number} " in approved.body


def test_a_department_that_has_submitted_everything_is_news_for_the_administrators(
    open_round, round_plan, ejendomme_reporter, administrator
):
    second_admin = user_with_role(Profile.Role.ADMINISTRATOR, email="chef@kommune.dk")
    numbers = ("3.04", "3.08", "3.17")
    for number in numbers[:-1]:
        rate(round_plan.initiatives.get(number=number), open_round, ejendomme_reporter)
    assert kinds_of(administrator) == []
    rate(round_plan.initiatives.get(number=numbers[-1]), open_round, ejendomme_reporter)
    assert kinds_of(administrator) == kinds_of(second_admin) == ["department_submitted"]
    send_due()
    assert "Ejendomme har indsendt alle 3 vurderinger i 1. budgetopfølgning 2018" in [m.subject for m in mail.outbox]


def test_closing_a_round_tells_everyone_involved(open_round, ejendomme_reporter, other_reporter, administrator, reader):
    second_admin = user_with_role(Profile.Role.ADMINISTRATOR)
    services.close_round(open_round, user=administrator, reason="Til udvalget.")
    for user in (ejendomme_reporter, other_reporter, second_admin):
        assert kinds_of(user) == ["round_closed"]
    assert kinds_of(reader) == [] and kinds_of(administrator) == []


def test_a_user_can_turn_off_emails_of_a_kind_and_still_sees_the_message(
    client, open_round, own_initiative, ejendomme_reporter, administrator
):
    client.force_login(ejendomme_reporter)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "mit centers vurderinger er godkendt" in page and "et center har indsendt" not in page  # the role's kinds
    client.post(reverse("notifications:settings"), {"kinds": ["approved", "round_closed"]})  # not »returned«
    assert list(EmailOptOut.objects.values_list("kind", flat=True)) == ["returned"]
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    assert send_due() == [] and mail.outbox == []
    assert Notification.objects.get().email == Notification.Email.OFF
    assert "3.04 er sendt retur til centret" in client.get(reverse("notifications:inbox")).content.decode()


def test_a_user_without_an_address_gets_the_message_in_the_app_only(
    open_round, own_initiative, ejendomme_reporter, administrator
):
    ejendomme_reporter.email = ""
    ejendomme_reporter.save()
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    assert send_due() == []
    assert Notification.objects.get().email == Notification.Email.NO_ADDRESS


def test_a_change_that_is_rolled_back_tells_nobody(open_round, own_initiative, ejendomme_reporter, administrator):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    with pytest.raises(services.RatingConflict):
        services.return_rating(rating, user=administrator, expected_version=rating.version - 1, remark="Uddyb.")
    assert not Notification.objects.exists()


def test_a_group_another_run_has_claimed_is_not_sent_twice(
    open_round, own_initiative, ejendomme_reporter, administrator
):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    from milepael.notifications import sending

    groups = sending.pending_groups()
    # Another worker sends the group between this run's reading and its sending.
    Notification.objects.update(email=Notification.Email.SENT)
    with pytest.raises(sending._AlreadyClaimed):
        sending._send_group(groups[0], set())
    assert mail.outbox == [] and not NotificationMail.objects.exists()


def test_the_messages_page_the_header_count_and_marking_as_read(
    open_round, round_plan, ejendomme_reporter, administrator
):
    for number in ("3.04", "3.08"):
        rating = rate(round_plan.initiatives.get(number=number), open_round, ejendomme_reporter)
        services.approve_rating(rating, user=administrator, expected_version=rating.version)
    client = Client()
    client.force_login(ejendomme_reporter)
    page = client.get(reverse("notifications:inbox")).content.decode()
    # Two approvals of one department and round are one entry, and one unread in the header.
    assert "2 vurderinger fra Ejendomme er godkendt (1. budgetopfølgning 2018)" in html_to_text(page)
    assert '<span class="mp-count">1</span><span class="sr-only"> ulæst</span>' in page
    # Opening the entry goes to the page it is about and counts as read.
    newest = Notification.objects.filter(recipient=ejendomme_reporter).first()
    opened = client.get(reverse("notifications:open", args=[newest.pk]))
    assert opened["Location"] == reverse("followup:worklist", args=[open_round.pk])
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "mp-count" not in client.get(reverse("notifications:inbox")).content.decode()


def test_marking_all_as_read_in_place(open_round, own_initiative, ejendomme_reporter, administrator):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    client = Client()
    client.force_login(ejendomme_reporter)
    response = client.post(reverse("notifications:mark_read"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<div id="inbox">')
    assert 'id="header-messages" href="/beskeder/" hx-swap-oob="true">Beskeder</a>' in html  # no count left
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_message_is_not_found(
    client, open_round, own_initiative, ejendomme_reporter, other_reporter, administrator
):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    client.force_login(other_reporter)
    assert client.get(reverse("notifications:open", args=[Notification.objects.get().pk])).status_code == 404
    assert Notification.objects.get().read_at is None


def test_cron_sends_what_is_due(open_round, own_initiative, ejendomme_reporter, administrator, capsys):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    call_command("send_notifications")
    assert "1 e-mails sendt." in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_email_goes_out_in_the_background_when_the_change_is_committed(
    open_round, own_initiative, ejendomme_reporter, administrator, settings, django_capture_on_commit_callbacks
):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    task_backends.__init__()  # the handler caches backends; this test runs the task at once
    try:
        rating = rate(own_initiative, open_round, ejendomme_reporter)
        with django_capture_on_commit_callbacks(execute=True):
            services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
        assert [m.subject for m in mail.outbox] == ["3.04 er sendt retur til centret (1. budgetopfølgning 2018)"]
    finally:
        task_backends.__init__()


def test_the_messages_page_runs_a_fixed_number_of_queries(open_round, round_plan, ejendomme_reporter, administrator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import add_initiative

    client = Client()
    client.force_login(ejendomme_reporter)

    def count() -> int:
        client.get(reverse("notifications:inbox"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("notifications:inbox"))
        return len(queries)

    first = rate(round_plan.initiatives.get(number="3.04"), open_round, ejendomme_reporter)
    services.return_rating(first, user=administrator, expected_version=first.version, remark="Uddyb.")
    before = count()
    for number in range(20, 30):
        rating = rate(add_initiative(round_plan, f"3.{number}", department="Ejendomme"), open_round, ejendomme_reporter)
        services.return_rating(rating, user=administrator, expected_version=rating.version, remark="Uddyb.")
    assert count() == before
