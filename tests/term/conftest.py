import pytest

from milepael.term.term_import import import_term_file
from tests.conftest import TERM_SEED


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
