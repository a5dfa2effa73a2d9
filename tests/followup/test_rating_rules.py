"""The seed's smiley rules and the round workflow, through the service functions (factory-built plan)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from milepael.followup import services
from milepael.followup.models import Rating, RoundEvent
from milepael.followup.selectors import initiative_history
from milepael.plans.models import Initiative
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db


def rate(initiative, round_, user, data=GREEN, version=0, submit=True):
    return services.save_rating(
        initiative=initiative, round_=round_, user=user, data=data, expected_version=version, submit=submit
    )


def test_department_rates_its_own_initiative_and_submits(open_round, ejendomme_reporter, own_initiative):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    assert (rating.effort, rating.economy, rating.status, rating.version) == ("green", "green", "submitted", 1)
    assert rating.updated_by == ejendomme_reporter


def test_department_cannot_rate_another_departments_initiative(open_round, other_reporter, own_initiative):
    with pytest.raises(PermissionDenied):
        rate(own_initiative, open_round, other_reporter)
    assert not Rating.objects.exists()


def test_reader_cannot_rate(open_round, reader, own_initiative):
    with pytest.raises(PermissionDenied):
        rate(own_initiative, open_round, reader)


def test_draft_may_be_incomplete_but_submission_may_not(open_round, ejendomme_reporter, own_initiative):
    draft = rate(own_initiative, open_round, ejendomme_reporter, services.RatingInput(effort="yellow"), submit=False)
    assert draft.status == "draft"
    with pytest.raises(ValidationError) as error:
        rate(own_initiative, open_round, ejendomme_reporter, services.RatingInput(effort="yellow"), version=1)
    assert set(error.value.message_dict) == {"economy", "effort_comment"}
    assert Rating.objects.get().version == 1


@pytest.mark.parametrize("effort", ["yellow", "red"])
def test_yellow_or_red_effort_needs_a_comment(open_round, ejendomme_reporter, own_initiative, effort):
    with pytest.raises(ValidationError) as error:
        rate(own_initiative, open_round, ejendomme_reporter, services.RatingInput(effort=effort, economy="green"))
    assert "effort_comment" in error.value.message_dict
    ok = rate(
        own_initiative,
        open_round,
        ejendomme_reporter,
        services.RatingInput(effort=effort, economy="green", effort_comment="Forsinket"),
    )
    assert ok.effort == effort


def test_red_economy_needs_the_alternative_financing(open_round, ejendomme_reporter, own_initiative):
    red = services.RatingInput(effort="green", economy="red", economy_comment="Merudgift 0,3 mio. kr.")
    with pytest.raises(ValidationError) as error:
        rate(own_initiative, open_round, ejendomme_reporter, red)
    assert "alternative_financing" in error.value.message_dict
    red.alternative_financing = "Finansieres af puljen til bygningsvedligehold."
    assert rate(own_initiative, open_round, ejendomme_reporter, red).alternative_financing.startswith("Finansieres")


def test_blank_milestone_is_rated_as_no_milestone(open_round, administrator, blank_milestone_initiative):
    with pytest.raises(ValidationError) as error:
        rate(blank_milestone_initiative, open_round, administrator)
    assert "Der er ingen milepæl i denne opfølgning" in str(error.value)
    rating = rate(
        blank_milestone_initiative, open_round, administrator, services.RatingInput(effort="none", economy="green")
    )
    assert rating.effort == "none"


def test_no_milestone_is_refused_when_there_is_a_milestone(open_round, ejendomme_reporter, own_initiative):
    with pytest.raises(ValidationError):
        rate(own_initiative, open_round, ejendomme_reporter, services.RatingInput(effort="none", economy="green"))


def test_stale_version_is_a_conflict_and_nothing_is_overwritten(
    open_round, ejendomme_reporter, administrator, own_initiative
):
    first = rate(own_initiative, open_round, ejendomme_reporter, submit=False)
    rate(
        own_initiative,
        open_round,
        administrator,
        services.RatingInput(effort="green", economy="green", effort_comment="Admin"),
        version=first.version,
        submit=False,
    )
    with pytest.raises(services.RatingConflict) as conflict:
        rate(
            own_initiative,
            open_round,
            ejendomme_reporter,
            services.RatingInput(effort="red", economy="green", effort_comment="Mig"),
            version=first.version,
        )
    assert conflict.value.current.effort_comment == "Admin"
    assert Rating.objects.get().effort_comment == "Admin"


def test_review_approve_and_return_with_remark(open_round, ejendomme_reporter, administrator, own_initiative):
    rating = rate(own_initiative, open_round, ejendomme_reporter)
    with pytest.raises(PermissionDenied):
        services.approve_rating(rating, user=ejendomme_reporter, expected_version=rating.version)
    with pytest.raises(ValidationError):
        services.return_rating(rating, user=administrator, expected_version=rating.version, remark=" ")
    returned = services.return_rating(
        rating, user=administrator, expected_version=rating.version, remark="Uddyb forsinkelsen"
    )
    assert (returned.status, returned.review_remark) == ("returned", "Uddyb forsinkelsen")
    resubmitted = rate(own_initiative, open_round, ejendomme_reporter, version=returned.version)
    approved = services.approve_rating(resubmitted, user=administrator, expected_version=resubmitted.version)
    assert approved.status == "approved"
    with pytest.raises(ValidationError, match="godkendt"):
        rate(own_initiative, open_round, ejendomme_reporter, version=approved.version)


def test_closing_locks_the_round_and_reopening_is_recorded(
    open_round, ejendomme_reporter, administrator, own_initiative
):
    rating = rate(own_initiative, open_round, ejendomme_reporter, submit=False)
    # Nothing is approved: closing anyway needs a reason, which the round's events keep.
    with pytest.raises(ValidationError, match="5 indsatser er ikke godkendt"):
        services.close_round(open_round, user=administrator)
    services.close_round(open_round, user=administrator, reason="Udvalgsmødet er rykket frem.")
    with pytest.raises(ValidationError, match="ikke åben"):
        rate(own_initiative, open_round, ejendomme_reporter, version=rating.version)
    with pytest.raises(ValidationError, match="ikke åben"):
        services.approve_rating(rating, user=administrator, expected_version=rating.version)
    with pytest.raises(ValidationError):
        services.reopen_round(open_round, user=administrator, reason="")
    with pytest.raises(PermissionDenied):
        services.reopen_round(open_round, user=ejendomme_reporter, reason="Fejl")
    services.reopen_round(open_round, user=administrator, reason="3.04 skal rettes")
    assert rate(own_initiative, open_round, ejendomme_reporter, version=rating.version).status == "submitted"
    events = list(RoundEvent.objects.filter(round=open_round).values_list("action", "note", "by__username"))
    assert events == [
        ("opened", "", "okonomi"),
        ("closed", "Udvalgsmødet er rykket frem.", "okonomi"),
        ("reopened", "3.04 skal rettes", "okonomi"),
    ]


def test_only_administrators_open_rounds_and_a_deadline_is_kept(round_plan, administrator, ejendomme_reporter):
    round_ = round_plan.agreement.rounds.get(ordinal=2)
    with pytest.raises(PermissionDenied):
        services.open_round(round_, user=ejendomme_reporter, deadline=datetime.date(2018, 8, 1))
    opened = services.open_round(round_, user=administrator, deadline=datetime.date(2018, 8, 1))
    assert (opened.status, opened.deadline) == ("open", datetime.date(2018, 8, 1))
    with pytest.raises(ValidationError):
        services.open_round(round_, user=administrator, deadline=datetime.date(2018, 8, 1))


def test_rating_a_planned_round_is_refused(round_plan, administrator, own_initiative):
    with pytest.raises(ValidationError, match="ikke åben"):
        rate(own_initiative, round_plan.agreement.rounds.get(ordinal=3), administrator)


def test_economy_is_rated_against_the_latest_approved_revision(
    open_round, ejendomme_reporter, administrator, own_initiative
):
    before = rate(own_initiative, open_round, ejendomme_reporter, submit=False)
    assert before.economy_baseline is None
    with pytest.raises(PermissionDenied):
        services.revise_economy(
            own_initiative,
            user=ejendomme_reporter,
            text="x",
            approved_on=datetime.date(2018, 5, 1),
            approval_reference="KB",
        )
    revision = services.revise_economy(
        own_initiative,
        user=administrator,
        text="<p>Anlæg 7,0 mio. kr.; 0,5 mio. kr. fra puljen.</p>",
        approved_on=datetime.date(2018, 5, 28),
        approval_reference="KB 28.05.2018, pkt. 12",
    )
    after = rate(own_initiative, open_round, ejendomme_reporter, version=before.version)
    assert after.economy_baseline == revision
    # A revision approved in the future does not apply yet.
    services.revise_economy(
        own_initiative,
        user=administrator,
        text="Senere",
        approved_on=datetime.date(2999, 1, 1),
        approval_reference="KB",
    )
    assert services.current_economy_baseline(own_initiative) == revision


def test_every_change_is_in_the_history_with_who_and_before_after(
    open_round, ejendomme_reporter, administrator, own_initiative
):
    rating = rate(own_initiative, open_round, ejendomme_reporter, submit=False)
    rate(
        own_initiative,
        open_round,
        ejendomme_reporter,
        services.RatingInput(effort="yellow", economy="green", effort_comment="Forsinket"),
        version=rating.version,
    )
    history = initiative_history(Initiative.objects.get(pk=own_initiative.pk))
    newest = history[0]
    assert newest["who"] == "ejendomme"
    assert "vurdering" in newest["what"] and "1. budgetopfølgning 2018" in newest["what"]
    assert ("smiley for indsats", "Glad", "Neutral") in newest["changes"]
    assert ("status", "Kladde", "Indsendt") in newest["changes"]


def test_rating_input_is_read_from_any_mapping_the_same_way():
    """Web form, API and workbook hand over a mapping; missing or empty fields are "" and
    other keys (version, submit, initiative …) are not part of the input."""
    data = {"effort": "red", "effort_comment": "Forsinket", "economy": None, "version": 3, "submit": True}
    assert services.RatingInput.from_data(data) == services.RatingInput(
        effort="red", effort_comment="Forsinket", economy="", economy_comment="", alternative_financing=""
    )
