"""A corpus of malformed plans, generated from the seed: each variant gives an error that
names its place (and nothing is written), or imports correctly.

The generator (`variants`) damages the seed the ways real files are damaged: truncated at
every section, rows shuffled, wrong kinds, misspelt rounds, bad dates, e-mails and case
ids, duplicate numbers, empty cells, control characters, huge cells, wrong encodings —
and, for Word, merged cells, missing tables and lists everywhere. It is deterministic
(a fixed seed), so CI replays the same corpus every time.
"""

import contextlib
import io
import random
import re
from collections.abc import Iterator

import pytest
from docx import Document

from milepael.core.imports import IMPORT_ERRORS, FormatError
from milepael.exchange.docx_plan import read_plan_docx
from milepael.exchange.formats import import_upload
from milepael.exchange.seed_plan import parse_plan_text
from milepael.exchange.uploads import UploadRefused, check_upload
from tests.conftest import PLAN_SEED
from tests.exchange.test_seed_plan_import import snapshot
from tests.exchange.word_builder import WordDocument, plan_document

SEED_TEXT = PLAN_SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")
# Where an error may say it is: a line, a paragraph or table row, the file, or a row it names.
LOCATION = re.compile(
    r"^(Linje \d+|Afsnit \d+|Tabel \d+, række \d+|Dokumentets slutning|Word-dokumentet|Filen|Centre|"
    r"Udmøntningen|(Indsats|Milepæl|Udmøntning|Tema|Opfølgning|Budgetaftale|Center|Udvalg) .+)$"
)
SECTION_STARTS = [
    index
    for index, line in enumerate(SEED_LINES)
    if line.strip()
    and ("\t" not in line or line.split("\t")[0].startswith(("Milepæl", "Økonomi", "<p>Milepæl")) or "\tTid\t" in line)
]
ROW_LINES = [index for index, line in enumerate(SEED_LINES) if line.count("\t") == 3]


def _replace_line(index: int, new: str) -> str:
    lines = list(SEED_LINES)
    lines[index] = new
    return "\n".join(lines)


def _with_cell(index: int, cell: int, value: str) -> str:
    cells = SEED_LINES[index].split("\t")
    cells[cell] = value
    return _replace_line(index, "\t".join(cells))


def variants() -> Iterator[tuple[str, bytes]]:
    """(what was done, the file's bytes) for every malformed variant of the seed text."""
    rng = random.Random(13)  # a fixed corpus, the same in every run
    for index in SECTION_STARTS:
        yield f"truncated before line {index + 1}", "\n".join(SEED_LINES[:index]).encode()
    for index in rng.sample(ROW_LINES, 20):
        lines = list(SEED_LINES)
        lines[index], lines[index + 1] = lines[index + 1], lines[index]
        yield f"rows {index + 1} and {index + 2} swapped", "\n".join(lines).encode()
    headings = [i for i in ROW_LINES if "\tTid\t" in SEED_LINES[i]]
    for index in rng.sample(headings, 5):
        yield (
            f"kind at {index + 1}",
            _with_cell(index, 1, rng.choice(["Driftt", "anlæg og  drift", "", "Andet"])).encode(),
        )
        yield f"number at {index + 1}", _with_cell(index, 0, "3.04. Dublet").encode()
    milestones = [i for i in ROW_LINES if SEED_LINES[i].startswith("Milepæl")]
    for index in rng.sample(milestones, 8):
        round_name = SEED_LINES[index].split("\t")[2]
        misspelt = round_name.replace("ø", "o").replace("31.12", "31-12")
        yield f"round at {index + 1}", _with_cell(index, 2, misspelt).encode()
        yield f"empty round at {index + 1}", _with_cell(index, 2, "").encode()
    header = {i: line for i, line in enumerate(SEED_LINES[:12]) if ":" in line}
    for index, line in header.items():
        label = line.split(":")[0]
        for value in ("", "i morgen", "okonomi@", "18/25831", "sag #1", "x" * 300, "31. februar 2018"):
            yield f"{label} = {value[:10]!r}", _replace_line(index, f"{label}: {value}").encode()
    for index in rng.sample(ROW_LINES, 15):
        cell = rng.randrange(4)
        yield f"cell {cell} of {index + 1} emptied", _with_cell(index, cell, "").encode()
        yield f"control character in {index + 1}", _with_cell(index, cell, "tekst\x07mere").encode()
        yield f"huge cell in {index + 1}", _with_cell(index, cell, "Ord " * 40_000).encode()
        yield f"lists in cell {cell} of {index + 1}", _with_cell(index, cell, "<ul><li>a<ol><li>b</ul><p>c").encode()
    yield "UTF-16 without a mark", SEED_TEXT.encode("utf-16-le")
    yield "UTF-32", SEED_TEXT.encode("utf-32")
    yield "random bytes", bytes(rng.randrange(256) for _ in range(4000))
    yield "theme twice", SEED_TEXT.replace("2. Budget 2018", "1. Budget 2018", 1).encode()
    yield "no tables", "\n".join(line for line in SEED_LINES if "\t" not in line).encode()


