import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from milepael.exchange.plan_import import import_plan_file
from milepael.exchange.term_import import import_term_file
from milepael.followup import services
from milepael.organisation.models import Department, Profile
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative
from tests.factories import add_initiative, plan_with_rounds, user_with_role

# Locally the fuzz tests explore new inputs every run; in CI (CI=true) they replay a fixed
# set, so a submission never fails on luck. Failures found locally become regressions.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# The security suite's count of attempts, printed at the end of the run (tests/security/tally.py).
pytest_plugins = ["tests.security.tally"]

SEEDS = Path(settings.BASE_DIR) / "seeds"
PLAN_SEED = SEEDS / "000_616c72004517a9f2.txt"
TERM_SEED = SEEDS / "002_b13bb6347c3a9252.txt"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests create many users; the production hasher's 1M PBKDF2 rounds would dominate."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _own_data_version(tmp_path_factory):
    """Each test process counts its own data version (core.dataversion): another xdist
    worker's writes must not retire this one's cached pages between two requests of a test."""
    from django.test.utils import override_settings

    path = tmp_path_factory.mktemp("dataversion") / "dataversion"
    with override_settings(MILEPAEL_DATA_VERSION_FILE=str(path)):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits (API throttling, login back-off, concurrent renders) count in the cache;
    each test starts with none spent, whatever the tests before it did."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _access_log_without_thread():
    """The access log's writer thread would write on its own connection, outside the test's
    transaction: tests write what is queued with `buffer.flush()`."""
    from milepael.audit import buffer

    buffer.start_writer = False
    buffer.discard()
    yield
    buffer.discard()


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
def term_seed_bytes() -> bytes:
    return TERM_SEED.read_bytes()


@pytest.fixture
def term_seed_lines() -> list[str]:
    return TERM_SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture
def seed_term(db, term_seed_bytes):
    """The seed status report for the election term 2014-2017, imported."""
    return import_term_file(term_seed_bytes).term


def make_user(username: str, role: str, departments=(), **extra):
    """A user called `username` with `role` (Profile.Role) for `departments`."""
    return user_with_role(role, departments, username=username, **extra)


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


# --- A small factory-built plan for the rule and page tests ---------------------------------

# Round 1's milestone of 3.04: what the rating form and the pages show for it.
OWN_MILESTONE = "<p>På baggrund af analysen er der udarbejdet en prioriteringsliste for indeklimaet.</p>"
OWN_TITLE = "Bygning - Indeklima i daginstitutioner"
OPEN_ROUND_DEADLINE = datetime.date(2018, 4, 15)


@pytest.fixture
def round_plan(db) -> ImplementationPlan:
    """Økonomiudvalget's plan of »Aftale om budget 2018« with the year's four rounds, all
    planned. Five initiatives; every milestone has text except 7.11's in round 1:

    - 1.02 (theme 1): Politisk Sekretariat
    - 3.04 (theme 3): Ejendomme, "Anlæg og drift", round 1's milestone is OWN_MILESTONE
    - 3.08, 3.17 (theme 3): Ejendomme
    - 7.11 (theme 7): By, Erhverv og Miljø; round 1's milestone is blank
    """
    plan = plan_with_rounds(year=2018)
    add_initiative(plan, "1.02", department="Politisk Sekretariat", title="Arbejdet med Vision 2029")
    add_initiative(
        plan,
        "3.04",
        department="Ejendomme",
        title=OWN_TITLE,
        kind=Initiative.Kind.CAPITAL_AND_OPERATING,
        milestones={1: OWN_MILESTONE},
    )
    add_initiative(plan, "3.08", department="Ejendomme")
    add_initiative(plan, "3.17", department="Ejendomme")
    add_initiative(
        plan, "7.11", department="By, Erhverv og Miljø", title="Fodboldbane - ny kunstgræs", blank_rounds=(1,)
    )
    return plan


@pytest.fixture
def open_round(round_plan, administrator) -> FollowUpRound:
    """Round 1 of round_plan, opened by the finance department (deadline 15 April 2018)."""
    round_ = round_plan.agreement.rounds.get(ordinal=1)
    return services.open_round(round_, user=administrator, deadline=OPEN_ROUND_DEADLINE)


@pytest.fixture
def ejendomme_reporter(round_plan):
    """Reports for Ejendomme (3.04, 3.08 and 3.17 are theirs)."""
    return make_user("ejendomme", Profile.Role.REPORTER, [Department.objects.get(name="Ejendomme")])


@pytest.fixture
def other_reporter(round_plan):
    """Reports for Politisk Sekretariat (1.02): another department than Ejendomme."""
    return make_user("politisk", Profile.Role.REPORTER, [Department.objects.get(name="Politisk Sekretariat")])


@pytest.fixture
def own_initiative(round_plan) -> Initiative:
    """3.04 – responsible department Ejendomme; its round-1 milestone has text."""
    return round_plan.initiatives.get(number="3.04")


@pytest.fixture
def blank_milestone_initiative(round_plan) -> Initiative:
    """7.11 – Ejendomme is not responsible (By, Erhverv og Miljø); round 1 milestone is blank."""
    return round_plan.initiatives.get(number="7.11")
