import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from milepael.demo.services import DEMO_MARK, DEMO_PASSWORD
from milepael.followup.models import Rating, RoundEvent
from milepael.organisation import permissions
from milepael.plans.models import FollowUpRound, Initiative

pytestmark = pytest.mark.django_db


def test_demo_has_a_closed_round_of_marked_ratings_an_open_round_and_a_user_per_role(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "okonomi" in out and DEMO_PASSWORD in out
    rounds = dict(FollowUpRound.objects.values_list("ordinal", "status"))
    assert rounds == {1: "closed", 2: "open", 3: "planned", 4: "planned"}
    assert Rating.objects.filter(round__ordinal=1, status="approved").count() == 35
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
    counts = (Initiative.objects.count(), Rating.objects.count(), RoundEvent.objects.count())
    call_command("load_demo")
    assert (Initiative.objects.count(), Rating.objects.count(), RoundEvent.objects.count()) == counts
    assert "fandtes allerede" in capsys.readouterr().out
