"""Writing the search index: the documents of an initiative (itself, its milestones, its
ratings' comments) or of a term objective, rebuilt whole whenever one of them changes
(signals.py) and all of them by `manage.py rebuild_search_index`."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch

from milepael.core.richtext import fold_whitespace, html_to_text
from milepael.followup.models import EconomyRevision, Rating
from milepael.plans.models import Initiative, Milestone
from milepael.term.models import Objective

from . import backends
from .models import SearchDocument

Kind = SearchDocument.Kind
BATCH = 500
# Initiatives refreshed per write transaction: small, so other writers never wait long.
REFRESH_BATCH = 100


def _text(*parts: str) -> str:
    return fold_whitespace(" ".join(html_to_text(part) for part in parts if part))


def _initiatives() -> Iterable[Initiative]:
    return Initiative.objects.select_related(
        "plan__agreement", "plan__committee", "responsible_department"
    ).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("round")),
        Prefetch("ratings", queryset=Rating.objects.select_related("round").order_by("round__ordinal")),
        Prefetch("economy_revisions", queryset=EconomyRevision.objects.order_by("approved_on", "pk")),
    )


def _latest_effort(initiative: Initiative) -> str:
    """The effort smiley of the latest rating that is not a draft (drafts are private)."""
    shown = [r for r in initiative.ratings.all() if r.status != Rating.Status.DRAFT and r.effort]
    return shown[-1].effort if shown else ""


def initiative_documents(initiative: Initiative) -> list[SearchDocument]:
    plan = initiative.plan
    common = {
        "initiative": initiative,
        "plan": plan,
        "year": plan.agreement.budget_year,
        "last_year": plan.agreement.budget_year,
        "committee_id": plan.committee_id,
        "department_id": initiative.responsible_department_id,
        "heading": str(initiative),
        "url": initiative.get_absolute_url(),
    }
    smiley = _latest_effort(initiative)
    economy = [revision.text for revision in initiative.economy_revisions.all()]
    documents = [
        SearchDocument(
            kind=Kind.INITIATIVE,
            smiley=smiley,
            context=plan.title,
            title=f"{initiative.number} {initiative.title}",
            body=_text(initiative.description, initiative.implementation_note, initiative.economy_text, *economy),
            **common,
        )
    ]
    for milestone in initiative.milestones.all():
        if not milestone.is_blank:
            documents.append(
                SearchDocument(
                    kind=Kind.MILESTONE,
                    smiley=smiley,
                    context=milestone.round.name,
                    body=_text(milestone.text),
                    **common,
                )
            )
    for rating in initiative.ratings.all():
        body = _text(rating.effort_comment, rating.economy_comment, rating.alternative_financing)
        if body:
            documents.append(
                SearchDocument(
                    kind=Kind.COMMENT,
                    rating=rating,
                    smiley=rating.effort,
                    context=rating.round.name,
                    body=body,
                    **common,
                )
            )
    return documents


def _objectives():
    return Objective.objects.select_related("area__term__committee")


def objective_documents(objective: Objective) -> list[SearchDocument]:
    term = objective.area.term
    return [
        SearchDocument(
            kind=Kind.OBJECTIVE,
            objective=objective,
            year=term.start_year,
            last_year=term.end_year,
            committee_id=term.committee_id,
            heading=objective.title,
            context=term.name_and_committee,
            url=term.get_absolute_url(),
            title=objective.title,
            body=_text(objective.subtitle, objective.actions, objective.results),
        )
    ]


def _replace(old: Iterable[SearchDocument], new: list[SearchDocument]) -> None:
    old_ids = [d.pk for d in old]
    backends.unindex(old_ids)
    SearchDocument.objects.filter(pk__in=old_ids).delete()
    backends.index(SearchDocument.objects.bulk_create(new))


def refresh_initiatives(initiative_ids: Iterable[int]) -> None:
    """Rebuild the documents of these initiatives (gone ones: their documents go), in batches:
    each batch's documents are made first and written in a short transaction of their own,
    so a large import's indexing never holds SQLite's write lock for long."""
    ids = sorted(set(initiative_ids))
    for start in range(0, len(ids), REFRESH_BATCH):
        chunk = ids[start : start + REFRESH_BATCH]
        new = [d for initiative in _initiatives().filter(pk__in=chunk) for d in initiative_documents(initiative)]
        with transaction.atomic():
            # Two requests refreshing the same initiative (two saves in a row) take turns, in
            # primary-key order: neither deadlocks, and the second reads the first's documents
            # as old ones instead of adding its own beside them (PostgreSQL; SQLite has one writer).
            list(
                Initiative.objects.select_for_update(no_key=True).filter(pk__in=chunk).order_by("pk").values_list("pk")
            )
            _replace(SearchDocument.objects.filter(initiative_id__in=chunk).only("pk"), new)


def refresh_initiative(initiative_id: int) -> None:
    refresh_initiatives([initiative_id])


@transaction.atomic
def refresh_objective(objective_id: int) -> None:
    old = SearchDocument.objects.filter(objective_id=objective_id).only("pk")
    objective = _objectives().filter(pk=objective_id).first()
    _replace(old, objective_documents(objective) if objective else [])


@transaction.atomic
def rebuild() -> int:
    """Index everything afresh; the number of documents."""
    backends.clear()
    SearchDocument.objects.all().delete()
    count = 0
    for start in range(0, Initiative.objects.count(), BATCH):
        batch = list(_initiatives().order_by("pk")[start : start + BATCH])
        documents = [d for initiative in batch for d in initiative_documents(initiative)]
        backends.index(SearchDocument.objects.bulk_create(documents))
        count += len(documents)
    documents = [d for objective in _objectives() for d in objective_documents(objective)]
    backends.index(SearchDocument.objects.bulk_create(documents))
    return count + len(documents)
