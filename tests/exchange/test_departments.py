"""Department names as plans write them: known departments first (longest name wins, case
and whitespace folded), then the plan's own names; a name never seen is a decision."""

import pytest
from django.core.management import CommandError, call_command

from milepael.exchange.departments import DepartmentNames
from milepael.exchange.plan_import import UnknownDepartments, import_plan
from milepael.exchange.seed_plan import parse_plan_text, read_plan_text
from milepael.organisation.models import Department, DepartmentAlias
from milepael.plans.models import Initiative
from tests.conftest import PLAN_SEED

SEED_TEXT = PLAN_SEED.read_text(encoding="utf-8")
KNOWN = DepartmentNames(["Ejendomme", "By, Erhverv og Miljø", "Social og Sundhed", "Børne- og Ungerådgivning"])


def test_a_name_with_commas_is_one_department_when_it_is_known():
    assert KNOWN.split_list("Ejendomme, by,  erhverv og miljø samt Social og Sundhed.") == [
        "Ejendomme",
        "By, Erhverv og Miljø",
        "Social og Sundhed",
    ]


def test_the_longest_known_name_wins():
    names = DepartmentNames(["Social", "Social og Sundhed"])
    assert names.split_list("Social og Sundhed") == ["Social og Sundhed"]


def test_run_on_text_does_not_stop_at_a_name_never_seen():
    names, rest = KNOWN.leading(
        "Børne- og Ungerådgivning, Center for Kultur samt Ejendomme Gennemførelse af en analyse."
    )
    assert names == ["Børne- og Ungerådgivning", "Center for Kultur", "Ejendomme"]
    assert rest == " Gennemførelse af en analyse."
    names, rest = KNOWN.leading("Ejendomme samt Nyt Sekretariat Der skal laves en plan.")
    assert (names, rest) == (["Ejendomme", "Nyt Sekretariat"], " Der skal laves en plan.")
    # A sentence is not a department: the first name must be known, a lone capitalised word that
    # starts the next sentence is not taken.
    assert KNOWN.leading("På mødet blev det besluttet.") == ([], "På mødet blev det besluttet.")
    assert KNOWN.leading("Ejendomme og Kunstgræsbanen renoveres.") == (["Ejendomme"], " og Kunstgræsbanen renoveres.")


def plan_with_contributors(raw: str, number: str = "3.26") -> str:
    """The seed with initiative `number`'s run-on contributor text replaced by `raw`."""
    old = "Væsentlig bidragsyder: Ejendomme Frasalg af areal"
    assert old in SEED_TEXT
    return SEED_TEXT.replace(old, f"Væsentlig bidragsyder: {raw} Frasalg af areal", 1)


@pytest.mark.django_db
def test_contributors_are_matched_against_the_known_departments_first(seed_plan):
    text = plan_with_contributors("ejendomme, By, Erhverv  og Miljø samt Center for Kultur")
    report = import_plan(parse_plan_text(text), dry_run=True)
    assert [(d.name, d.initiatives) for d in report.new_departments] == [("Center for Kultur", ["3.26"])]
    import_plan(parse_plan_text(text))
    initiative = Initiative.objects.get(number="3.26")
    assert sorted(d.name for d in initiative.contributors.all()) == [
        "By, Erhverv og Miljø",
        "Center for Kultur",
        "Ejendomme",
    ]
    # The text as written is kept; the note starts after the names.
    assert initiative.contributors_text == "ejendomme, By, Erhverv og Miljø samt Center for Kultur"
    assert initiative.implementation_note == "<p>Frasalg af areal og forbedringsarbejder.</p>"
    assert not Department.objects.filter(name__in=["By", "Erhverv og Miljø", "ejendomme"]).exists()


def plan_with_responsible(name: str) -> str:
    """The seed with the responsible department of 3.04 (Ejendomme) written as `name`."""
    old = "Ansvarligt center: Ejendomme Ansvarligt udvalg"
    return SEED_TEXT.replace(old, f"Ansvarligt center: {name} Ansvarligt udvalg", 1)


@pytest.mark.django_db
def test_a_new_department_mapped_to_an_existing_one_is_remembered(seed_plan):
    text = plan_with_responsible("Center for Ejendomme")
    ejendomme = Department.objects.get(name="Ejendomme")
    report = import_plan(parse_plan_text(text), department_choices={"Center for Ejendomme": ejendomme.pk})
    assert [(d.name, d.mapped_to) for d in report.new_departments] == [("Center for Ejendomme", "Ejendomme")]
    assert [(c.action, c.kind, c.label) for c in report.changes] == [
        ("created", "andet navn for et center", "Center for Ejendomme → Ejendomme")
    ]
    assert not Department.objects.filter(name="Center for Ejendomme").exists()
    assert Initiative.objects.get(number="3.04").responsible_department == ejendomme
    assert DepartmentAlias.objects.get().department == ejendomme
    # The next import of the same document knows the name.
    assert import_plan(parse_plan_text(text), dry_run=True).new_departments == []


@pytest.mark.django_db
def test_nothing_creates_a_department_silently(db):
    with pytest.raises(UnknownDepartments) as error:
        import_plan(read_plan_text(PLAN_SEED.read_bytes()), create_departments=False)
    assert str(error.value).startswith("Centre: filen nævner centre, som ikke findes i Milepæl: »Politisk Sekretariat«")
    assert not Department.objects.exists()
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_a_misspelt_department_is_shown_with_the_one_it_resembles(seed_plan):
    text = SEED_TEXT.replace("Ansvarligt center: Politisk Sekretariat", "Ansvarligt center: Politisk Sekretariet", 1)
    report = import_plan(parse_plan_text(text), dry_run=True)
    assert [(d.name, d.suggestion, d.initiatives) for d in report.new_departments] == [
        ("Politisk Sekretariet", "Politisk Sekretariat", ["1.02"])
    ]


@pytest.mark.django_db
def test_the_command_maps_or_creates_departments_only_when_told(seed_plan, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(plan_with_responsible("Center for Ejendomme"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"»Center for Ejendomme« \(indsats 3.04\)"):
        call_command("import_plan", str(path))
    with pytest.raises(CommandError, match="--map-department"):
        call_command("import_plan", str(path), "--map-department", "Center for Ejendomme=Findes ikke")
    call_command("import_plan", str(path), "--map-department", "Center for Ejendomme=Ejendomme")
    assert DepartmentAlias.objects.get().name == "Center for Ejendomme"
    assert not Department.objects.filter(name="Center for Ejendomme").exists()
