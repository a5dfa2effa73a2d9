"""What citizens see: published rounds only, approved smileys only, public comments only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.followup.models import Rating
from milepael.plans.models import Initiative
from milepael.public import services
from tests.conftest import OWN_MILESTONE, OWN_TITLE
from tests.factories import InitiativeFactory, MilestoneFactory
from tests.public.conftest import PUBLIC_COMMENT, SECRETS

pytestmark = pytest.mark.django_db


def plan_url(world, **params):
    url = reverse("public:plan", args=[world.plan.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def initiative_url(initiative):
    return reverse("public:initiative", args=[initiative.plan_id, initiative.number])


def row_for_round(html: str, round_name: str) -> str:
    match = re.search(rf'<th scope="row">{re.escape(round_name)}</th>.*?</tr>', html, re.S)
    assert match, round_name
    return html_to_text(match.group(0))


def every_public_url(world) -> list[str]:
    urls = [reverse("public:index"), reverse("public:accessibility"), "/robots.txt", plan_url(world)]
    urls += [plan_url(world, status=s) for s in ("green", "yellow", "red", "none", "bogus")]
    urls += [plan_url(world, theme=n) for n in range(1, 9)]
    urls += [
        plan_url(world, department=d)
        for d in world.plan.initiatives.values_list("responsible_department_id", flat=True).distinct()
    ]
    urls += [initiative_url(i) for i in Initiative.objects.filter(plan=world.plan)]
    for number in world.plan.initiatives.values_list("theme__number", flat=True).distinct():
        urls += [reverse(name, args=[world.plan.pk, number]) for name in ("public:theme", "public:theme_rows")]
    return urls


def test_no_internal_content_on_any_public_page(client, world):
    """Render every public page; no internal comment, remark, economy revision or unpublished
    round's rating appears anywhere."""
    for url in every_public_url(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for name, secret in SECRETS.items():
            assert secret not in html, f"{name} leaked on {url}"
        assert world.round2.name not in html, url
        assert "csrfmiddlewaretoken" not in html, url


def test_unapproved_ratings_of_a_published_round_show_as_not_rated(client, world):
    for initiative in (world.returned, world.submitted, world.draft):
        row = row_for_round(client.get(initiative_url(initiative)).content.decode(), world.round1.name)
        assert "Ikke vurderet" in row, initiative.number
        assert "Sur" not in row, initiative.number


def test_initiative_page_shows_approved_smileys_and_the_public_comment(client, world):
    response = client.get(initiative_url(world.approved))
    row = row_for_round(response.content.decode(), world.round1.name)
    assert "Glad: milepæl opfyldt" in row or "Neutral" in row
    assert PUBLIC_COMMENT in row
    assert html_to_text(OWN_MILESTONE) in row  # the milestone


def test_unpublished_round_ratings_never_show_even_when_approved(client, world):
    html = client.get(initiative_url(world.unpublished)).content.decode()
    assert world.round2.name not in html
    assert SECRETS["unpublished_comment"] not in html


def test_nothing_is_public_before_publication_and_after_withdrawal(client, world, administrator):
    services.unpublish_round(world.round1, user=administrator)
    assert client.get(plan_url(world)).status_code == 404
    assert client.get(initiative_url(world.approved)).status_code == 404
    index = html_to_text(client.get(reverse("public:index")).content.decode())
    assert world.plan.title not in index
    assert "Der er endnu ikke offentliggjort nogen opfølgning." in index


def test_public_pages_need_no_login_and_set_no_cookies(client, world):
    for url in (reverse("public:index"), plan_url(world), initiative_url(world.approved)):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url


def test_public_pages_are_danish_even_when_the_visitor_chose_english(client, world):
    client.cookies["django_language"] = "en"
    response = client.get(plan_url(world))
    assert response["Content-Language"] == "da"
    assert '<html lang="da">' in response.content.decode()
    assert "Ansvarligt center" in response.content.decode()


def test_plan_page_filters_by_theme_department_and_status(client, world):
    def numbers(**params):
        html = client.get(plan_url(world, **params)).content.decode()
        rows = re.findall(r'<th scope="row"><a href="[^"]*"><span class="mp-number">([\d.]+)</span>', html)
        cards = re.findall(r'<h3><a href="[^"]*"><span class="mp-number">([\d.]+)</span>', html)
        assert rows == cards  # the phone's cards show the same initiatives as the table
        return rows

    everything = numbers()
    assert len(everything) == Initiative.objects.filter(plan=world.plan).count()
    theme3 = numbers(theme=3)
    assert theme3 and all(n.startswith("3.") for n in theme3)
    ejendomme = world.approved.responsible_department
    by_department = numbers(department=ejendomme.pk)
    assert set(by_department) == set(
        Initiative.objects.filter(plan=world.plan, responsible_department=ejendomme).values_list("number", flat=True)
    )
    yellow = set(numbers(status="yellow"))
    expected = set(
        Rating.objects.filter(round=world.round1, status="approved", effort="yellow").values_list(
            "initiative__number", flat=True
        )
    )
    assert yellow == expected and yellow
    red = set(numbers(status="red"))
    assert world.returned.number not in red and world.submitted.number not in red
    assert numbers(status="bogus") == everything  # an invalid filter is ignored


def test_smileys_are_face_and_word_never_colour_alone(client, world):
    html = client.get(plan_url(world)).content.decode()
    for match in re.finditer(r'<span class="mp-smiley mp-smiley--(\w+)">(.*?)</span></span>', html, re.S):
        assert "<svg" in match.group(2) and html_to_text(match.group(2)).strip(), match.group(0)


def test_seo_title_description_canonical_and_robots(client, world):
    html = client.get(initiative_url(world.approved) + "?utm_source=x").content.decode()
    assert f"<title>3.04 {OWN_TITLE} – Aftale om budget 2018" in html
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical == "http://testserver" + initiative_url(world.approved)
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert "3.04" in description and world.round1.name in description
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    lines = robots.content.decode().splitlines()
    assert "Allow: /offentlig/" in lines and "Disallow: /" in lines
    assert "Disallow: /offentlig/administration/" in lines


def test_danish_dates(client, world):
    text = html_to_text(client.get(plan_url(world)).content.decode())
    assert "22. december 2017" in text
    statement = html_to_text(client.get(reverse("public:accessibility")).content.decode())
    assert "5. december 2026" in statement


def test_accessibility_statement_follows_the_digitaliseringsstyrelsen_structure(client, db):
    text = html_to_text(client.get(reverse("public:accessibility")).content.decode())
    for heading in (
        "Tilgængelighedserklæring",
        "Overholdelsesstatus",
        "Indhold, der ikke er tilgængeligt",
        "Udarbejdelse af denne tilgængelighedserklæring",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
        "Digitaliseringsstyrelsen",
        "Ligebehandlingsnævnet",
        "WCAG 2.1",
    ):
        assert heading in text


def test_internal_pages_link_to_the_accessibility_statement(staff_client, db):
    assert reverse("public:accessibility") in staff_client.get(reverse("plans:home")).content.decode()


class TestQueryCount:
    """The number of queries does not grow with the number of initiatives."""

    def _count(self, client, url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def _add_initiatives(self, world, n: int) -> None:
        for i in range(n):
            initiative = InitiativeFactory(plan=world.plan, theme=world.approved.theme, number=f"3.{90 + i}")
            MilestoneFactory(initiative=initiative, round=world.round1)
            Rating.objects.create(
                initiative=initiative, round=world.round1, effort="green", economy="green", status="approved"
            )

    @pytest.mark.parametrize("params", [{}, {"status": "green"}, {"theme": 3}])
    def test_plan_page(self, client, world, params):
        before = self._count(client, plan_url(world, **params))
        self._add_initiatives(world, 10)
        assert self._count(client, plan_url(world, **params)) == before

    def test_index_and_initiative_pages(self, client, world):
        index = self._count(client, reverse("public:index"))
        initiative = self._count(client, initiative_url(world.approved))
        self._add_initiatives(world, 10)
        assert self._count(client, reverse("public:index")) == index
        assert self._count(client, initiative_url(world.approved)) == initiative
