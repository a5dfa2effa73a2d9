from pathlib import Path

import pytest
from django.conf import settings

from milepael.exchange.plan_import import import_plan_file

SEEDS = Path(settings.BASE_DIR) / "seeds"
PLAN_SEED = SEEDS / "000_616c72004517a9f2.txt"
TERM_SEED = SEEDS / "002_b13bb6347c3a9252.txt"


@pytest.fixture
def plan_seed_bytes() -> bytes:
    return PLAN_SEED.read_bytes()


@pytest.fixture
def plan_seed_lines() -> list[str]:
    return PLAN_SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture
def seed_plan(db, plan_seed_bytes):
    """The seed implementation plan, imported."""
    return import_plan_file(plan_seed_bytes).plan


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("finance", password="pw-finance-123", is_staff=True)
    client.force_login(user)
    return client
