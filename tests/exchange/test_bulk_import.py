"""A plan import reads, compares and validates before it writes, then writes in bulk: its
history says who imported what and why, a re-import of the same file writes nothing, the
search index follows, the number of statements does not grow with the plan, and a change
another user makes between the reading and the writing is not lost."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalRecords

from benchmarks.generate import scaled_plan
from milepael.exchange import plan_import
from milepael.exchange.plan_import import import_plan
from milepael.plans.models import Initiative, Milestone
from milepael.search.models import SearchDocument

pytestmark = pytest.mark.django_db

REASON = "Importeret udmøntning"


def test_the_history_names_who_imported_and_why(administrator):
    report = import_plan(scaled_plan(1), user=administrator)
    initiatives = Initiative.objects.count()
    assert report.created > initiatives > 30
    records = Initiative.history.all()
    assert records.count() == initiatives
    assert {(r.history_type, r.history_user, r.history_change_reason) for r in records} == {
        ("+", administrator, REASON)
    }
    assert Milestone.history.count() == Milestone.objects.count()


def test_the_history_rows_hold_every_recorded_value_as_stored(administrator):
    """The history is copied from the rows just written (one INSERT … SELECT per model and
    batch): every value the history records is the stored one, all at one moment."""
    import_plan(scaled_plan(3), user=administrator)
    for model in (Initiative, Milestone):
        recorded = [field.attname for field in model.history.model.tracked_fields]
        assert "id" in recorded and len(recorded) > 3
        assert set(model.history.values_list(*recorded)) == set(model.objects.values_list(*recorded))
        assert model.history.values("history_date").distinct().count() == 1


def test_without_a_user_the_history_names_the_requests_user(rf, reader):
    """A web import whose user is not passed on (as `save()` does, the request's user)."""
    request = rf.post("/")
    request.user = reader
    HistoricalRecords.context.request = request
    try:
        import_plan(scaled_plan(1))
    finally:
        del HistoricalRecords.context.request
    assert set(Milestone.history.values_list("history_user", flat=True)) == {reader.pk}


def test_a_reimport_of_the_same_plan_writes_no_history_and_no_rows(administrator):
    import_plan(scaled_plan(1), user=administrator)
    before = (Initiative.history.count(), Milestone.history.count())
    with CaptureQueriesContext(connection) as queries:
        report = import_plan(scaled_plan(1), user=administrator)
    assert report.created == report.changed == report.removed == 0
    assert (Initiative.history.count(), Milestone.history.count()) == before
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert not [sql for sql in writes if sql.upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_changed_initiative_gets_one_history_record_with_the_new_values(administrator, reader):
    import_plan(scaled_plan(1), user=administrator)
    parsed = scaled_plan(1)
    parsed.initiatives[0].title = "Ny titel fra filen"
    report = import_plan(parsed, user=reader)
    assert (report.created, report.changed) == (0, 1)
    changed = Initiative.objects.get(title="Ny titel fra filen")
    latest = changed.history.first()
    assert (latest.history_type, latest.history_user, latest.title) == ("~", reader, "Ny titel fra filen")
    assert changed.sort_key  # derived by save(), and by the bulk write too


def test_the_search_index_follows_an_import(django_capture_on_commit_callbacks, administrator):
    with django_capture_on_commit_callbacks(execute=True):
        import_plan(scaled_plan(1), user=administrator)
    indexed = set(SearchDocument.objects.filter(kind="initiative").values_list("initiative_id", flat=True))
    assert indexed == set(Initiative.objects.values_list("pk", flat=True))


def test_the_number_of_reads_does_not_grow_with_the_plan(administrator):
    """One query per model to read what exists; the writes grow only by their batches (SQLite
    takes at most 999 values in a statement), never by a statement per row."""
    counts = []
    for factor in (1, 3):
        with transaction.atomic():  # each size into an empty database
            with CaptureQueriesContext(connection) as queries:
                import_plan(scaled_plan(factor), user=administrator)
            with CaptureQueriesContext(connection) as again:
                import_plan(scaled_plan(factor), user=administrator)
            reads = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
            counts.append((len(reads), len(queries) - len(reads), len(again)))
            transaction.set_rollback(True)
    (reads_1, writes_1, again_1), (reads_3, writes_3, again_3) = counts
    assert (reads_1, again_1) == (reads_3, again_3), counts
    # 105 initiatives and 420 milestones more, with their history: a few batches more, not 1,050 rows.
    assert writes_3 - writes_1 <= 12, counts


def test_a_change_made_between_reading_and_writing_is_not_lost(monkeypatch, administrator):
    """Someone edits an initiative after the import compared it and before it writes: the
    write sees the rows changed, compares again, and the file's value wins as it would have."""
    import_plan(scaled_plan(1), user=administrator)
    first = Initiative.objects.order_by("sort_key").first()
    diff = plan_import._diff

    def diff_then_someone_edits(*args, **kwargs):
        result = diff(*args, **kwargs)
        if not edited:
            edited.append(Initiative.objects.filter(pk=first.pk).update(title="Rettet imens"))
        return result

    edited: list = []
    monkeypatch.setattr(plan_import, "_diff", diff_then_someone_edits)
    report = import_plan(scaled_plan(1), user=administrator)
    first.refresh_from_db()
    assert first.title != "Rettet imens"
    assert report.changed == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs against PostgreSQL (DATABASE_URL); .ci/run does")
def test_a_large_import_refreshes_postgresqls_statistics(administrator, django_capture_on_commit_callbacks):
    """Until autovacuum gets to a freshly filled table, PostgreSQL's planner takes it for
    almost empty (a page of a large plan waited 40 ms for one nested loop): the import
    analyses the tables it filled, as PostgreSQL advises after bulk loads."""
    with django_capture_on_commit_callbacks(execute=True):  # the search index, built after the commit
        import_plan(scaled_plan(8), user=administrator)  # 1,120 milestones: above ANALYZE_AFTER_ROWS
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
            "('plans_milestone', 'plans_historicalmilestone', 'search_searchdocument')"
        )
        estimated = dict(cursor.fetchall())
    assert estimated["plans_milestone"] >= 1000 and estimated["plans_historicalmilestone"] >= 1000, estimated
    assert estimated["search_searchdocument"] >= 1000, estimated
