"""Plan text files as Windows programs save them, and errors that name the line and the
value (and the value the clerk probably meant)."""

import codecs

import pytest
from django.core.management import call_command

from milepael.core.imports import FormatErrors
from milepael.exchange.formats import import_upload
from milepael.exchange.plan_import import import_plan
from milepael.exchange.seed_plan import PlanFormatError, parse_plan_text, read_plan_text
from milepael.exchange.uploads import check_upload
from milepael.followup.models import Rating
from milepael.plans.models import Agreement, ImplementationPlan, Initiative, case_id_validator
from tests.conftest import PLAN_SEED
from tests.exchange.test_seed_plan_import import snapshot
from tests.exchange.test_word_documents import parsed_state
from tests.exchange.word_builder import plan_document

SEED_TEXT = PLAN_SEED.read_text(encoding="utf-8")
# Windows-1252 has no smiley faces; a clerk's file in it has none either.
PLAIN_SEED = SEED_TEXT.replace("☺", "").replace("☹", "")


@pytest.mark.parametrize(
    ("encode", "label"),
    [
        (lambda text: text.encode("utf-8"), "UTF-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "UTF-8 med byte-ordensmærke (BOM)"),
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "UTF-16 little-endian (Words »Unicode-tekst«)"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "UTF-16 big-endian"),
        (lambda text: text.replace("\n", "\r\n").encode("cp1252"), "Windows-1252 (ANSI)"),
    ],
)
def test_text_files_in_every_windows_encoding_read_alike(encode, label):
    data = encode(PLAIN_SEED)
    upload = check_upload("udmoentning.txt", data)  # a UTF-16 file is a text file too
    assert upload.format == "txt"
    parsed = read_plan_text(upload.data)
    assert parsed_state(parsed) == parsed_state(parse_plan_text(PLAIN_SEED))
    assert parsed.effort_definitions[0] == "Milepæl er opfyldt"  # the lost face is not a definition's text
    assert parsed.warnings[0].message == f"Tekstfilen er læst som {label}."


def test_bytes_no_encoding_can_read_name_their_line():
    data = "\n\nDato: 22. december 2017\n".encode("cp1252") + b"Kontakt: \x81\n"
    with pytest.raises(PlanFormatError, match=r"^Linje 4: byte 0x81 kan ikke læses som Windows-1252"):
        read_plan_text(data)
    with pytest.raises(PlanFormatError, match=r"^Linje 2: linjen indeholder kontroltegnet U\+0000"):
        read_plan_text(b"\nDato:\x00 i dag")


def test_control_characters_in_a_text_file_are_removed_as_in_every_saved_text():
    # Issue 14: control characters other than tab and newline never reach the database.
    dirty = SEED_TEXT.replace("Milepæl\t", "Milepæl\tTekst\x07\x1b", 1).encode()
    clean = SEED_TEXT.replace("Milepæl\t", "Milepæl\tTekst", 1).encode()
    assert parsed_state(read_plan_text(dirty)) == parsed_state(read_plan_text(clean))


@pytest.mark.django_db
def test_the_command_decides_the_format_by_content(tmp_path, capsys):
    # A Word document, saved with a .txt name, imports as the document it is.
    path = tmp_path / "udmoentning.txt"
    path.write_bytes(plan_document(parse_plan_text(SEED_TEXT), "seed"))
    call_command("import_plan", str(path), "--dry-run")
    output = capsys.readouterr().out
    assert "Filen hedder .txt, men er et Word-dokument (.docx)" in output
    assert "Prøvekørsel – intet gemt: 201 oprettes" in output
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + SEED_TEXT.encode("utf-16-le"))
    call_command("import_plan", str(utf16), "--create-departments")
    assert Initiative.objects.count() == 35


