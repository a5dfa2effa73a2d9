"""Importing seed 002 (the election-term status report) losslessly, idempotently and all-or-nothing."""

import pytest
from django.core.management import CommandError, call_command

from milepael.core.richtext import html_to_text
from milepael.exchange.seed_term import parse_term_text
from milepael.exchange.term_import import import_term_file
from milepael.organisation.models import Committee
from milepael.term.models import Area, ElectionTerm, KeyFigure, KeyFigureValue, Objective
from tests.conftest import TERM_SEED
from tests.exchange.term_seedtext import table_cells, words
from tests.seedtext import strip

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the importer writes, for 'database unchanged' checks."""
    return {
        "terms": list(ElectionTerm.objects.order_by("pk").values()),
        "areas": list(Area.objects.order_by("pk").values()),
        "objectives": list(Objective.objects.order_by("pk").values()),
        "links": list(Objective.initiatives.through.objects.order_by("pk").values_list()),
        "key_figures": list(KeyFigure.objects.order_by("pk").values()),
        "values": list(KeyFigureValue.objects.order_by("pk").values()),
    }


def objective_at(line: int) -> Objective:
    """The stored objective whose first row is `line` of the seed."""
    parsed = parse_term_text(TERM_SEED.read_text(encoding="utf-8"))
    for area_position, area in enumerate(parsed.areas, start=1):
        for position, objective in enumerate(area.objectives, start=1):
            if objective.line == line:
                return Objective.objects.get(area__position=area_position, position=position)
    raise AssertionError(f"no objective starts on line {line}")


def test_seed_term_has_13_areas_and_40_objectives(seed_term):
    assert Area.objects.filter(term_id=seed_term.pk).count() == 13
    assert Objective.objects.filter(area__term_id=seed_term.pk).count() == 40
    assert list(Area.objects.order_by("position").values_list("name", flat=True)) == [
        "VISION 2029",
        "POLITISK ORGANISERING",
        "FREMTIDENS BORGERSERVICE",
        "FRIKOMMUNE",
        "BANDE-KRIMINALITET",
        "BORGERMILLION",
        "ØKONOMI",
        "LEDELSE OG ORGANISATION",
        "EJENDOMME",
        "BEFOLKNING OG BOLIGER",
        "BYUDVIKLING",
        "IT",
        "INTERNATIONALT SAMARBEJDE",
    ]
    counts = [area.objectives.count() for area in Area.objects.order_by("position")]
    assert counts == [1, 3, 1, 1, 1, 1, 5, 8, 4, 7, 2, 3, 3]


def test_area_names_have_a_display_form(seed_term):
    display = dict(Area.objects.values_list("name", "display_name"))
    assert display["VISION 2029"] == "Vision 2029"
    assert display["LEDELSE OG ORGANISATION"] == "Ledelse og organisation"
    assert display["BANDE-KRIMINALITET"] == "Bande-kriminalitet"
    assert display["ØKONOMI"] == "Økonomi"
    assert display["IT"] == "IT"


def test_header_goes_into_the_election_term_row(seed_term):
    term = ElectionTerm.objects.get()
    assert term.name == "Valgperioden 2014-2017"
    assert (term.start_year, term.end_year) == (2014, 2017)
    assert term.committee.name == "Økonomiudvalget"
    assert term.title == "Status på Økonomiudvalgets strategiske indsatser og resultater i valgperioden 2014-2017"
    assert html_to_text(term.intro) == (
        "I nedenstående skema ses en liste over Økonomiudvalgets væsentligste strategiske målsætninger, "
        "de iværksatte tiltag og indsatser samt de opnåede resultater i løbet af valgperioden 2014-2017."
    )
    assert (term.objective_heading, term.actions_heading, term.results_heading) == (
        "STRATEGISK MÅLSÆTNING",
        "IVÆRKSATTE TILTAG/ KONKRETE INDSATSER",
        "RESULTATER",
    )


def test_the_term_belongs_to_the_plans_committee_when_it_exists(seed_plan, seed_term):
    assert seed_term.committee == seed_plan.committee


def test_page_break_continuations_are_the_only_rows_joined():
    parsed = parse_term_text(TERM_SEED.read_text(encoding="utf-8"))
    joined = {
        objective.line: objective.continuation_lines for objective in parsed.objectives if objective.continuation_lines
    }
    assert joined == {
        13: [17],
        21: [25],
        43: [47],
        50: [54],
        56: [60],
        64: [68],
        71: [75],
        79: [83],
        92: [96],
        103: [107],
        111: [115],
    }
    # New objectives right after a page break are not continuations.
    starts = {objective.line for objective in parsed.objectives}
    assert {34, 40, 89} <= starts


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        (13, "title", "Styrelsesvedtægt for Ballerup Kommune"),
        (13, "actions", "en politisk drøftelse af udvalgsstrukturen og den ressortmæssige fordeling"),
        (13, "results", "udarbejdet en ny styrelses-vedtægt, som den nye kommunalbestyrelse"),
        (21, "actions", "understøttede visionen for borgernes møde med kommunen"),
        (43, "actions", "andel af servicerammen. Omprioreringsbidraget på 1 pct. skulle gælde"),
        (50, "actions", "et større ejerskab til sygefraværsindsatsen lokalt blandt medarbejdere"),
        (50, "results", "gennem årene. 2013: 5,7 pct. 2014: 5,9 pct."),
        (56, "actions", "trivsel som en vigtig faktor Omdrejningspunktet for indførelsen"),
        (56, "results", "et systematisk arbejde med det psykiske arbejdsmiljø"),
        (64, "actions", "Opgavefordelingen mellem centralt og decentralt niveau"),
        (64, "results", "Arbejdsgange for admini-strative opgaver: Besparelser 1,6 mio. kr."),
        (71, "results", "Eksempelvis er der for at understøtte den fysiske realisering"),
        (79, "actions", "de kommende fem år skal opføres en række nye private"),
        (79, "results", "Kommunen har derudover konkret dialog om yderligere ca. 450-500 boliger."),
        (92, "actions", "Integrationsområdet blevet samlet i Center for Arbejdsmarked"),
        (92, "results", "brug af de nye redskaber til at stærkere job og uddannelsesfokus."),
        (103, "results", "Taskforce til yderligere fremdrift under etablering."),
        (111, "actions", "samarbejdsaftale mellem Ballerup og Brandenburg an Der havel."),
    ],
)
def test_rows_continue_across_page_breaks(seed_term, line, field, expected):
    objective = objective_at(line)
    value = getattr(objective, field)
    assert expected in (value if field == "title" else html_to_text(value))


def test_a_sentence_split_by_a_page_break_stays_in_one_paragraph(seed_term):
    assert (
        "<p>Hertil arbejdes der med at skabe et større ejerskab til sygefraværsindsatsen lokalt"
        in objective_at(50).actions
    )
    assert "<p>Arbejdsgange for admini-strative opgaver:" in objective_at(64).results
    # An uppercase continuation starts a paragraph of its own.
    assert "servicerammen.</p> <p>Omprioreringsbidraget" in objective_at(43).actions


def test_continued_cells_add_nothing_where_the_continuation_is_empty(seed_term):
    assert html_to_text(objective_at(43).results) == "Omprioriteringsbidraget blev afskaffet efter budget 2016."
    assert html_to_text(objective_at(21).results) == "Det nye borgertorv står færdigt ved udgangen af 2017."


def test_h3_heading_is_the_title_and_the_rest_is_kept(seed_term):
    objective = objective_at(55)
    assert objective.title == "Strategi for socialt ansvar"
    assert html_to_text(objective.subtitle) == "- Revision af strategi for socialt ansvar i foråret 2017"
    assert objective_at(56).title == "Social kapital"
    assert objective_at(49).title == "Ledelsesudviklingsprogrammet Lederspring"
    assert objective_at(50).title == "Sygefravær"
    assert objective_at(50).subtitle == ""


def test_bullet_lists_become_list_items(seed_term):
    results = objective_at(13).results
    assert "<li>Alt bygnings og lokaladministration er flyttet til Økonomiudvalget</li>" in results
    assert "•" not in results
    assert objective_at(34).results.count("<li>") == 5
    # "Mentor-Coach" is one word, not two items.
    assert "<li>Mentor-Coach uddannelse af medarbejdere" in objective_at(29).results


def test_every_cell_of_the_seed_is_stored(seed_term, term_seed_lines):
    """Lossless: each cell's text (HTML stripped, whitespace folded) is found in the column it
    came from, and the stored words are exactly the seed's words, none lost, none added."""
    objectives = list(Objective.objects.all())
    areas = list(Area.objects.values_list("name", flat=True))
    stored = {
        0: [f"{o.title} {html_to_text(o.subtitle)}".strip() for o in objectives],
        1: [html_to_text(o.actions) for o in objectives] + areas,
        2: [html_to_text(o.results) for o in objectives],
    }
    seed_words = words("")
    cells = list(table_cells(term_seed_lines))
    assert len(cells) == 13 + 40 * 3 + 18  # area headings, objective rows, continuation cells
    for line_no, column, cell in cells:
        seed_words += words(cell)
        if "<ul" in cell:
            continue  # bullets became list items; the word check below covers these cells
        text = strip(cell)
        assert any(text in value for value in stored[column]), (line_no, column, text[:60])
    stored_words = words("")
    for values in stored.values():
        for value in values:
            stored_words += words(value)
    assert stored_words == seed_words


