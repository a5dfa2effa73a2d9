import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from milepael.demo.committees import DEMO_COMMITTEE
from milepael.demo.services import DEMO_MARK, DEMO_PASSWORD
from milepael.followup.models import Rating, RoundEvent
from milepael.organisation import permissions
from milepael.plans.models import EconomyAmount, FollowUpRound, ImplementationPlan, Initiative

pytestmark = pytest.mark.django_db


def test_demo_has_a_closed_round_of_marked_ratings_an_open_round_and_a_user_per_role(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "okonomi" in out and DEMO_PASSWORD in out
    rounds = dict(FollowUpRound.objects.values_list("ordinal", "status"))
    assert rounds == {1: "closed", 2: "open", 3: "planned", 4: "planned"}
    # The seed plan's 35 initiatives and the demo committee's 11, all rated and approved.
    assert Rating.objects.filter(round__ordinal=1, status="approved").count() == 35 + 11
    rated = Rating.objects.filter(effort__in=["green", "yellow", "red"])
    assert rated.count() == rated.filter(effort_comment__startswith=DEMO_MARK).count()  # every demo comment is marked
    efforts = set(Rating.objects.values_list("effort", flat=True))
    assert {"green", "yellow", "red", "none"} <= efforts
    users = get_user_model().objects.in_bulk(["okonomi", "ejendomme", "politisk", "laeser"], field_name="username")
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    roles = {name: permissions.role_of(user) for name, user in users.items()}
    assert roles == {"okonomi": "administrator", "ejendomme": "reporter", "politisk": "reporter", "laeser": "reader"}


def test_demo_can_be_loaded_again_without_changes(capsys):
    call_command("load_demo")
    counts = (
        Initiative.objects.count(),
        Rating.objects.count(),
        RoundEvent.objects.count(),
        EconomyAmount.objects.count(),
    )
    call_command("load_demo")
    assert (
        Initiative.objects.count(),
        Rating.objects.count(),
        RoundEvent.objects.count(),
        EconomyAmount.objects.count(),
    ) == counts
    assert "fandtes allerede" in capsys.readouterr().out


def test_demo_has_a_second_marked_committee_plan_of_the_same_agreement_renumbered_from_the_seed():
    call_command("load_demo")
    seed, demo = ImplementationPlan.objects.select_related("committee").order_by("pk")
    assert seed.committee.name == "Økonomiudvalget"
    assert demo.committee.name == DEMO_COMMITTEE and demo.committee.name.startswith(DEMO_MARK)
    assert demo.agreement_id == seed.agreement_id
    assert demo.title == DEMO_MARK + "Udmøntning af Aftale om budget 2018 for Børne- og Skoleudvalgets ansvarsområde"
    numbers = list(demo.initiatives.values_list("number", flat=True))
    assert numbers == ["3.01", "3.02", "3.03", "3.05", "3.06", "3.07", "3.09", "7.06", "7.07", "7.08", "7.13"]
    assert not set(numbers) & set(seed.initiatives.values_list("number", flat=True))  # the agreement's numbering
    first = demo.initiatives.get(number="3.01")
    assert first.title == DEMO_MARK + seed.initiatives.get(number="3.04").title
    assert first.responsible_committee == demo.committee
    assert first.milestones.count() == 4
    # Round 1 rated (a mix, not all green) and approved; round 2 open for the demo plan too.
    efforts = list(Rating.objects.filter(initiative__plan=demo, round__ordinal=1).values_list("effort", flat=True))
    assert len(efforts) == 11 and {"green", "yellow"} <= set(efforts)
    assert not Rating.objects.filter(initiative__plan=demo, round__ordinal=2).exists()


def test_the_demo_plans_carry_the_amounts_their_economy_texts_state(client):
    """A fresh `make run` shows budget totals: the amounts read from the economy texts are
    stored as if the administrator had confirmed them in the import preview."""
    call_command("load_demo")
    seed = ImplementationPlan.objects.order_by("pk").first()
    with_amounts = Initiative.objects.get(plan=seed, number="3.04")
    assert with_amounts.economy_amounts.exists()
    client.force_login(get_user_model().objects.get(username="laeser"))
    page = client.get(seed.get_absolute_url()).content.decode()
    assert "Økonomi i budgetperioden" in page and "mio. kr." in page


def test_the_demos_open_round_is_due_in_two_weeks_and_the_start_page_counts_down(client):
    """Not in the seed's year: a reporter trying the demo would read »overskredet med 3.000 dage«."""
    from django.utils import timezone

    call_command("load_demo")
    open_round = FollowUpRound.objects.get(status="open")
    assert (open_round.deadline - timezone.localdate()).days == 14
    client.force_login(get_user_model().objects.get(username="ejendomme"))
    assert "14 dage tilbage" in client.get("/").content.decode()
