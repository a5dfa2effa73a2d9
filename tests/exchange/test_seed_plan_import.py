"""Importing seed 000 (the implementation plan) losslessly, idempotently and all-or-nothing."""

import filecmp
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from milepael.core.richtext import html_to_text, paragraphs
from milepael.exchange.plan_import import import_plan_file
from milepael.exchange.seed_plan import PlanFormatError, parse_plan_text
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme
from tests.conftest import PLAN_SEED, SEEDS
from tests.seedtext import seed_rows, strip

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the importer writes, for 'database unchanged' checks."""
    return {
        "agreements": list(Agreement.objects.values_list("title", "budget_year")),
        "plans": list(ImplementationPlan.objects.values()),
        "themes": list(Theme.objects.values_list("number", "title")),
        "rounds": list(FollowUpRound.objects.values_list("ordinal", "name")),
        "initiatives": list(Initiative.objects.order_by("pk").values()),
        "milestones": list(
            Milestone.objects.order_by("pk").values_list("initiative__number", "round__ordinal", "text")
        ),
        "contributors": list(Initiative.contributors.through.objects.order_by("pk").values_list()),
    }


def test_repository_seeds_are_identical_to_shared_seeds():
    shared = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for name in ("000_616c72004517a9f2.txt", "002_b13bb6347c3a9252.txt"):
        assert filecmp.cmp(SEEDS / name, shared / name, shallow=False), name


def test_seed_plan_has_the_documented_shape(seed_plan):
    assert Theme.objects.count() == 8
    assert Initiative.objects.count() == 35
    assert Counter(Initiative.objects.values_list("kind", flat=True)) == {
        "drift": 25,
        "anlaeg": 8,
        "anlaeg_og_drift": 2,
    }
    assert list(FollowUpRound.objects.order_by("ordinal").values_list("name", flat=True)) == [
        "1. budgetopfølgning 2018",
        "2. budgetopfølgning 2018",
        "3. budgetopfølgning 2018",
        "31.12.2018",
    ]
    assert Milestone.objects.count() == 140
    assert Milestone.objects.exclude(text="").count() == 103
    assert set(Initiative.objects.annotate(n=Count("milestones")).values_list("n", flat=True)) == {4}
    assert Initiative.objects.exclude(economy_text="").count() == 34
    assert list(Initiative.objects.filter(economy_text="").values_list("number", flat=True)) == ["7.09"]


def test_seed_plan_header_and_smiley_definitions(seed_plan):
    plan = ImplementationPlan.objects.get()
    assert plan.agreement.title == "Aftale om budget 2018"
    assert plan.agreement.budget_year == 2018
    assert plan.committee.name == "Økonomiudvalget"
    assert plan.title == "Udmøntning af Aftale om budget 2018 for Økonomiudvalgets ansvarsområde"
    assert plan.date.isoformat() == "2017-12-22"
    assert (plan.phone, plan.email, plan.contact_person) == ("4024 1712", "okonomi@balk.dk", "Sascha Hjorth")
    assert plan.case_id == "00.30.00-S00-9-16"
    assert html_to_text(plan.intro).startswith("Udmøntningen af Aftale om budget 2018 skal skabe klarhed")
    assert "Analysen vil endvidere blive behandlet på det pågældende fagudvalg." in html_to_text(plan.intro)
    assert plan.effort_green_definition == "Milepæl er opfyldt"
    # The neutral face was lost in extraction (☹ twice); position tells which is which.
    assert plan.effort_yellow_definition.startswith("Milepæl er ikke fuldt opfyldt, men det er fortsat realistisk")
    assert plan.effort_red_definition.startswith("Milepæl er ikke opfyldt, og det er ikke realistisk")
    assert html_to_text(plan.economy_intro).startswith("Der gives én samlet smiley på økonomi")
    assert plan.economy_green_definition == "Budget er overholdt/Besparelse er opnået"
    assert plan.economy_red_definition.startswith("Budget ikke overholdt")


def read(fragment: str) -> str:
    """Stored rich text as a reader reads it: paragraphs and list items, numbered ones with
    their numbers (core.richtext.paragraphs, as the reports lay it out)."""
    return " ".join(text for text, _item in paragraphs(fragment))


def seed_words(cell: str) -> str:
    """A seed cell's text; its typed bullets "•" are list markup, not words."""
    return " ".join(strip(cell).replace("•", " ").split())


