"""The expected result through the API (issue 17): saved with a rating, read with its budget,
deviation and suggested smiley; a call without it keeps the stored one."""

import pytest

from milepael.plans.models import EconomyAmount

pytestmark = pytest.mark.django_db


def save(client, initiative, round_, **fields):
    body = {"initiative": initiative.pk, "round": round_.pk, "version": 0, **fields}
    return client.post("/api/ratings/", body, format="json")


def test_expected_result_is_saved_and_read_with_deviation_and_suggestion(reporter_api, open_round, own_initiative):
    EconomyAmount.objects.create(initiative=own_initiative, year=2018, kind="drift", sign="udgift", amount_kr=2_000_000)
    body = save(reporter_api, own_initiative, open_round, effort="green", expected_result_kr=2_500_000).json()
    assert (body["expected_result_kr"], body["budget_kr"]) == (2_500_000, 2_000_000)
    assert (body["expected_deviation_kr"], body["suggested_economy"]) == (500_000, "red")
    # Left out: kept.
    body = save(reporter_api, own_initiative, open_round, effort="green", economy="green", version=1).json()
    assert body["expected_result_kr"] == 2_500_000 and body["economy"] == "green"
    # null: removed.
    body = save(reporter_api, own_initiative, open_round, effort="green", expected_result_kr=None, version=2).json()
    assert body["expected_result_kr"] is None and body["suggested_economy"] is None


def test_an_impossible_amount_is_refused(reporter_api, open_round, own_initiative):
    response = save(reporter_api, own_initiative, open_round, effort="green", expected_result_kr=10**15)
    assert response.status_code == 400
    assert "expected_result_kr" in response.json()
