"""The pages a reader uses to browse a plan: start page, plan matrix (and the initiative page's
404 and query count; its content is tested in tests/followup/test_initiative_page.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.plans.models import Initiative, Milestone
from tests.factories import (
    InitiativeFactory,
    MilestoneFactory,
    PlanFactory,
    RoundFactory,
    ThemeFactory,
    add_initiative,
    plan_with_rounds,
)

pytestmark = pytest.mark.django_db

DRIFT, ANLAEG, ANLAEG_OG_DRIFT = (
    Initiative.Kind.OPERATING,
    Initiative.Kind.CAPITAL,
    Initiative.Kind.CAPITAL_AND_OPERATING,
)
BLANK_MILESTONES = 3  # 7.11 in round 1, 2.02.2 in rounds 3 and 4


@pytest.fixture(autouse=True)
def _logged_in_reader(reader_client):
    """The plan pages are internal: every test here reads as a logged-in reader."""


@pytest.fixture
def plan(db):
    """Økonomiudvalget's plan of »Aftale om budget 2018« (dated 22 December 2017) with four
    rounds and thirteen initiatives in seven themes, some created out of number order:

    - 1.02 (theme 1, the only one there); 2.02.3, 2.02.1, 2.02.2 (theme 2; 2.02.2 has no
      milestone in rounds 3 and 4); 3.04 "Anlæg og drift"; 4.01.1
    - 6.02 "Anlæg" with a description, economy and four milestones; 6.11 "Anlæg og drift"; 6.23 "Anlæg"
    - 7.04, whose contributors are free text, with a note and "borgerrådgiver … ansat" in a milestone
    - 7.11 "Fodboldbane - ny kunstgræs" (no milestone in round 1); 8.09 and 8.11, HR og Personale's only ones
    """
    plan = plan_with_rounds(year=2018)
    add_initiative(plan, "1.02", department="Politisk Sekretariat", title="Arbejdet med Vision 2029")
    add_initiative(plan, "2.02.3", department="Økonomi og Styring")
    add_initiative(plan, "2.02.1", department="Økonomi og Styring")
    add_initiative(plan, "2.02.2", department="Økonomi og Styring", blank_rounds=(3, 4))
    add_initiative(plan, "3.04", department="Ejendomme", kind=ANLAEG_OG_DRIFT)
    add_initiative(plan, "4.01.1", department="Social og Sundhed")
    add_initiative(
        plan,
        "6.02",
        department="By, Erhverv og Miljø",
        kind=ANLAEG,
        title="Flere ungdomsboliger og et seniorbofællesskab",
        description="<p>Der skal bygges ungdomsboliger ved stationen og et seniorbofællesskab.</p>",
        economy_text="<p>Der er afsat 6 mio. kr. i budget 2020.</p>",
        milestones={
            1: "<p>Mulige placeringer er undersøgt.</p>",
            2: "<p>Lokalplanen er sendt i høring.</p>",
            3: "<p>Boligselskabet er valgt.</p>",
            4: "<p>Byggeriet er sat i gang.</p>",
        },
    )
    add_initiative(plan, "6.11", department="By, Erhverv og Miljø", kind=ANLAEG_OG_DRIFT)
    add_initiative(plan, "6.23", department="By, Erhverv og Miljø", kind=ANLAEG)
    add_initiative(
        plan,
        "7.04",
        department="Borgerservice",
        title="Borgerrådgiver",
        contributors_text="De øvrige centre og sekretariater.",
        implementation_note="<p>Der skal ansættes en borgerrådgiver med reference til direktionen.</p>",
        milestones={2: "<p>Borgerrådgiveren er ansat.</p>"},
    )
    add_initiative(
        plan, "7.11", department="By, Erhverv og Miljø", title="Fodboldbane - ny kunstgræs", blank_rounds=(1,)
    )
    add_initiative(plan, "8.09", department="HR og Personale")
    add_initiative(plan, "8.11", department="HR og Personale")
    return plan


def page_text(response) -> str:
    return html_to_text(response.content.decode())


def test_start_page_lists_agreements_and_plans(client, plan):
    response = client.get(reverse("plans:home"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Aftale om budget 2018" in text
    assert "Udmøntning af Aftale om budget 2018 for Økonomiudvalgets ansvarsområde" in text
    assert plan.get_absolute_url() in response.content.decode()


def test_start_page_is_danish_by_default(client, db):
    response = client.get(reverse("plans:home"))
    assert '<html lang="da">' in response.content.decode()
    assert "Der er ingen budgetaftaler endnu." in page_text(response)


def test_plan_page_shows_every_initiative_under_its_theme_with_its_milestones(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'<h2 id="theme-\d+">', html)) == 7
    assert html.count('<th scope="row">') == 13
    text = page_text(response)
    assert "13 indsatser vist." in text
    assert "22. december 2017" in text
    milestones = Milestone.objects.filter(initiative__plan=plan)
    for milestone in milestones:
        if not milestone.is_blank:
            assert html_to_text(milestone.text) in text
    # Blank milestones are said, not just left empty.
    assert text.count("Ingen milepæl") == BLANK_MILESTONES == sum(m.is_blank for m in milestones)


def test_plan_page_groups_initiatives_by_theme_in_natural_order(client, plan):
    html = client.get(plan.get_absolute_url()).content.decode()
    theme_2 = html.index('id="theme-2"')
    theme_3 = html.index('id="theme-3"')
    section = html[theme_2:theme_3]
    positions = [section.index(f">{n}</span>") for n in ("2.02.1", "2.02.2", "2.02.3")]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "anlaeg_og_drift"}, {"3.04", "6.11"}),
        ({"theme": "4"}, {"4.01.1"}),
        ({"q": "2.02"}, {"2.02.1", "2.02.2", "2.02.3"}),
        ({"q": "3.04"}, {"3.04"}),
        ({"q": "kunstgræs"}, {"7.11"}),
        ({"q": "borgerrådgiver ansat"}, {"7.04"}),
        ({"q": "intet-matcher-dette"}, set()),
        ({"kind": "anlaeg", "theme": "6"}, {"6.02", "6.23"}),
    ],
)
def test_plan_page_filters_and_search(client, plan, params, expected):
    html = client.get(plan.get_absolute_url(), params).content.decode()
    shown = set(re.findall(r'<span class="mp-number">([\d.]+)</span>', html))
    assert shown == expected


def test_filter_by_department(client, plan):
    department = Initiative.objects.get(number="8.09").responsible_department
    html = client.get(plan.get_absolute_url(), {"department": department.pk}).content.decode()
    shown = set(re.findall(r'<span class="mp-number">([\d.]+)</span>', html))
    assert shown == {"8.09", "8.11"}
    assert f'<option value="{department.pk}" selected>' in html


def test_the_theme_filter_offers_only_the_plans_own_themes(client, plan):
    """Another committee's theme of the same agreement would only find nothing."""
    ThemeFactory(agreement=plan.agreement, number=99, title="Et andet udvalgs tema")
    html = client.get(plan.get_absolute_url(), {"theme": "4"}).content.decode()
    theme_select = re.search(r'<select name="theme".*?</select>', html, re.S).group()
    assert re.findall(r'<option value="(\d*)"', theme_select) == ["", "1", "2", "3", "4", "6", "7", "8"]
    assert '<option value="4" selected>' in theme_select
    assert "Et andet udvalgs tema" not in html


