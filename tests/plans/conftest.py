from tests.followup.conftest import (  # noqa: F401
    ejendomme_reporter,
    open_round,
    other_reporter,
    own_initiative,
)
