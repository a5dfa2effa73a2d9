import pytest
from django.http import Http404

from milepael.core.shortcuts import get_or_404
from milepael.plans.models import ImplementationPlan
from milepael.plans.selectors import plan_for_page
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_get_or_404_returns_what_the_selector_finds():
    plan = PlanFactory()
    assert get_or_404(plan_for_page, plan.pk) == plan


def test_get_or_404_turns_a_missing_object_into_404():
    with pytest.raises(Http404):
        get_or_404(plan_for_page, ImplementationPlan.objects.count() + 1000)
