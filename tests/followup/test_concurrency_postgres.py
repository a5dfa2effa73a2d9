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


def _race(*jobs, timeout: float = 30) -> dict[str, object]:
    """Run the jobs (name, function) at the same moment on their own connections; each
    outcome is the function's result or the exception it raised. A deadlock would surface as
    PostgreSQL's »deadlock detected« error (or a thread that never finishes)."""
    start = threading.Barrier(len(jobs))
    outcomes: dict[str, object] = {}

    def run(name, function):
        try:
            start.wait(timeout=10)
            outcomes[name] = function()
        except Exception as exc:  # the outcome, success or failure, is what the test looks at
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a transaction never finished"
    return outcomes


def _submitted_by_ejendomme(plan, round_, reporter) -> list[Rating]:
    """Ejendomme's initiatives, each rated glad/glad and submitted, in pk order."""
    return [
        services.save_rating(
            initiative=initiative,
            round_=round_,
            user=reporter,
            data=services.RatingInput(effort="green", economy="green"),
            expected_version=0,
            submit=True,
        )
        for initiative in plan.initiatives.filter(responsible_department__name="Ejendomme").order_by("pk")
    ]


def test_a_draft_autosave_racing_a_bulk_approval_never_overwrites_and_never_deadlocks(
    open_round, round_plan, ejendomme_reporter, administrator
):
    ratings = _submitted_by_ejendomme(round_plan, open_round, ejendomme_reporter)
    raced = ratings[-1]  # locked last by the approval (pk order), first by the autosave
    outcomes = _race(
        (
            "autosave",
            lambda: services.save_rating(
                initiative=raced.initiative,
                round_=open_round,
                user=ejendomme_reporter,
                data=services.RatingInput(effort="red", effort_comment="Alligevel forsinket", economy="green"),
                expected_version=raced.version,
            ),
        ),
        (
            "approve",
            lambda: services.approve_ratings(
                round_=open_round, user=administrator, versions={r.pk: r.version for r in ratings}
            ),
        ),
    )
    assert not any("deadlock" in str(outcome) for outcome in outcomes.values()), outcomes
    stored = Rating.objects.get(pk=raced.pk)
    approvals = outcomes["approve"]
    assert isinstance(approvals, list), approvals
    raced_outcome = next(o for o in approvals if o.rating.pk == raced.pk)
    if isinstance(outcomes["autosave"], services.RatingConflict):
        # The approval came first: the department is told what is stored now, nothing is lost.
        assert raced_outcome.approved and stored.status == "approved"
        assert outcomes["autosave"].current.status == "approved"
    else:
        # The autosave came first: the approval reports the newer version instead of approving it.
        assert raced_outcome.conflict and stored.status == "draft"
        assert stored.effort_comment == "Alligevel forsinket"
    # Every other rating was approved exactly once.
    others = Rating.objects.exclude(pk=raced.pk)
    assert set(others.values_list("status", flat=True)) == {"approved"}
    assert set(others.values_list("version", flat=True)) == {2}


def test_two_reviewers_approving_overlapping_selections_do_not_deadlock(
    open_round, round_plan, ejendomme_reporter, administrator
):
    second_reviewer = type(administrator).objects.create(username="okonomi2", is_superuser=True)
    ratings = _submitted_by_ejendomme(round_plan, open_round, ejendomme_reporter)
    versions = {r.pk: r.version for r in ratings}
    outcomes = _race(
        ("first", lambda: services.approve_ratings(round_=open_round, user=administrator, versions=versions)),
        (
            "second",
            lambda: services.approve_ratings(
                round_=open_round, user=second_reviewer, versions=dict(reversed(list(versions.items())))
            ),
        ),
    )
    assert all(isinstance(o, list) for o in outcomes.values()), outcomes
    approved = [o.rating.pk for result in outcomes.values() for o in result if o.approved]
    assert sorted(approved) == sorted(versions)  # each approved once, by one of them
    conflicts = [o for result in outcomes.values() for o in result if o.conflict]
    assert len(conflicts) == len(versions)  # the other reviewer saw each as changed
    assert set(Rating.objects.values_list("status", "version")) == {("approved", 2)}


def test_closing_the_round_while_a_department_saves_waits_and_never_deadlocks(
    open_round, round_plan, ejendomme_reporter, administrator, own_initiative
):
    outcomes = _race(
        (
            "save",
            lambda: services.save_rating(
                initiative=own_initiative,
                round_=open_round,
                user=ejendomme_reporter,
                data=services.RatingInput(effort="green", economy="green"),
                expected_version=0,
                submit=True,
            ),
        ),
        ("close", lambda: services.close_round(open_round, user=administrator, reason="Fristen er overskredet.")),
    )
    assert not isinstance(outcomes["close"], Exception), outcomes
    saved = outcomes["save"]
    if isinstance(saved, Exception):
        assert "ikke åben" in str(saved)  # the close came first: the round is locked
        assert not Rating.objects.exists()
    else:
        assert Rating.objects.get().status == "submitted"  # saved before the round closed
