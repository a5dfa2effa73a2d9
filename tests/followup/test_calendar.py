"""The deadlines as a calendar feed: every user has their own secret address, which a new
link replaces; the feed lists the rounds of the user's departments (all for administrators)."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse

from milepael.followup import calendar, services
from milepael.organisation.models import Department
from tests.factories import add_initiative, plan_with_rounds

pytestmark = pytest.mark.django_db


def test_ical_feed_lists_the_users_deadlines(client, open_round, ejendomme_reporter):
    response = client.get(calendar.feed_path(ejendomme_reporter))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "DTSTART;VALUE=DATE:20180415" in body
    assert "SUMMARY:Frist: 1. budgetopfølgning 2018 (Aftale om budget 2018)" in body
    assert body.count("BEGIN:VEVENT") == 1  # planned rounds are not announced
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_feed_lists_only_the_rounds_of_the_users_departments(client, open_round, ejendomme_reporter, administrator):
    other = plan_with_rounds(year=2019)
    add_initiative(other, "1.01", department="Borgerservice")
    services.open_round(other.agreement.rounds.get(ordinal=1), user=administrator, deadline=datetime.date(2019, 4, 1))
    reporter_feed = client.get(calendar.feed_path(ejendomme_reporter)).content.decode()
    assert "2018" in reporter_feed and "budgetopfølgning 2019" not in reporter_feed
    admin_feed = client.get(calendar.feed_path(administrator)).content.decode()
    assert admin_feed.count("BEGIN:VEVENT") == 2


def test_a_forged_or_old_department_address_is_not_found(client, open_round, ejendomme_reporter):
    assert client.get(reverse("followup:calendar", args=["1"])).status_code == 404
    forged = calendar.feed_path(ejendomme_reporter).replace(".ics", "x.ics")
    assert client.get(forged).status_code == 404
    # Before addresses were per user, each department had a signed address; it no longer works.
    old = signing.dumps(Department.objects.get(name="Ejendomme").pk, salt="milepael.followup.calendar", compress=True)
    assert client.get(reverse("followup:calendar", args=[old])).status_code == 404


def test_a_new_link_replaces_the_old_one(client, open_round, ejendomme_reporter):
    old = calendar.feed_path(ejendomme_reporter)
    assert calendar.feed_path(ejendomme_reporter) == old  # the address is stable until renewed
    client.force_login(ejendomme_reporter)
    response = client.post(reverse("followup:calendar_renew"), follow=True)
    assert "Du har fået et nyt kalenderlink. Det gamle virker ikke længere." in response.content.decode()
    new = calendar.feed_path(ejendomme_reporter)
    assert new != old
    assert new in response.content.decode()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_inactive_users_address_stops_working(client, open_round, ejendomme_reporter):
    address = calendar.feed_path(ejendomme_reporter)
    ejendomme_reporter.is_active = False
    ejendomme_reporter.save()
    assert client.get(address).status_code == 404


def test_calendar_page_shows_the_users_own_address_and_deadlines(client, open_round, ejendomme_reporter):
    client.force_login(ejendomme_reporter)
    html = client.get(reverse("followup:calendar_links")).content.decode()
    assert calendar.feed_path(ejendomme_reporter) in html
    assert "15. april 2018: 1. budgetopfølgning 2018" in html
    assert "Lav nyt link" in html


def test_readers_have_no_deadlines_and_no_address(client, open_round, reader):
    client.force_login(reader)
    html = client.get(reverse("followup:calendar_links")).content.decode()
    assert "Du afrapporterer ikke for et center" in html and ".ics" not in html
    assert client.post(reverse("followup:calendar_renew")).status_code == 403