def test_importing_twice_changes_nothing(seed_term, term_seed_bytes):
    before = snapshot()
    report = import_term_file(term_seed_bytes)
    assert report.changes == []
    assert report.unchanged == 1 + 13 + 40
    assert snapshot() == before


def test_dry_run_reports_changes_and_writes_nothing(db, term_seed_bytes):
    before = snapshot()
    report = import_term_file(term_seed_bytes, dry_run=True)
    assert report.count("created") == 1 + 1 + 13 + 40  # committee, term, areas, objectives
    assert report.summary() == "55 oprettes, 0 ændres, 0 uændrede."
    assert snapshot() == before
    assert not Committee.objects.exists()


def test_dry_run_over_an_imported_term_reports_the_differences(seed_term, term_seed_lines):
    before = snapshot()
    lines = list(term_seed_lines)
    lines[10] = lines[10].replace("Vision 2029\t", "Vision 2030\t", 1)  # line 11
    report = import_term_file("\n".join(lines).encode(), dry_run=True)
    assert [(c.action, c.label, c.fields) for c in report.changes] == [
        ("changed", "Vision 2030", ["strategisk målsætning"])
    ]
    assert snapshot() == before


def test_changed_file_updates_in_place_and_keeps_key_figures(seed_term, term_seed_lines):
    key_figure = KeyFigure.objects.create(objective=objective_at(50), name="Sygefravær", unit="pct.")
    lines = list(term_seed_lines)
    cells = lines[41].split("\t")  # line 42: Udbud af bankvirksomhed
    cells[2] = "<p>Ny tekst om banken.</p>"
    lines[41] = "\t".join(cells)
    del lines[110:115]  # drop the last objective (lines 111-115)
    report = import_term_file("\n".join(lines).encode())
    changes = [(c.action, c.label, c.fields) for c in report.changes]
    assert ("changed", "Udbud af bankvirksomhed", ["resultater"]) in changes
    assert ("removed", "Indgåelse af officiel Samarbejdsaftale med Brandenburg an Der Havel", []) in changes
    assert len(changes) == 2
    assert Objective.objects.count() == 39
    assert KeyFigure.objects.get() == key_figure
    assert key_figure.objective.title == "Sygefravær"


