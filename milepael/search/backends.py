"""The full-text half of the index, per database: PostgreSQL's `danish` text search on the
documents' `vector` column (GIN index), or SQLite's FTS5 table `search_fts` of stemmed text
(bm25 ranking). Nothing outside this module knows which one runs."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from . import stemming
from .models import SearchDocument

CONFIG = "danish"
# Title hits weigh more than body hits: bm25 column weights (title, body) on SQLite, and
# setweight A (title) / B (body) with PostgreSQL's default rank weights.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
# Sentinels around PostgreSQL's headline hits, turned into <mark> after escaping.
START, STOP = "\ue000", "\ue001"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def index(documents: QuerySet) -> None:
    """Make freshly written documents findable."""
    if is_postgresql():
        documents.update(
            vector=SearchVector("title", weight="A", config=CONFIG) + SearchVector("body", weight="B", config=CONFIG)
        )
        return
    rows = list(documents.values_list("pk", "title", "body"))
    with connection.cursor() as cursor:
        # A row left by a flushed table (ids are reused) must not collide.
        _delete_fts(cursor, [pk for pk, _title, _body in rows])
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
            [(pk, stemming.stemmed_text(title), stemming.stemmed_text(body)) for pk, title, body in rows],
        )


def unindex(documents: QuerySet) -> None:
    """Forget documents about to be deleted (PostgreSQL: the row carries its own vector)."""
    if not is_postgresql():
        with connection.cursor() as cursor:
            _delete_fts(cursor, list(documents.values_list("pk", flat=True)))


def _delete_fts(cursor, document_ids: list[int]) -> None:
    for start in range(0, len(document_ids), 500):
        chunk = document_ids[start : start + 500]
        placeholders = ", ".join(["%s"] * len(chunk))
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", chunk)  # noqa: S608


def clear() -> None:
    if not is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")


def has_words(query: str) -> bool:
    return bool(stemming.stems(query))


class _Ranked:
    """The matching documents in rank order, for the Paginator: their ids are known (one
    query), the documents are read only for the page sliced out (one query)."""

    def __init__(self, documents: QuerySet, ids: list[int]):
        self.documents, self.ids = documents, ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, item: slice) -> list[SearchDocument]:
        ids = self.ids[item]
        by_id = self.documents.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


def matching(documents: QuerySet, query: str):
    """`documents` that match every word of `query`, best first (sliceable, with count())."""
    if is_postgresql():
        search_query = SearchQuery(query, config=CONFIG, search_type="plain")
        return (
            documents.filter(vector=search_query)
            .annotate(score=SearchRank(F("vector"), search_query))
            .order_by("-score", "pk")
        )
    # FTS5 first, the filters on its hits: SQLite's planner would otherwise run the MATCH once
    # per row a filter's index finds.
    match = stemming.fts_match(query)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) FROM search_fts WHERE search_fts MATCH %s",  # noqa: S608
            [match],
        )
        scores = dict(cursor.fetchall())
    allowed = documents.filter(pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match]))
    ids = sorted(allowed.values_list("pk", flat=True), key=lambda pk: (scores.get(pk, 0.0), pk))
    return _Ranked(documents, ids)


def snippets(documents: list[SearchDocument], query: str) -> dict[int, SafeString]:
    """A highlighted, escaped excerpt of each document's body (one query on PostgreSQL)."""
    if not is_postgresql():
        return {d.pk: stemming.snippet(d.body, query) for d in documents}
    search_query = SearchQuery(query, config=CONFIG, search_type="plain")
    headlines = SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).annotate(
        headline=SearchHeadline(
            "body",
            search_query,
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )
    return {pk: stemming.marked_headline(text, START, STOP) for pk, text in headlines.values_list("pk", "headline")}
