import os
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from milepael.exchange.plan_import import import_plan_file
from milepael.organisation.models import Profile

# Locally the fuzz tests explore new inputs every run; in CI (CI=true) they replay a fixed
# set, so a submission never fails on luck. Failures found locally become regressions.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

SEEDS = Path(settings.BASE_DIR) / "seeds"
PLAN_SEED = SEEDS / "000_616c72004517a9f2.txt"
TERM_SEED = SEEDS / "002_b13bb6347c3a9252.txt"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests create many users; the production hasher's 1M PBKDF2 rounds would dominate."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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


def make_user(username: str, role: str, departments=(), **extra):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, password=f"pw-{username}-123", **extra)
    profile = Profile.objects.create(user=user, role=role)
    profile.departments.set(departments)
    return user


@pytest.fixture
def administrator(db):
    return make_user("okonomi", Profile.Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def reader(db):
    return make_user("laeser", Profile.Role.READER)


@pytest.fixture
def staff_client(client, administrator):
    """Logged in as an administrator (the finance and steering department)."""
    client.force_login(administrator)
    return client


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
