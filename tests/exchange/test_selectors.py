"""The queries behind the exchange pages, and who may upload a round's ratings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milepael.exchange.selectors import departments_of_round, initiatives_for_ratings_workbook, plan_of_round
from milepael.organisation.models import Department, Profile
from milepael.organisation.permissions import can_rate_in_round
from milepael.plans.models import ImplementationPlan
from tests.factories import AgreementFactory, RoundFactory, plan_with_rounds, user_with_role

pytestmark = pytest.mark.django_db


def test_the_rounds_departments_are_those_responsible_for_its_initiatives(round_plan):
    round_ = round_plan.agreement.rounds.get(ordinal=1)
    with CaptureQueriesContext(connection) as queries:
        departments = departments_of_round(round_)
    assert len(queries) == 1
    assert departments == set(
        Department.objects.filter(name__in=["Politisk Sekretariat", "Ejendomme", "By, Erhverv og Miljø"]).values_list(
            "pk", flat=True
        )
    )


def test_who_may_upload_ratings_for_a_round(round_plan, administrator, reader, ejendomme_reporter):
    departments = departments_of_round(round_plan.agreement.rounds.get(ordinal=1))
    other_reporter = user_with_role(Profile.Role.REPORTER, ["Social og Sundhed"])
    assert can_rate_in_round(administrator, departments)
    assert can_rate_in_round(ejendomme_reporter, departments)
    assert not can_rate_in_round(other_reporter, departments)
    assert not can_rate_in_round(reader, departments)
    # A round without initiatives has nothing to rate, not even for an administrator.
    assert not can_rate_in_round(administrator, departments_of_round(RoundFactory(agreement=AgreementFactory())))


def test_a_reporter_of_another_department_may_not_open_the_upload_page(client, round_plan):
    client.force_login(user_with_role(Profile.Role.REPORTER, ["Social og Sundhed"]))
    round_ = round_plan.agreement.rounds.get(ordinal=1)
    assert client.get(reverse("exchange:import_ratings", args=[round_.pk])).status_code == 403


def test_the_ratings_workbook_has_the_rows_the_user_rates_or_else_every_row(
    round_plan, administrator, reader, ejendomme_reporter
):
    every = ["1.02", "3.04", "3.08", "3.17", "7.11"]
    assert [i.number for i in initiatives_for_ratings_workbook(round_plan, administrator)] == every
    assert [i.number for i in initiatives_for_ratings_workbook(round_plan, ejendomme_reporter)] == [
        "3.04",
        "3.08",
        "3.17",
    ]
    # Who may rate none of them gets the whole plan to read.
    assert [i.number for i in initiatives_for_ratings_workbook(round_plan, reader)] == every


def test_a_plan_of_another_agreement_is_not_the_rounds(round_plan):
    round_ = round_plan.agreement.rounds.get(ordinal=1)
    assert plan_of_round(round_, round_plan.pk) == round_plan
    other = plan_with_rounds(year=2019)
    with pytest.raises(ImplementationPlan.DoesNotExist):
        plan_of_round(round_, other.pk)
