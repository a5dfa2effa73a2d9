"""Rating through the API: the web's rules, rights and conflict detection, via the services."""

import datetime

import pytest
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import RequestFactory
from rest_framework.test import APIClient

from milepael.followup import services
from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound
from tests.api.conftest import token_client
from tests.factories import AgreementFactory, RoundFactory, rate
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db


def rating_body(initiative, round_, **fields):
    return {"initiative": initiative.pk, "round": round_.pk, "version": 0, **fields}


def save(client, initiative, round_, **fields):
    return client.post("/api/ratings/", rating_body(initiative, round_, **fields), format="json")


def test_department_saves_a_draft_then_submits_it(reporter_api, open_round, own_initiative):
    draft = save(reporter_api, own_initiative, open_round, effort="yellow")
    assert draft.status_code == 201
    assert draft.json()["status"] == "draft"
    assert draft.json()["version"] == 1

    submitted = save(
        reporter_api,
        own_initiative,
        open_round,
        effort="yellow",
        effort_comment="Udbuddet er forsinket, men årets mål holder.",
        economy="green",
        version=1,
        submit=True,
    )
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["status"] == "submitted"
    assert body["status_label"] == "Indsendt"
    assert body["version"] == 2
    assert body["effort_label"] == "Neutral"
    assert body["initiative_number"] == "3.04"
    assert body["department"]["name"] == "Ejendomme"
    assert body["updated_by"] == "ejendomme"
    rating = Rating.objects.get(initiative=own_initiative, round=open_round)
    assert rating.status == Rating.Status.SUBMITTED
    assert rating.history.count() == 2  # written through the service, so the history has it


def test_yellow_effort_without_comment_is_refused_with_a_danish_message(reporter_api, open_round, own_initiative):
    response = save(reporter_api, own_initiative, open_round, effort="yellow", economy="green", submit=True)
    assert response.status_code == 400
    assert response.json() == {"effort_comment": ["Forklar en neutral eller sur smiley for indsatsen."]}
    assert not Rating.objects.exists()


def test_red_economy_without_alternative_financing_is_refused(reporter_api, open_round, own_initiative):
    response = save(
        reporter_api, own_initiative, open_round, effort="green", economy="red", economy_comment="Dyrere", submit=True
    )
    assert response.status_code == 400
    assert response.json() == {
        "alternative_financing": ["Angiv den alternative finansiering, når smileyen for økonomi er sur."]
    }


def test_red_economy_with_alternative_financing_is_accepted(reporter_api, open_round, own_initiative):
    response = save(
        reporter_api,
        own_initiative,
        open_round,
        effort="green",
        economy="red",
        alternative_financing="Finansieres af puljen til bygningsvedligehold.",
        submit=True,
    )
    assert response.status_code == 201
    assert response.json()["alternative_financing"] == "Finansieres af puljen til bygningsvedligehold."


def test_a_draft_may_be_incomplete_but_a_submission_may_not(reporter_api, open_round, own_initiative):
    assert save(reporter_api, own_initiative, open_round).status_code == 201
    response = save(reporter_api, own_initiative, open_round, version=1, submit=True)
    assert response.status_code == 400
    assert set(response.json()) == {"effort", "economy"}


def test_blank_milestone_must_be_rated_no_milestone(admin_api, open_round, blank_milestone_initiative):
    response = save(admin_api, blank_milestone_initiative, open_round, effort="green", economy="green")
    assert response.status_code == 400
    assert "effort" in response.json()
    ok = save(admin_api, blank_milestone_initiative, open_round, effort="none", economy="green", submit=True)
    assert ok.status_code == 201


def test_unknown_smiley_is_refused(reporter_api, open_round, own_initiative):
    response = save(reporter_api, own_initiative, open_round, effort="purple")
    assert response.status_code == 400
    assert "effort" in response.json()


def test_department_cannot_rate_another_departments_initiative(reporter_api, open_round, blank_milestone_initiative):
    response = save(reporter_api, blank_milestone_initiative, open_round, effort="none", economy="green")
    assert response.status_code == 403
    assert response.json() == {"detail": "Du har ikke adgang til at gøre dette."}
    assert not Rating.objects.exists()


def test_rights_come_before_rules(api_client_for, open_round, own_initiative):
    """A reader learns nothing about the rules: 403 even for a request that breaks them."""
    response = save(api_client_for("reader"), own_initiative, open_round, effort="purple", version=-1)
    assert response.status_code == 403


def test_stale_version_gives_409_with_the_stored_rating(
    reporter_api, admin_api, open_round, own_initiative, ejendomme_reporter
):
    first = save(reporter_api, own_initiative, open_round, effort="green", economy="green")
    assert first.status_code == 201
    # Someone else changes it in the meantime.
    services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=ejendomme_reporter,
        data=services.RatingInput(effort="red", effort_comment="Tidsplanen skrider.", economy="green"),
        expected_version=1,
    )
    stale = save(reporter_api, own_initiative, open_round, effort="green", economy="green", version=1, submit=True)
    assert stale.status_code == 409
    body = stale.json()
    assert body["detail"] == "Vurderingen er ændret af en anden, mens du redigerede den."
    assert body["current"]["version"] == 2
    assert body["current"]["effort"] == "red"
    assert body["current"]["effort_comment"] == "Tidsplanen skrider."
    # Retrying with the current version works.
    retry = save(reporter_api, own_initiative, open_round, effort="green", economy="green", version=2, submit=True)
    assert retry.status_code == 200
    assert retry.json()["version"] == 3


