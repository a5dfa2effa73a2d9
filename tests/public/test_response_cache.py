"""The public pages' whole responses are cached for anonymous visitors under the data version:
an ETag from the same key, a 304 on revalidation, no query on a hit, a new page and a new ETag
after anything public changes, and nothing shared with a visitor who has a session."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.followup import services as followup
from milepael.followup.models import Rating
from milepael.public import services

pytestmark = pytest.mark.django_db


def plan_url(world):
    return reverse("public:plan", args=[world.plan.pk])


def public_urls(world) -> list[str]:
    return [
        reverse("public:index"),
        plan_url(world),
        plan_url(world) + "?status=green",
        reverse("public:initiative", args=[world.plan.pk, world.approved.number]),
        *(reverse("public:plan_data", args=[world.plan.pk, fmt]) for fmt in ("csv", "json", "xlsx")),
        reverse("public:open_data"),
        reverse("public:feed"),
        reverse("public:accessibility"),
    ]


def test_every_public_page_is_public_for_a_minute_with_an_etag_and_no_cookie(client, world):
    for url in public_urls(world):
        for attempt in ("miss", "hit"):
            response = client.get(url)
            assert response.status_code == 200, (url, attempt)
            assert response["Cache-Control"] == "public, max-age=60", (url, attempt)
            assert response["ETag"].startswith('"'), (url, attempt)
            assert not response.cookies, (url, attempt)


def test_no_cookie_after_the_visitor_switched_language(client, world):
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME in switched.cookies  # the switch itself sets it
    for url in public_urls(world):
        for _attempt in ("miss", "hit"):
            response = client.get(url)
            assert response.status_code == 200 and not response.cookies, url
            assert response["Cache-Control"] == "public, max-age=60", url


def test_the_same_etag_gives_304_and_a_weak_one_too(client, world):
    for url in public_urls(world):
        etag = client.get(url)["ETag"]
        assert client.get(url)["ETag"] == etag, url  # the stored copy carries the same ETag
        for asked in (etag, f"W/{etag}", f'"nope", {etag}'):
            response = client.get(url, HTTP_IF_NONE_MATCH=asked)
            assert response.status_code == 304, (url, asked)
            assert response["ETag"] == etag and "public" in response["Cache-Control"]
        assert client.get(url, HTTP_IF_NONE_MATCH='"nope"').status_code == 200


def test_a_cache_hit_runs_no_query(client, world):
    for url in public_urls(world):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert len(queries) == 0, (url, [q["sql"] for q in queries])
        assert second.content == first.content
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert len(queries) == 0, url


def test_made_up_query_parameters_are_answered_but_not_stored(client, world):
    url = plan_url(world) + "?utm_source=x"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 0


def _page_and_etag(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode(), response.get("ETag")


def test_publishing_a_round_changes_the_page_and_its_etag(client, world, administrator):
    before = _page_and_etag(client, plan_url(world))
    assert world.round2.name not in before[1]
    followup.close_round(world.round2, user=administrator, reason="Til udvalget.")
    services.publish_round(world.round2, user=administrator)
    after = _page_and_etag(client, plan_url(world))
    assert world.round2.name in after[1] and after[2] != before[2]
    assert client.get(plan_url(world), HTTP_IF_NONE_MATCH=before[2]).status_code == 200


def test_withdrawing_a_round_changes_the_page_and_its_etag(client, world, administrator):
    index = reverse("public:index")
    before = _page_and_etag(client, index)
    assert world.plan.title in before[1]
    services.unpublish_round(world.round1, user=administrator)
    after = _page_and_etag(client, index)
    assert world.plan.title not in after[1] and after[2] != before[2]
    assert client.get(plan_url(world)).status_code == 404


def test_a_new_public_comment_changes_the_page_and_its_etag(client, world, administrator):
    url = reverse("public:initiative", args=[world.plan.pk, world.approved.number])
    before = _page_and_etag(client, url)
    rating = Rating.objects.get(initiative=world.approved, round=world.round1)
    services.set_public_comment(rating, user=administrator, text="Ny offentlig kommentar.")
    after = _page_and_etag(client, url)
    assert "Ny offentlig kommentar." in after[1] and after[2] != before[2]


def test_a_title_edit_changes_the_page_and_its_etag(client, world):
    before = _page_and_etag(client, plan_url(world))
    world.approved.title = "En helt ny titel på indsatsen"
    world.approved.save()
    after = _page_and_etag(client, plan_url(world))
    assert "En helt ny titel på indsatsen" in after[1] and after[2] != before[2]


def test_staff_never_get_the_anonymous_copy_nor_leave_theirs(client, world, administrator):
    url = plan_url(world)
    anonymous = client.get(url)
    staff = Client()
    staff.force_login(administrator)
    for _attempt in range(2):
        response = staff.get(url)
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert not response.cookies
        # A staff member's conditional GET is not answered from the anonymous ETag either.
        assert staff.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"]).status_code == 200
    fresh = Client()
    response = fresh.get(url)
    assert response["Cache-Control"] == "public, max-age=60" and response.content == anonymous.content


def test_a_staff_visit_first_stores_nothing_for_citizens(client, world, administrator):
    staff = Client()
    staff.force_login(administrator)
    assert "private" in staff.get(plan_url(world))["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(plan_url(world))
    assert len(queries) > 0  # rendered for the citizen, not the staff member's copy
    assert response["Cache-Control"] == "public, max-age=60"