def test_every_milestone_and_economy_text_equals_the_seed(seed_plan, plan_seed_lines):
    expected_milestones = {}
    expected_economy = {}
    for _line, number, label, cells in seed_rows(plan_seed_lines):
        if label == "Milepæl":
            expected_milestones[(number, strip(cells[2]))] = seed_words(cells[1])
        elif label == "Økonomi":
            expected_economy[number] = seed_words(cells[1])
    assert len(expected_milestones) == 140
    stored = {
        (m.initiative.number, m.round.name): read(m.text)
        for m in Milestone.objects.select_related("initiative", "round")
    }
    assert stored == expected_milestones
    assert {i.number: read(i.economy_text) for i in Initiative.objects.all()} == expected_economy
    # The typed bullets became a list, and no bullet is left in its items.
    assert Milestone.objects.get(initiative__number="6.02", round__ordinal=1).text == (
        "<p>Afklaring af behov:</p><ul><li>hvor mange ungdomsboliger samt forslag til placering.</li>"
        "<li>hvor mange boliger i seniorbofællesskab samt forslag til placering.</li></ul>"
    )


def test_descriptions_are_complete_across_page_breaks(seed_plan, plan_seed_lines):
    expected = {}
    for _line, number, label, cells in seed_rows(plan_seed_lines):
        if label not in {"heading", "Milepæl", "Økonomi"}:
            expected.setdefault(number, []).append(strip(cells[0]))
    for initiative in Initiative.objects.all():
        assert read(initiative.description) == " ".join(seed_words(c) for c in expected[initiative.number]), (
            initiative.number
        )
        assert "•" not in initiative.description, initiative.number
    continued = Initiative.objects.get(number="2.02.1")
    text = read(continued.description)
    assert "2. Kommunens anlægsinvesteringer" in text
    # The numbered list typed as text is a list of five, continued over the page break (items
    # 3-5 stood in paragraphs of their own); the paragraph after it is not in its last item.
    assert "<ol><li>Servicerammen, som udgør rammen" in continued.description
    assert continued.description.count("<li>") == 5 + 2
    assert "60 mio. kr.</li></ol><p>Der er som ovenfor nævnt" in continued.description
    assert "28,89</li></ul><p>Parterne er enige om, at der igangsættes" in continued.description
    assert text.endswith("skal gælde for perioden 1. januar 2019 til 31. december 2022.")
    assert html_to_text(Initiative.objects.get(number="2.02.2").description).endswith(
        "Det skal både den økonomiske og finansielle strategi kunne leve op til."
    )


def test_responsibility_cell_splits_into_department_committee_contributors_and_note(seed_plan, plan_seed_lines):
    by_number = {i.number: i for i in Initiative.objects.prefetch_related("contributors")}
    assert by_number["1.02"].responsible_department.name == "Politisk Sekretariat"
    assert {i.responsible_committee.name for i in by_number.values()} == {"Økonomiudvalget"}
    assert [d.name for d in by_number["3.04"].contributors.all()] == ["Skoler, Institutioner og Kultur"]
    assert sorted(d.name for d in by_number["3.23"].contributors.all()) == [
        "Arbejdsmarked",
        "Børne- og Ungerådgivning",
        "Skoler, Institutioner og Kultur",
    ]
    assert html_to_text(by_number["3.23"].implementation_note) == (
        "Gennemførelse af en analyse, der fremlægges i løbet af andet halvår 2018."
    )
    assert len(by_number["7.09"].contributors.all()) == 6
    # Free text is kept as written, and names no department.
    assert by_number["7.04"].contributors_text == "De øvrige centre og sekretariater."
    assert list(by_number["7.04"].contributors.all()) == []
    # Run-on text after the label is the note, not a contributor.
    assert by_number["7.12"].contributors_text == ""
    assert html_to_text(by_number["7.12"].implementation_note).startswith(
        "På Kommunalbestyrelsens møde den 27. november"
    )
    assert [d.name for d in by_number["3.26"].contributors.all()] == ["Ejendomme"]
    assert html_to_text(by_number["3.26"].implementation_note) == "Frasalg af areal og forbedringsarbejder."
    # Nothing of the cell is lost: labels + department + committee + contributors + note == the cell.
    for _line, number, label, cells in seed_rows(plan_seed_lines):
        if label in {"heading", "Milepæl", "Økonomi"} or not strip(cells[1]):
            continue
        i = by_number[number]
        rebuilt = " ".join(
            part
            for part in [
                "Ansvarligt center:",
                i.responsible_department.name,
                "Ansvarligt udvalg:",
                i.responsible_committee.name,
                "Væsentlig bidragsyder:",
                i.contributors_text,
                html_to_text(i.implementation_note),
            ]
            if part
        )
        assert rebuilt == strip(cells[1]), number


def test_initiatives_sort_naturally(seed_plan):
    numbers = list(Initiative.objects.values_list("number", flat=True))
    assert numbers[:5] == ["1.02", "2.02.1", "2.02.2", "2.02.3", "3.04"]
    assert numbers[-1] == "8.11"


def test_importing_twice_changes_nothing(seed_plan, plan_seed_bytes):
    before = snapshot()
    report = import_plan_file(plan_seed_bytes)
    assert report.changes == []
    assert report.unchanged > 180
    assert snapshot() == before