def test_version_of_a_rating_that_does_not_exist_is_refused(reporter_api, open_round, own_initiative):
    response = save(reporter_api, own_initiative, open_round, effort="green", version=3)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Vurderingen findes ikke længere."]}


def test_a_round_that_is_not_open_cannot_be_rated(reporter_api, open_round, own_initiative):
    planned = FollowUpRound.objects.get(agreement=open_round.agreement, ordinal=2)
    response = save(reporter_api, own_initiative, planned, effort="green", economy="green")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Opfølgningen »2. budgetopfølgning 2018« er ikke åben."]}


def test_a_round_of_another_agreement_is_refused(reporter_api, open_round, own_initiative):
    other = RoundFactory(agreement=AgreementFactory(), status=FollowUpRound.Status.OPEN)
    response = save(reporter_api, own_initiative, other, effort="green", economy="green")
    assert response.status_code == 400
    assert "round" in response.json()


def test_unknown_initiative_is_a_field_error(reporter_api, open_round):
    response = reporter_api.post(
        "/api/ratings/", {"initiative": 999999, "round": open_round.pk, "version": 0}, format="json"
    )
    assert response.status_code == 400
    assert "initiative" in response.json()


def _submitted(open_round, own_initiative, ejendomme_reporter) -> Rating:
    return rate(own_initiative, open_round, ejendomme_reporter, GREEN)


def test_administrator_approves_a_submitted_rating(admin_api, open_round, own_initiative, ejendomme_reporter):
    rating = _submitted(open_round, own_initiative, ejendomme_reporter)
    response = admin_api.post(f"/api/ratings/{rating.pk}/approve/", {"version": rating.version}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["version"] == rating.version + 1
    rating.refresh_from_db()
    assert rating.status == Rating.Status.APPROVED


def test_approved_rating_can_no_longer_be_changed_by_the_department(
    admin_api, reporter_api, open_round, own_initiative, ejendomme_reporter
):
    rating = _submitted(open_round, own_initiative, ejendomme_reporter)
    approved = admin_api.post(f"/api/ratings/{rating.pk}/approve/", {"version": rating.version}, format="json")
    version = approved.json()["version"]
    response = save(reporter_api, own_initiative, open_round, effort="red", economy="green", version=version)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Vurderingen er godkendt og kan ikke længere ændres."]}


def test_administrator_returns_a_rating_with_a_remark(admin_api, open_round, own_initiative, ejendomme_reporter):
    rating = _submitted(open_round, own_initiative, ejendomme_reporter)
    url = f"/api/ratings/{rating.pk}/return/"
    no_remark = admin_api.post(url, {"version": rating.version, "remark": "  "}, format="json")
    assert no_remark.status_code == 400
    assert no_remark.json() == {"remark": ["Skriv hvorfor vurderingen sendes retur."]}

    response = admin_api.post(url, {"version": rating.version, "remark": "Uddyb kommentaren."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["review_remark"] == "Uddyb kommentaren."


def test_review_of_a_stale_version_gives_409(admin_api, open_round, own_initiative, ejendomme_reporter):
    rating = _submitted(open_round, own_initiative, ejendomme_reporter)
    response = admin_api.post(f"/api/ratings/{rating.pk}/approve/", {"version": rating.version - 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "submitted"
    assert response.json()["current"]["version"] == rating.version


def test_a_draft_cannot_be_approved(admin_api, reporter_api, open_round, own_initiative):
    draft = save(reporter_api, own_initiative, open_round, effort="green").json()
    response = admin_api.post(f"/api/ratings/{draft['id']}/approve/", {"version": draft["version"]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Kun indsendte vurderinger kan godkendes eller sendes retur."]}


def test_department_cannot_approve_its_own_rating(reporter_api, open_round, own_initiative, ejendomme_reporter):
    rating = _submitted(open_round, own_initiative, ejendomme_reporter)
    response = reporter_api.post(f"/api/ratings/{rating.pk}/approve/", {"version": rating.version}, format="json")
    assert response.status_code == 403
    rating.refresh_from_db()
    assert rating.status == Rating.Status.SUBMITTED


def test_a_closed_round_is_locked_for_the_api_too(admin_api, open_round, own_initiative, administrator):
    services.close_round(open_round, user=administrator, reason="Fristen er overskredet.")
    response = save(admin_api, own_initiative, open_round, effort="green", economy="green")
    assert response.status_code == 400


def test_session_writes_need_the_csrf_token(open_round, own_initiative, ejendomme_reporter):
    """A browser session works for the API, but only with Django's CSRF protection."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(ejendomme_reporter)
    assert client.get("/api/initiatives/").status_code == 200
    body = rating_body(own_initiative, open_round, effort="green", economy="green")
    refused = client.post("/api/ratings/", body, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
    accepted = client.post("/api/ratings/", body, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_token_requests_need_no_csrf_token(open_round, own_initiative, ejendomme_reporter):
    client = token_client(ejendomme_reporter, enforce_csrf_checks=True)
    response = save(client, own_initiative, open_round, effort="green", economy="green")
    assert response.status_code == 201


def test_economy_baseline_is_the_latest_approved_revision(
    admin_api, reporter_api, open_round, own_initiative, administrator
):
    revision = services.revise_economy(
        own_initiative,
        user=administrator,
        text="<p>Anlæg 5 mio. kr.</p>",
        approved_on=datetime.date(2018, 3, 1),
        approval_reference="KB 27.02.2018 pkt. 12",
    )
    response = save(reporter_api, own_initiative, open_round, effort="green", economy="green")
    assert response.json()["economy_baseline"] == revision.pk
