"""Keep the index current: whatever writes an initiative, a milestone, a rating, an economy
revision or a term objective (form, import, API, admin), its documents are rebuilt once the
transaction commits, each initiative or objective once however many of its rows changed."""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from milepael.followup.models import EconomyRevision, Rating
from milepael.plans.models import Initiative, Milestone
from milepael.term.models import Objective

from . import indexing

_state = threading.local()


class _Batch:
    """What to refresh when one transaction commits."""

    def __init__(self):
        self.keys: set[tuple[str, int]] = set()
        self.done = False

    def run(self) -> None:
        self.done = True
        indexing.refresh_initiatives(pk for kind, pk in self.keys if kind == "initiative")
        for pk in sorted(pk for kind, pk in self.keys if kind == "objective"):
            indexing.refresh_objective(pk)


def _queued(batch: _Batch | None) -> bool:
    """Still waiting for its commit (a rollback drops it from the connection's queue)."""
    if batch is None or batch.done:
        return False
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(entry[1] == batch.run for entry in connection.run_on_commit)


def schedule(kind: str, pk: int) -> None:
    """Refresh the documents of (kind, pk) when the current transaction commits."""
    batch = getattr(_state, "batch", None)
    if not _queued(batch):
        batch = _state.batch = _Batch()
        batch.keys.add((kind, pk))
        # robust: the change itself is committed; a failed refresh is logged, not the request's error.
        transaction.on_commit(batch.run, robust=True)
    else:
        batch.keys.add((kind, pk))


def schedule_many(kind: str, pks) -> None:
    """`schedule` for many rows at once: a bulk write (an import) sends no save signals, so it
    names what it wrote, and the index is rebuilt in batches when it commits."""
    pks = list(pks)
    if pks:
        schedule(kind, pks[0])
        _state.batch.keys.update((kind, pk) for pk in pks)  # the batch `schedule` just queued


def _initiative_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        schedule("initiative", instance.pk if sender is Initiative else instance.initiative_id)


def _objective_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        schedule("objective", instance.pk)


def connect() -> None:
    for model in (Initiative, Milestone, Rating, EconomyRevision):
        post_save.connect(_initiative_changed, sender=model, dispatch_uid=f"search-{model.__name__}-save")
        post_delete.connect(_initiative_changed, sender=model, dispatch_uid=f"search-{model.__name__}-delete")
    post_save.connect(_objective_changed, sender=Objective, dispatch_uid="search-objective-save")
    post_delete.connect(_objective_changed, sender=Objective, dispatch_uid="search-objective-delete")
