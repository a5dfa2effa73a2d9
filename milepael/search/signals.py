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


def _pending() -> set[tuple[str, int]]:
    if not hasattr(_state, "pending"):
        _state.pending = set()
    return _state.pending


def _flush() -> None:
    keys, pending = set(_pending()), _pending()
    pending.clear()
    for kind, pk in sorted(keys):
        if kind == "initiative":
            indexing.refresh_initiative(pk)
        else:
            indexing.refresh_objective(pk)


def schedule(kind: str, pk: int) -> None:
    """Refresh the documents of (kind, pk) when the current transaction commits."""
    connection = transaction.get_connection()
    scheduled = connection.in_atomic_block and any(entry[1] is _flush for entry in connection.run_on_commit)
    if not scheduled:
        _pending().clear()  # what is left belonged to a transaction that was rolled back
    _pending().add((kind, pk))
    if not scheduled:
        transaction.on_commit(_flush)


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
