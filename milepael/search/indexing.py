"""Writing the search index: the documents of an initiative (itself, its milestones, its
ratings' comments) or of a term objective, rebuilt whole whenever one of them changes
(signals.py) and all of them by `manage.py rebuild_search_index`."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import QuerySet

from milepael.core.imports import ANALYZE_AFTER_ROWS, analyze
from milepael.core.richtext import html_to_text
from milepael.followup.models import EconomyRevision, Rating
from milepael.plans.models import Initiative, Milestone
from milepael.term.models import Objective

from . import backends
from .models import SearchDocument

Kind = SearchDocument.Kind
DRAFT = Rating.Status.DRAFT
# A document as the index writes it: SearchDocument's fields by attribute name.
Document = dict[str, object]
COLUMNS = ["kind", "initiative_id", "rating_id", "objective_id", "plan_id", "year", "last_year", "committee_id"]
COLUMNS += ["department_id", "smiley", "heading", "context", "url", "title", "body"]
# What a document leaves out: the text fields empty, the rest null.
EMPTY = {"smiley": "", "context": "", "title": "", "body": ""}
BATCH = 500
# Initiatives refreshed per write transaction: small, so other writers never wait long.
REFRESH_BATCH = 250


def _text(*parts: str) -> str:
    """The parts' plain text, one space between them (each is folded already)."""
    return " ".join(text for text in map(html_to_text, parts) if text)


def _by_initiative(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row[1:])
    return grouped


def _initiative_documents(ids: list[int]) -> list[Document]:
    """The documents of these initiatives, read as plain rows (four queries, no model rows:
    building and saving 30,000 model objects cost an import of 3,500 initiatives 2 seconds)."""
    fields = ["pk", "plan_id", "number", "title", "description", "implementation_note", "economy_text"]
    fields += ["responsible_department_id", "plan__title", "plan__committee_id", "plan__agreement__budget_year"]
    initiatives = Initiative.objects.filter(pk__in=ids).order_by("pk").values_list(*fields, named=True)
    milestones = _by_initiative(
        Milestone.objects.filter(initiative_id__in=ids)
        .order_by("initiative_id", "round__ordinal")
        .values_list("initiative_id", "round__name", "text")
    )
    texts = ["effort_comment", "economy_comment", "alternative_financing"]
    ratings = _by_initiative(
        Rating.objects.filter(initiative_id__in=ids)
        .order_by("initiative_id", "round__ordinal")
        .values_list("initiative_id", "pk", "round__name", "status", "effort", *texts)
    )
    revisions = _by_initiative(
        EconomyRevision.objects.filter(initiative_id__in=ids)
        .order_by("initiative_id", "approved_on", "pk")
        .values_list("initiative_id", "text")
    )
    documents = []
    for row in initiatives:
        its = (milestones.get(row.pk, []), ratings.get(row.pk, []), revisions.get(row.pk, []))
        documents += _documents_of(row, *its)
    return documents


def _documents_of(row, milestones: list, ratings: list, revisions: list) -> list[Document]:
    """An initiative's documents: itself, its milestones that say something, its ratings'
    comments (`row` and the lists as `_initiative_documents` reads them)."""
    # Heading and address as the initiative itself makes them (its __str__ and URL).
    initiative = Initiative(pk=row.pk, plan_id=row.plan_id, number=row.number, title=row.title)
    common = {
        "initiative_id": row.pk,
        "plan_id": row.plan_id,
        "year": row.plan__agreement__budget_year,
        "last_year": row.plan__agreement__budget_year,
        "committee_id": row.plan__committee_id,
        "department_id": row.responsible_department_id,
        "heading": str(initiative),
        "url": initiative.get_absolute_url(),
    }
    # The effort smiley of the latest rating that is not a draft (drafts are private).
    shown = [effort for _pk, _round, status, effort, *_texts in ratings if status != DRAFT and effort]
    smiley = shown[-1] if shown else ""
    body = _text(row.description, row.implementation_note, row.economy_text, *(text for (text,) in revisions))
    documents = [
        {
            "kind": Kind.INITIATIVE,
            "smiley": smiley,
            "context": row.plan__title,
            "title": f"{row.number} {row.title}",
            "body": body,
            **common,
        }
    ]
    for round_name, text in milestones:
        if text.strip():
            documents.append(
                {"kind": Kind.MILESTONE, "smiley": smiley, "context": round_name, "body": _text(text), **common}
            )
    for rating_pk, round_name, _status, effort, *comments in ratings:
        if comment := _text(*comments):
            documents.append(
                {
                    "kind": Kind.COMMENT,
                    "rating_id": rating_pk,
                    "smiley": effort,
                    "context": round_name,
                    "body": comment,
                    **common,
                }
            )
    return documents


