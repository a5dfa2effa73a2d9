"""»Foreslå beløb fra økonomiteksten« (issue 17): the amounts read from the economy text are
suggested, shown and saved only when the administrator confirms; a re-import keeps them."""

import pytest
from django.test import Client
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.exchange.plan_import import import_plan_file
from milepael.plans.models import EconomyAmount, Initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(seed_plan):
    # 8.08: »Der opnås en besparelse på 6 mio. kr. årligt fra 2019.«
    return Initiative.objects.get(plan=seed_plan, number="8.08")


def url(initiative):
    return reverse("exchange:economy_suggestion", args=[initiative.pk])


def stored(initiative):
    return list(initiative.economy_amounts.values_list("year", "kind", "sign", "amount_kr"))


def shown_fingerprint(response) -> str:
    return response.context["form"]["shown"].value()


def test_the_page_shows_the_suggestion_and_saves_nothing(staff_client, initiative):
    response = staff_client.get(url(initiative))
    text = " ".join(html_to_text(response.content.decode()).split())
    assert "2019 – Besparelse: 6 mio. kr." not in text  # drift is the first column
    assert "2019 Besparelse: 6 mio. kr. –" in text
    assert "I alt Besparelse: 18 mio. kr." in text
    assert "Indsatsen har ingen beløb endnu." in text
    assert 'name="use_suggestion"' in response.content.decode()
    assert "checked" not in response.content.decode().split('name="use_suggestion"')[1].split(">")[0]
    assert stored(initiative) == []


def test_without_the_tick_nothing_is_saved(staff_client, initiative):
    page = staff_client.get(url(initiative))
    response = staff_client.post(url(initiative), {"shown": shown_fingerprint(page)})
    assert response.status_code == 422
    assert "Sæt flueben i »Brug de foreslåede beløb«" in response.content.decode()
    assert stored(initiative) == []


def test_confirmed_amounts_are_saved_and_shown_on_the_initiative_page(staff_client, initiative):
    page = staff_client.get(url(initiative))
    response = staff_client.post(url(initiative), {"shown": shown_fingerprint(page), "use_suggestion": "on"})
    assert response.status_code == 302
    assert stored(initiative) == [(year, "drift", "besparelse", 6_000_000) for year in (2019, 2020, 2021)]
    text = " ".join(html_to_text(staff_client.get(initiative.get_absolute_url()).content.decode()).split())
    assert "2020 Besparelse: 6 mio. kr." in text


def test_a_suggestion_changed_since_the_page_was_shown_is_not_saved(staff_client, initiative):
    page = staff_client.get(url(initiative))
    Initiative.objects.filter(pk=initiative.pk).update(economy_text="<p>Der er afsat 9 mio. kr. i 2018.</p>")
    response = staff_client.post(url(initiative), {"shown": shown_fingerprint(page), "use_suggestion": "on"})
    assert response.status_code == 409
    assert stored(initiative) == []


def test_confirmed_amounts_replace_the_stored_ones_with_history(staff_client, initiative):
    EconomyAmount.objects.create(initiative=initiative, year=2019, kind="drift", sign="besparelse", amount_kr=1)
    EconomyAmount.objects.create(initiative=initiative, year=2018, kind="anlaeg", sign="udgift", amount_kr=5)
    page = staff_client.get(url(initiative))
    staff_client.post(url(initiative), {"shown": shown_fingerprint(page), "use_suggestion": "on"})
    assert stored(initiative) == [(year, "drift", "besparelse", 6_000_000) for year in (2019, 2020, 2021)]
    changed = EconomyAmount.history.filter(year=2019).order_by("history_date")
    assert [h.amount_kr for h in changed] == [1, 6_000_000]
    assert EconomyAmount.history.filter(year=2018, history_type="-").exists()


def test_a_re_import_keeps_the_confirmed_amounts(staff_client, initiative, plan_seed_bytes):
    page = staff_client.get(url(initiative))
    staff_client.post(url(initiative), {"shown": shown_fingerprint(page), "use_suggestion": "on"})
    import_plan_file(plan_seed_bytes)
    assert len(stored(initiative)) == 3


def test_only_the_administrator_sees_the_action_on_the_initiative_page(staff_client, reader, initiative):
    link = url(initiative)
    assert link in staff_client.get(initiative.get_absolute_url()).content.decode()
    reader_client = Client()
    reader_client.force_login(reader)
    assert link not in reader_client.get(initiative.get_absolute_url()).content.decode()