def test_a_failure_while_writing_leaves_nothing_behind(db, term_seed_bytes, monkeypatch):
    original = Objective.save
    saved = []

    def failing_save(self, *args, **kwargs):
        saved.append(self)
        if len(saved) == 20:
            raise RuntimeError("database went away")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Objective, "save", failing_save)
    with pytest.raises(RuntimeError):
        import_term_file(term_seed_bytes)
    assert not ElectionTerm.objects.exists()
    assert not Area.objects.exists()
    assert not Objective.objects.exists()


def test_management_command_imports_and_dry_runs(db, capsys):
    call_command("import_term", str(TERM_SEED), "--dry-run")
    assert "Prøvekørsel – intet gemt: 55 oprettes" in capsys.readouterr().out
    assert not Objective.objects.exists()
    call_command("import_term", str(TERM_SEED))
    assert "Importeret: 55 oprettet" in capsys.readouterr().out
    assert Objective.objects.count() == 40
    call_command("import_term", str(TERM_SEED))
    assert "0 oprettet, 0 ændret, 54 uændrede." in capsys.readouterr().out


def test_management_command_reports_format_errors_with_the_line(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("Dette er ikke en statusrapport\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Linje 1: forventede overskriften"):
        call_command("import_term", str(broken))
    with pytest.raises(CommandError, match=r"findes-ikke\.txt"):
        call_command("import_term", str(tmp_path / "findes-ikke.txt"))