def test_dry_run_reports_changes_and_writes_nothing(db, plan_seed_bytes):
    report = import_plan_file(plan_seed_bytes, dry_run=True)
    assert report.created == 201
    assert report.dry_run
    assert Initiative.objects.count() == 0
    assert Agreement.objects.count() == 0


def test_reimport_of_an_edited_file_reports_exactly_the_edit(seed_plan, plan_seed_bytes):
    edited = plan_seed_bytes.replace(b"Projektomfang er aftalt.", b"Projektomfanget er aftalt.")
    preview = import_plan_file(edited, dry_run=True)
    assert [(c.action, c.label, c.fields) for c in preview.changes] == [
        ("changed", "8.03 · 1. budgetopfølgning 2018", ["milepæl"])
    ]
    import_plan_file(edited)
    assert (
        Milestone.objects.get(initiative__number="8.03", round__ordinal=1).text == "<p>Projektomfanget er aftalt.</p>"
    )


def _garble(lines: list[str], line_no: int, new: str | None) -> bytes:
    changed = list(lines)
    if new is None:
        del changed[line_no - 1]
    else:
        changed[line_no - 1] = new
    return "\n".join(changed).encode()


@pytest.mark.parametrize(
    ("make", "line", "message"),
    [
        # Truncated in the middle of the last initiative: its economy row is missing.
        (lambda lines: "\n".join(lines[:332]).encode(), 332, "8.11"),
        # Truncated inside an initiative's milestones.
        (lambda lines: "\n".join(lines[:250]).encode(), 250, "7.11"),
        (lambda lines: _garble(lines, 75, "3.04. Bygning\tByggeri\tTid\tSmiley"), 75, "ukendt type"),
        (lambda lines: _garble(lines, 79, "Milepæl\tDelopgaverne pågår."), 79, "4 celler"),
        (lambda lines: _garble(lines, 79, "Milestone\tx\t3. budgetopfølgning 2018\t"), 79, "ukendt række"),
        (lambda lines: _garble(lines, 73, "Sammenhængende udviklingsforløb"), 73, "uventet tekst"),
        (lambda lines: _garble(lines, 83, "4.08. Analyse\tDrift\tTid\tSmiley"), 83, "hører ikke til tema 3"),
        (lambda lines: _garble(lines, 88, None), 88, "indsats 3.08 mangler milepæl for 31.12.2018"),
        (lambda lines: _garble(lines, 11, "Budget 2018"), 11, "Udmøntning af Aftale om budget"),
        (lambda lines: _garble(lines, 3, "Dato: 32. december 2017"), 3, "32. december 2017"),
        (lambda lines: _garble(lines, 76, "<p>Tekst</p>\t<p>Ansvarligt udvalg: X</p>\t\t"), 76, "Ansvarligt center"),
        (lambda lines: "\n".join(lines[:30]).encode(), 30, "ingen temaer"),
    ],
)
def test_malformed_file_gives_line_numbered_error_and_writes_nothing(seed_plan, plan_seed_lines, make, line, message):
    before = snapshot()
    with pytest.raises(PlanFormatError) as error:
        import_plan_file(make(plan_seed_lines))
    assert error.value.line == line
    assert message in str(error.value)
    assert str(error.value).startswith(f"Linje {line}: ")
    assert snapshot() == before


def test_non_utf8_file_names_the_line(db):
    with pytest.raises(PlanFormatError) as error:
        import_plan_file(b"\n\nDato: 22. december 2017\n\xff\xfe broken")
    assert error.value.line == 4


def test_management_command_imports_and_dry_runs(db, capsys):
    call_command("import_plan", str(PLAN_SEED), "--dry-run")
    assert "Prøvekørsel – intet gemt: 201 oprettes" in capsys.readouterr().out
    assert Initiative.objects.count() == 0
    # An empty Milepæl knows none of the plan's departments: creating them is a decision.
    with pytest.raises(CommandError, match="Opret dem med --create-departments"):
        call_command("import_plan", str(PLAN_SEED))
    assert Initiative.objects.count() == 0
    call_command("import_plan", str(PLAN_SEED), "--create-departments")
    assert Initiative.objects.count() == 35
    call_command("import_plan", str(PLAN_SEED))
    assert "0 oprettet, 0 ændret" in capsys.readouterr().out.splitlines()[-1]


def test_management_command_reports_malformed_file(db, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text(PLAN_SEED.read_text(encoding="utf-8").replace("\tAnlæg og drift\t", "\tAnlæg+drift\t", 1))
    with pytest.raises(CommandError, match="Linje 75: ukendt type"):
        call_command("import_plan", str(broken))
    assert Initiative.objects.count() == 0


def test_parser_alone_touches_no_database():
    parsed = parse_plan_text(PLAN_SEED.read_text(encoding="utf-8"))
    assert len(parsed.initiatives) == 35
    assert parsed.rounds[-1] == "31.12.2018"
