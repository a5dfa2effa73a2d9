from tests.followup.conftest import (  # noqa: F401
    blank_milestone_initiative,
    ejendomme_reporter,
    open_round,
    other_reporter,
    own_initiative,
)