def garbled(old: str, new: str, count: int = 1) -> str:
    assert old in SEED_TEXT, old
    return SEED_TEXT.replace(old, new, count)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            garbled("E-mail: okonomi@balk.dk", "E-mail: okonomi@balk"),
            "Linje 6: e-mailadressen »okonomi@balk« er ikke gyldig.",
        ),
        (
            garbled("E-mail: okonomi@balk.dk", "E-mal: okonomi@balk.dk"),
            "Linje 6: ukendt felt »E-mal«. Mente du »E-mail«?",
        ),
        (
            garbled("Sagsid: 00.30.00-S00-9-16", "Sagsid: sag #9 (2016)"),
            "Linje 9: sagsid »sag #9 (2016)« ligner ikke et journalnummer",
        ),
        (
            garbled("Dato: 22. december 2017", "Dato: 22. decmber 2017"),
            "Linje 3: datoen »22. decmber 2017« kan ikke læses (forventet fx 22. december 2017). Mente du »december«?",
        ),
        (
            garbled("Kontakt: Sascha Hjorth", "Kontakt: Sascha Hjorth\nKontakt: Anden Person"),
            "Linje 8: feltet »Kontakt« står to gange (også i linje 7).",
        ),
        (
            garbled("Drift\tTid\tSmiley", "Driftt\tTid\tSmiley"),
            "Linje 34: ukendt type »Driftt« (forventede Drift, Anlæg eller Anlæg og drift). Mente du »Drift«?",
        ),
        (
            garbled("<p>Milepæl</p>\t<p>Afklaring", "<p>Milepael</p>\t<p>Afklaring"),
            "ukendt række »Milepael« i indsats 6.02 (forventede Milepæl eller Økonomi). Mente du »Milepæl«?",
        ),
    ],
)
def test_header_and_table_errors_name_the_line_and_the_value(text, error):
    with pytest.raises(PlanFormatError) as raised:
        parse_plan_text(text)
    assert error in str(raised.value)
    assert str(raised.value).startswith("Linje ")


def test_a_misspelt_round_is_named_where_it_stands_with_the_round_it_means():
    lines = SEED_TEXT.split("\n")
    line_no = next(
        i for i, line in enumerate(lines, 1) if line.startswith("Milepæl\t") and "2. budgetopfølgning" in line
    )
    lines[line_no - 1] = lines[line_no - 1].replace("2. budgetopfølgning 2018", "2. budgetopfolgning 2018")
    with pytest.raises(PlanFormatError) as raised:
        parse_plan_text("\n".join(lines))
    assert str(raised.value) == (
        f"Linje {line_no}: opfølgningen »2. budgetopfolgning 2018« i indsats 1.02 er ikke en af udmøntningens "
        "opfølgninger (1. budgetopfølgning 2018, 2. budgetopfølgning 2018, 3. budgetopfølgning 2018, 31.12.2018). "
        "Mente du »2. budgetopfølgning 2018«?"
    )


@pytest.mark.parametrize(
    "case_id",
    ["00.30.00-S00-9-16", "00.01.00-A00-1-18", "18/25831", "2018-012345", "00.30.00-G01-3-18", "2018 - 12345",
     "F2-2018-12345", "2018/012345", "18/12345"],
)  # fmt: skip
@pytest.mark.django_db
def test_case_ids_of_the_danish_case_systems_are_accepted_and_kept_as_written(case_id):
    case_id_validator(case_id)
    parsed = parse_plan_text(garbled("Sagsid: 00.30.00-S00-9-16", f"Sagsid: {case_id}"))
    assert parsed.case_id == case_id
    import_plan(parsed)
    assert ImplementationPlan.objects.get().case_id == case_id
    Agreement.objects.update(case_id=case_id)
    Agreement.objects.get().full_clean()  # the model takes it, as the admin form does


@pytest.mark.parametrize("case_id", ["sag", "18/", "x" * 40 + "1", "18//2 <b>", "-18/1"])
def test_implausible_case_ids_are_refused(case_id):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        case_id_validator(case_id)


@pytest.mark.django_db
def test_removing_a_rated_initiative_is_refused_naming_it(seed_plan, administrator):
    initiative = Initiative.objects.get(number="7.09")
    round_ = seed_plan.agreement.rounds.get(ordinal=1)
    Rating.objects.create(initiative=initiative, round=round_, effort="green", economy="green")
    lines = SEED_TEXT.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("7.09."))
    end = next(i for i, line in enumerate(lines) if line.startswith("7.10."))
    revised = "\n".join(lines[:start] + lines[end:])
    before = snapshot()
    with pytest.raises(FormatErrors) as raised:
        import_upload(check_upload("revideret.txt", revised.encode()), dry_run=True)
    assert [str(e) for e in raised.value.errors] == [
        "Indsats 7.09. Stærkere fokus på integrationsindsats: står ikke i filen, men har vurderinger og kan "
        "derfor ikke slettes. Skriv den ind i filen igen, eller bed en administrator om at slette dens vurderinger først."
    ]
    assert snapshot() == before
    Rating.objects.all().delete()
    report = import_upload(check_upload("revideret.txt", revised.encode()), dry_run=True)
    assert [(c.action, c.label, c.fields) for c in report.changes] == [
        ("removed", "7.09. Stærkere fokus på integrationsindsats", ["4 milepæle"])
    ]