def test_invalid_filter_values_show_everything_instead_of_an_error(client, plan):
    response = client.get(plan.get_absolute_url(), {"department": "abc", "kind": "x"})
    assert response.status_code == 200
    assert "13 indsatser vist." in page_text(response)


def test_htmx_filter_request_returns_only_the_matrix(client, plan):
    response = client.get(plan.get_absolute_url(), {"theme": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "1 indsats vist." in html_to_text(html)


def test_unknown_plan_or_initiative_is_404(client, plan):
    # The initiative page moved to followup; tests/followup/test_initiative_page.py covers it too.
    assert client.get(reverse("followup:plan", args=[plan.pk + 1000])).status_code == 404
    assert client.get(reverse("followup:initiative", args=[plan.pk, "9.99"])).status_code == 404


def _plan_with(n_initiatives: int):
    plan = PlanFactory()
    rounds = [RoundFactory(agreement=plan.agreement, ordinal=i) for i in (1, 2, 3, 4)]
    themes = [ThemeFactory(agreement=plan.agreement, number=i) for i in (1, 2, 3)]
    for index in range(n_initiatives):
        initiative = InitiativeFactory(plan=plan, theme=themes[index % 3], number=f"{index % 3 + 1}.{index + 1:02d}")
        for round_ in rounds:
            MilestoneFactory(initiative=initiative, round=round_)
    return plan


@pytest.mark.parametrize("page", ["plan", "initiative", "home"])
def test_queries_per_page_do_not_grow_with_initiatives(client, page):
    counts = []
    for n in (3, 30):
        plan = _plan_with(n)
        url = {
            "plan": plan.get_absolute_url(),
            "initiative": plan.initiatives.last().get_absolute_url(),
            "home": reverse("plans:home"),
        }[page]
        client.get(url)  # warm caches (translations, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_danish_is_used_even_when_the_browser_asks_for_english(client, plan):
    response = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "da"
    assert "22. december 2017" in page_text(response)


def test_language_switch_changes_language(client, plan):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(plan.get_absolute_url())
    assert response["Content-Language"] == "en"
    assert "Dec. 22, 2017" in page_text(response)


def test_ids_in_forms_are_never_localised(client, plan):
    """A thousands separator in a filter value ("2.136") would break filtering at scale."""
    from milepael.organisation.models import Department

    department = Department.objects.create(name="Center med stort id", pk=123456)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert html.count('value="123456"') == 0  # not responsible for anything: not offered
    initiative = Initiative.objects.get(number="1.02")
    initiative.responsible_department = department
    initiative.save()
    html = client.get(plan.get_absolute_url(), {"department": 123456}).content.decode()
    assert '<option value="123456" selected>' in html
    assert "123.456" not in html
