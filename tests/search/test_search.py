"""Search across plans and years (issue 17): Danish stemming, ranking, filters, draft
privacy, escaping and a constant number of queries. Every test runs on the database of the
run: SQLite (FTS5 + Snowball) by default, PostgreSQL (`danish` text search) with
DATABASE_URL=postgres://… — run the module both ways.

The data is written inside `django_capture_on_commit_callbacks(execute=True)`: the index is
refreshed when a transaction commits (milepael/search/signals.py), as in production."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from milepael.followup.models import Economy, Effort, Rating
from milepael.organisation.models import Profile
from milepael.search import indexing
from milepael.search.models import SearchDocument
from milepael.search.services import PER_PAGE, Filters, search
from tests.factories import DepartmentFactory, RatingFactory, add_initiative, plan_with_rounds, user_with_role
from tests.term.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what follows a commit (the index refresh) at the end of the `with` block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(committed):
    with committed():
        skoler, ejendomme = DepartmentFactory(name="Center for Skoler"), DepartmentFactory(name="Center for Ejendomme")
        plan_2018 = plan_with_rounds(year=2018)
        plan_2019 = plan_with_rounds(year=2019, committee="Børne- og Skoleudvalget")
        analysis = add_initiative(
            plan_2018,
            "3.01",
            department=skoler,
            title="Analysen af skolestrukturen",
            description="<p>Parterne ønsker en gennemgang af skolerne i kommunen.</p>",
        )
        roofs = add_initiative(
            plan_2019,
            "4.01",
            department=ejendomme,
            title="Nye tage",
            economy_text="<p>Besparelse på 2,0 mio. kr. fra 2019.</p>",
        )
        round_2019 = plan_2019.agreement.rounds.get(ordinal=1)
        RatingFactory(
            initiative=roofs,
            round=round_2019,
            effort=Effort.RED,
            economy=Economy.RED,
            effort_comment="Leverandøren har ikke leveret analyser af tagene endnu.",
        )
    return {"analysis": analysis, "roofs": roofs, "skoler": skoler, "ejendomme": ejendomme, "round_2019": round_2019}


@pytest.fixture
def administrator_user(db):
    return user_with_role(Profile.Role.ADMINISTRATOR, username="soeg-admin")


def kinds_and_headings(page) -> list[tuple[str, str]]:
    return [(hit.document.kind, hit.document.heading) for hit in page.object_list]


@pytest.mark.parametrize(
    ("query", "expected_word"),
    [("analyser", "Analysen"), ("analysen", "analyser"), ("skole", "skolerne"), ("skolerne", "skolerne")],
)
def test_danish_stemming_finds_other_forms_of_the_word(world, administrator_user, query, expected_word):
    page = search(query, Filters(), administrator_user)
    assert page.paginator.count >= 1
    marked = " ".join(str(hit.title) + str(hit.snippet) for hit in page.object_list)
    assert "<mark>" in marked
    assert expected_word.lower() in marked.lower()


def test_analyser_finds_analysen_and_the_comment_with_analyser(world, administrator_user):
    page = search("analyser", Filters(), administrator_user)
    found = kinds_and_headings(page)
    assert ("initiative", "3.01. Analysen af skolestrukturen") in found
    assert ("comment", "4.01. Nye tage") in found


def test_a_title_hit_ranks_before_a_comment_hit(world, administrator_user):
    page = search("analyse", Filters(), administrator_user)
    kinds = [hit.document.kind for hit in page.object_list]
    assert kinds.index("initiative") < kinds.index("comment")
    assert kinds[0] == "initiative"


def test_the_economy_text_is_searched(world, administrator_user):
    page = search("besparelse", Filters(), administrator_user)
    assert kinds_and_headings(page) == [("initiative", "4.01. Nye tage")]


def test_filters_by_year_committee_department_and_smiley(world, administrator_user):
    everything = search("analyser", Filters(), administrator_user).paginator.count
    assert everything == 2
    assert kinds_and_headings(search("analyser", Filters(year=2018), administrator_user)) == [
        ("initiative", "3.01. Analysen af skolestrukturen")
    ]
    committee = world["roofs"].plan.committee_id
    assert kinds_and_headings(search("analyser", Filters(committee=committee), administrator_user)) == [
        ("comment", "4.01. Nye tage")
    ]
    skoler = world["skoler"].pk
    assert [h.document.department_id for h in search("analyser", Filters(department=skoler), administrator_user)] == [
        skoler
    ]
    assert kinds_and_headings(search("analyser", Filters(smiley=Effort.RED), administrator_user)) == [
        ("comment", "4.01. Nye tage")
    ]
    assert search("analyser", Filters(smiley=Effort.GREEN), administrator_user).paginator.count == 0


def test_term_objectives_are_found_within_their_years(committed, administrator_user):
    with committed():
        ObjectiveFactory(title="Flere elever i skolerne", area__term__start_year=2018, area__term__end_year=2021)
    assert kinds_and_headings(search("skole", Filters(year=2020), administrator_user)) == [
        ("objective", "Flere elever i skolerne")
    ]
    assert search("skole", Filters(year=2022), administrator_user).paginator.count == 0


def test_a_readers_search_never_finds_a_drafts_comment(committed, world, administrator_user):
    with committed():
        rating = Rating.objects.get(initiative=world["roofs"])
        rating.status = Rating.Status.DRAFT
        rating.save()
    reader = user_with_role(Profile.Role.READER)
    other_reporter = user_with_role(Profile.Role.REPORTER, [world["skoler"]])
    own_reporter = user_with_role(Profile.Role.REPORTER, [world["ejendomme"]])
    assert search("leverandøren", Filters(), reader).paginator.count == 0
    assert search("leverandøren", Filters(), other_reporter).paginator.count == 0
    assert search("leverandøren", Filters(), own_reporter).paginator.count == 1
    assert search("leverandøren", Filters(), administrator_user).paginator.count == 1
    # Nor does the draft's smiley show through the initiative's smiley filter.
    assert search("tage", Filters(smiley=Effort.RED), reader).paginator.count == 0


def test_the_index_follows_changes_and_deletions(committed, world, administrator_user):
    assert search("solceller", Filters(), administrator_user).paginator.count == 0
    with committed():
        roofs = world["roofs"]
        roofs.title = "Nye tage med solceller"
        roofs.save()
    assert kinds_and_headings(search("solceller", Filters(), administrator_user)) == [
        ("initiative", "4.01. Nye tage med solceller")
    ]
    with committed():
        Rating.objects.filter(initiative=world["roofs"]).delete()
    assert search("leverandøren", Filters(), administrator_user).paginator.count == 0


def test_rebuild_search_index_finds_what_was_written_without_signals(world, administrator_user):
    SearchDocument.objects.all().delete()
    assert search("skole", Filters(), administrator_user).paginator.count == 0
    call_command("rebuild_search_index", verbosity=0)
    assert search("skole", Filters(), administrator_user).paginator.count >= 1


def test_snippets_escape_everything_but_the_marks(committed, administrator_user):
    with committed():
        plan = plan_with_rounds(year=2020)
        add_initiative(
            plan,
            "1.01",
            department="Center for XSS",
            title="<script>alert(1)</script> skolerne",
            description='<p>&lt;img src=x onerror="alert(2)"&gt; skolerne &lt;script&gt;alert(3)&lt;/script&gt;</p>',
        )
    page = search("skole", Filters(), administrator_user)
    hit = page.object_list[0]
    for html in (str(hit.title), str(hit.snippet)):
        assert "<script" not in html and "<img" not in html
        assert "<mark>skolerne</mark>" in html
    assert "&lt;script&gt;" in str(hit.title)
    # The text is kept (as text): PostgreSQL's headline leaves tag-like words out, SQLite escapes them.
    assert "alert(3)" in str(hit.snippet)


def test_the_page_shows_ranked_hits_with_kind_plan_and_year(client, world, administrator_user):
    client.force_login(administrator_user)
    response = client.get(reverse("search:search"), {"q": "analyser"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 resultater for »analyser«" in html
    assert html.index("af skolestrukturen") < html.index("Leverandøren har ikke")
    assert "<mark>Analysen</mark>" in html
    assert "Kommentar" in html and "Indsats" in html and "2018" in html


def test_the_page_says_when_nothing_is_found(client, world, administrator_user):
    client.force_login(administrator_user)
    html = client.get(reverse("search:search"), {"q": "<b>xyzzy</b>"}).content.decode()
    assert "Ingen resultater for »&lt;b&gt;xyzzy&lt;/b&gt;«" in html
    assert "Prøv med færre eller andre ord" in html


def test_the_page_pages(committed, client, administrator_user):
    with committed():
        plan = plan_with_rounds(year=2021)
        for n in range(PER_PAGE + 3):
            add_initiative(plan, f"2.{n + 1:02d}", department="Center for Skoler", title=f"Skolerne {n}")
    client.force_login(administrator_user)
    first = client.get(reverse("search:search"), {"q": "skole", "year": 2021}).content.decode()
    second = client.get(reverse("search:search"), {"q": "skole", "year": 2021, "side": 2}).content.decode()
    assert f"{PER_PAGE + 3} resultater" in first and "Side 1 af 2" in first
    assert "side=2" in first and "year=2021" in first
    assert second.count('class="mp-search-hit"') == 3


def test_the_number_of_queries_does_not_grow_with_the_data(committed, client, administrator_user):
    client.force_login(administrator_user)

    def add(year: int, count: int):
        with committed():
            plan = plan_with_rounds(year=year)
            for n in range(count):
                initiative = add_initiative(plan, f"3.{n + 1:02d}", department=f"Center {n % 3}", title=f"Skolerne {n}")
                RatingFactory(
                    initiative=initiative,
                    round=plan.agreement.rounds.get(ordinal=1),
                    effort_comment="Skolen er i gang.",
                )

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search:search"), {"q": "skole"}).status_code == 200
        return len(captured)

    add(2030, 3)
    few = queries()
    add(2031, 30)
    assert queries() == few


def test_the_index_is_rebuilt_by_the_service_directly(world):
    assert indexing.rebuild() == SearchDocument.objects.count() > 0
