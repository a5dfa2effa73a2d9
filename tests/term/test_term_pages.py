"""The pages a reader uses to read an election term's status report."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.demo.term import load_term_demo
from milepael.term.models import Objective
from tests.core.svg import SVG, parse_svg
from tests.factories import InitiativeFactory
from tests.term.factories import (
    AreaFactory,
    ElectionTermFactory,
    KeyFigureFactory,
    KeyFigureValueFactory,
    ObjectiveFactory,
)

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html_to_text(response.content.decode())


@pytest.fixture
def demo_term():
    report, _key_figure = load_term_demo()
    return report.term


@pytest.fixture(autouse=True)
def _logged_in_reader(reader_client):
    """The term report is internal until it is published: every test here reads as a reader."""


def test_anonymous_users_are_sent_to_the_login_page(demo_term):
    from django.test import Client

    for url in (reverse("term:list"), demo_term.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_term_list_shows_the_report_with_its_size(client, demo_term):
    response = client.get(reverse("term:list"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Status på Økonomiudvalgets strategiske indsatser og resultater i valgperioden 2014-2017" in text
    assert "13 områder, 40 strategiske målsætninger" in text
    assert demo_term.get_absolute_url() in response.content.decode()


def test_term_list_without_terms_says_so(client):
    assert "Der er ingen statusrapporter for valgperioder endnu." in page_text(client.get(reverse("term:list")))


def test_report_page_shows_every_area_and_objective_with_its_texts(client, demo_term):
    response = client.get(demo_term.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert len(re.findall(r'<h2 id="area-\d+">', html)) == 13
    assert html.count('<article class="mp-objective"') == 40
    text = page_text(response)
    assert "Ledelse og organisation" in text
    for objective in Objective.objects.all():
        assert objective.title in text
        assert html_to_text(objective.actions) in text
        assert html_to_text(objective.results) in text
        if objective.subtitle:
            assert html_to_text(objective.subtitle) in text
    assert "Iværksatte tiltag / konkrete indsatser" in text
    # Areas come in the document's order.
    assert text.index("Vision 2029") < text.index("Politisk organisering") < text.index("Internationalt samarbejde")


def test_key_figure_is_a_labelled_chart_and_a_data_table(client, demo_term):
    html = client.get(demo_term.get_absolute_url()).content.decode()
    svg = re.search(r"<svg\b.*?</svg>", html, re.DOTALL).group(0)
    root = parse_svg(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert desc.text.startswith("Sygefravær faldt fra 5,7 pct. i 2013 til 4,6 pct. i 2017 (1-3. kv.)")
    text = page_text(client.get(demo_term.get_absolute_url()))
    assert "Tallene bag figuren: Sygefravær Periode Værdi (pct.) 2013 5,7 2014 5,9 2015 5,3 2016 5,1" in text
    assert "2017 (1-3. kv.) 4,6" in text
    # Ids are unique on the page, charts included.
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_report_page_links_the_objectives_initiatives(client, demo_term):
    initiative = InitiativeFactory(number="7.04", title="Borgerrådgiver")
    objective = Objective.objects.get(title="Bemanding af direktion")
    objective.initiatives.add(initiative)
    response = client.get(demo_term.get_absolute_url())
    assert f'href="{initiative.get_absolute_url()}"' in response.content.decode()
    assert "Tilknyttede indsatser 7.04 Borgerrådgiver" in page_text(response)


def test_unknown_term_is_404(client, db):
    assert client.get(reverse("term:term", args=[999])).status_code == 404


def _term_with(n_objectives: int):
    term = ElectionTermFactory()
    areas = [AreaFactory(term=term, position=i) for i in (1, 2, 3)]
    for index in range(n_objectives):
        objective = ObjectiveFactory(area=areas[index % 3], position=index // 3 + 1)
        objective.initiatives.add(InitiativeFactory())
        key_figure = KeyFigureFactory(objective=objective)
        for position in (1, 2, 3):
            KeyFigureValueFactory(key_figure=key_figure, position=position)
    return term


@pytest.mark.parametrize("page", ["list", "term"])
def test_queries_per_page_do_not_grow_with_objectives(client, page):
    counts = []
    for n in (3, 30):
        term = _term_with(n)
        url = term.get_absolute_url() if page == "term" else reverse("term:list")
        client.get(url)  # warm caches (translations, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_report_page_in_english(client, demo_term):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(demo_term.get_absolute_url())
    assert response["Content-Language"] == "en"
    assert response.status_code == 200