def _objectives():
    return Objective.objects.select_related("area__term__committee")


def objective_documents(objective: Objective) -> list[Document]:
    term = objective.area.term
    return [
        {
            "kind": Kind.OBJECTIVE,
            "objective_id": objective.pk,
            "year": term.start_year,
            "last_year": term.end_year,
            "committee_id": term.committee_id,
            "heading": objective.title,
            "context": term.name_and_committee,
            "url": term.get_absolute_url(),
            "title": objective.title,
            "body": _text(objective.subtitle, objective.actions, objective.results),
        }
    ]


def _insert(documents: list[Document]) -> None:
    """Write the documents as plain rows in one statement (a field left out is empty), not
    as model objects: the ORM's per-field preparation was most of a large import's indexing."""
    if not documents:
        return
    ops = connection.ops
    columns = ", ".join(ops.quote_name(SearchDocument._meta.get_field(name).column) for name in COLUMNS)
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {ops.quote_name(SearchDocument._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[document.get(name, EMPTY.get(name)) for name in COLUMNS] for document in documents])


def _replace(documents: QuerySet, new: list[Document]) -> None:
    """Replace the documents `documents` selects by `new`, which the same query selects."""
    backends.unindex(documents)
    documents.delete()
    _insert(new)
    backends.index(documents)


def refresh_initiatives(initiative_ids: Iterable[int]) -> None:
    """Rebuild the documents of these initiatives (gone ones: their documents go), in batches:
    each batch's documents are made first and written in a short transaction of their own,
    so a large import's indexing never holds SQLite's write lock for long."""
    ids = sorted(set(initiative_ids))
    written = 0
    for start in range(0, len(ids), REFRESH_BATCH):
        chunk = ids[start : start + REFRESH_BATCH]
        new = _initiative_documents(chunk)
        with transaction.atomic():
            # Two requests refreshing the same initiative (two saves in a row) take turns, in
            # primary-key order: neither deadlocks, and the second reads the first's documents
            # as old ones instead of adding its own beside them (PostgreSQL; SQLite has one writer).
            list(
                Initiative.objects.select_for_update(no_key=True).filter(pk__in=chunk).order_by("pk").values_list("pk")
            )
            _replace(SearchDocument.objects.filter(initiative_id__in=chunk), new)
        written += len(new)
    if written >= ANALYZE_AFTER_ROWS:
        analyze(SearchDocument)  # a bulk load, as a large import's rows (core.imports)


def refresh_initiative(initiative_id: int) -> None:
    refresh_initiatives([initiative_id])


@transaction.atomic
def refresh_objective(objective_id: int) -> None:
    objective = _objectives().filter(pk=objective_id).first()
    _replace(
        SearchDocument.objects.filter(objective_id=objective_id), objective_documents(objective) if objective else []
    )


@transaction.atomic
def rebuild() -> int:
    """Index everything afresh; the number of documents."""
    backends.clear()
    SearchDocument.objects.all().delete()
    count = 0
    ids = list(Initiative.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        documents = _initiative_documents(chunk)
        _insert(documents)
        backends.index(SearchDocument.objects.filter(initiative_id__in=chunk))
        count += len(documents)
    documents = [d for objective in _objectives() for d in objective_documents(objective)]
    _insert(documents)
    backends.index(SearchDocument.objects.filter(objective__isnull=False))
    return count + len(documents)
