"""Two people save the same rating at the same moment, on two real PostgreSQL connections."""

import threading

import pytest
from django.db import connection, connections

from milepael.followup import services
from milepael.followup.models import Rating

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("runs against PostgreSQL (DATABASE_URL); .ci/run does")


def test_simultaneous_saves_from_the_same_version_one_wins_one_conflicts(
    open_round, ejendomme_reporter, administrator, own_initiative
):
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def save(name, user, comment):
        try:
            start.wait(timeout=10)
            services.save_rating(
                initiative=own_initiative,
                round_=open_round,
                user=user,
                data=services.RatingInput(effort="yellow", economy="green", effort_comment=comment),
                expected_version=0,
                submit=True,
            )
            results[name] = "saved"
        except services.RatingConflict as conflict:
            results[name] = conflict.current.effort_comment
        finally:
            connections.close_all()  # each thread has its own real connection

    threads = [
        threading.Thread(target=save, args=("reporter", ejendomme_reporter, "Fra centret")),
        threading.Thread(target=save, args=("finance", administrator, "Fra økonomi")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    saved = [name for name, outcome in results.items() if outcome == "saved"]
    assert len(saved) == 1, results
    loser = next(name for name in results if name not in saved)
    stored = Rating.objects.get()
    # The loser was told what is stored, and the stored text is the winner's, untouched.
    assert results[loser] == stored.effort_comment
    assert stored.version == 1
    assert stored.effort_comment == {"reporter": "Fra centret", "finance": "Fra økonomi"}[saved[0]]


def test_a_stale_edit_after_a_concurrent_update_is_refused(
    open_round, ejendomme_reporter, administrator, own_initiative
):
    first = services.save_rating(
        initiative=own_initiative,
        round_=open_round,
        user=ejendomme_reporter,
        data=services.RatingInput(effort="green", economy="green"),
        expected_version=0,
    )
    locked = threading.Event()
    release = threading.Event()

    def hold_lock():
        # Another session holds the row lock while it updates the rating.
        from django.db import transaction

        with transaction.atomic():
            Rating.objects.select_for_update().get(pk=first.pk)
            Rating.objects.filter(pk=first.pk).update(effort_comment="Samtidig ændring", version=first.version + 1)
            locked.set()
            release.wait(timeout=10)
        connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert locked.wait(timeout=10)
    threading.Timer(0.5, release.set).start()
    with pytest.raises(services.RatingConflict) as conflict:
        services.save_rating(
            initiative=own_initiative,
            round_=open_round,
            user=administrator,
            data=services.RatingInput(effort="red", economy="green", effort_comment="Gammel"),
            expected_version=first.version,
        )
    holder.join(timeout=10)
    assert conflict.value.current.effort_comment == "Samtidig ændring"
    assert Rating.objects.get().effort_comment == "Samtidig ændring"