def word_variants() -> Iterator[tuple[str, bytes]]:
    """Word documents damaged as documents are: merged cells, missing tables, lists everywhere."""
    base = plan_document(parse_plan_text(SEED_TEXT), "seed")

    def edited(change) -> bytes:
        document = Document(io.BytesIO(base))
        change(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def merge(table: int, row: int, first: int, last: int):
        def change(document):
            cells = document.tables[table].rows[row].cells
            cells[first].merge(cells[last])

        return change

    for table, row in ((0, 0), (0, 1), (4, 2), (10, 6), (20, 1)):
        yield f"merged cells in table {table + 1}, row {row + 1}", edited(merge(table, row, 0, 1))
    yield "vertically merged", edited(lambda d: d.tables[3].cell(2, 1).merge(d.tables[3].cell(4, 1)))

    def drop_table(index: int):
        def change(document):
            element = document.tables[index]._tbl
            element.getparent().remove(element)

        return change

    for index in (0, 7, 34):
        yield f"table {index + 1} missing", edited(drop_table(index))

    def lists_everywhere(document):
        word = WordDocument.__new__(WordDocument)
        word.document, word.numbering, word._next_id = document, document.part.numbering_part.element, 900
        bullets = word.bullets()
        for paragraph in document.paragraphs:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = bullets

    yield "every paragraph a list item", edited(lists_everywhere)
    yield "no tables at all", edited(lambda d: [t._tbl.getparent().remove(t._tbl) for t in d.tables])


def check_variant(data: bytes) -> str:
    """'error' (located, nothing written) or 'imported'; anything else fails the test."""
    before = snapshot()
    try:
        upload = check_upload("variant", data)
        report = import_upload(upload)
    except IMPORT_ERRORS as exc:
        errors = exc.errors if hasattr(exc, "errors") else [exc]
        for error in errors:
            assert isinstance(error, FormatError)
            assert LOCATION.match(error.location) or isinstance(error, UploadRefused), error.location
            assert error.message and "Traceback" not in error.message and "<" not in error.message[:1]
        assert snapshot() == before
        return "error"
    # A variant that imports, imports correctly: again, it changes nothing.
    assert import_upload(check_upload("variant", data)).changes == [], report.summary()
    return "imported"


@pytest.mark.django_db
def test_every_malformed_text_variant_is_a_located_error_or_a_correct_import(seed_plan):
    outcomes = {name: check_variant(data) for name, data in variants()}
    assert len(outcomes) > 250
    truncated = [outcome for name, outcome in outcomes.items() if name.startswith("truncated")]
    assert truncated.count("error") > 100
    assert outcomes["Sagsid = '18/25831'"] == "imported"
    assert "imported" in outcomes.values() and "error" in outcomes.values()


@pytest.mark.django_db
def test_every_malformed_word_variant_is_a_located_error_or_a_correct_import(seed_plan):
    outcomes = {name: check_variant(data) for name, data in word_variants()}
    assert outcomes["table 1 missing"] == "error"
    assert outcomes["no tables at all"] == "error"


def test_reading_a_damaged_word_document_never_raises_anything_else():
    for _name, data in word_variants():
        with contextlib.suppress(IMPORT_ERRORS):
            read_plan_docx(data)
