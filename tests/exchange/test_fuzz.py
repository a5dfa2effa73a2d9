"""Damaged input gives the importer's own clear errors, never another exception."""

import contextlib
import datetime
import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from milepael.core.imports import DocumentFormatError, RecordError, WorkbookFormatError
from milepael.exchange.docx_plan import read_plan_docx
from milepael.exchange.plan_import import import_plan
from milepael.exchange.seed_plan import PlanFormatError, parse_plan_text, read_plan_text
from milepael.exchange.uploads import UploadRefused, check_upload
from milepael.exchange.xlsx_plan import export_plan_xlsx, read_plan_xlsx
from tests.conftest import PLAN_SEED

SEED_LINES = PLAN_SEED.read_text(encoding="utf-8").split("\n")
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def read_xlsx_or_clear_error(data: bytes):
    """The upload check and the reader may refuse; nothing else may escape."""
    try:
        upload = check_upload("plan.xlsx", data)
    except UploadRefused:
        pass
    else:
        try:
            return read_plan_xlsx(upload.data)
        except WorkbookFormatError:
            return None
    # The reader alone must be just as robust, checked or not.
    try:
        return read_plan_xlsx(data)
    except WorkbookFormatError:
        return None


@pytest.fixture
def seed_workbook(seed_plan) -> bytes:
    return export_plan_xlsx(seed_plan)


@pytest.mark.django_db
def test_xlsx_reader_on_randomly_damaged_bytes(seed_workbook):
    @FUZZ
    @given(st.data())
    def check(data):
        content = bytearray(seed_workbook)
        for _ in range(data.draw(st.integers(1, 20))):
            content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
        cut = data.draw(st.integers(100, len(content)))
        read_xlsx_or_clear_error(bytes(content[:cut]))

    check()


@pytest.mark.django_db
def test_xlsx_reader_on_damaged_xml_inside_a_valid_zip(seed_workbook):
    with zipfile.ZipFile(io.BytesIO(seed_workbook)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    names = sorted(members)

    @FUZZ
    @given(st.data())
    def check(data):
        name = data.draw(st.sampled_from(names))
        content = bytearray(members[name])
        for _ in range(data.draw(st.integers(1, 8))):
            position = data.draw(st.integers(0, len(content) - 1))
            content[position : position + data.draw(st.integers(0, 20))] = data.draw(st.binary(max_size=8))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for other, original in members.items():
                archive.writestr(other, bytes(content) if other == name else original)
        read_xlsx_or_clear_error(out.getvalue())

    check()


CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=400),
    st.sampled_from(["Drift", "Anlæg", "3.04", "3", "1. budgetopfølgning 2018", "=1+1", "x" * 301, "0.0.0"]),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.booleans(),
)


@pytest.mark.django_db
def test_xlsx_reader_and_import_on_random_cell_edits(seed_workbook):
    @FUZZ
    @given(st.data())
    def check(data):
        workbook = load_workbook(io.BytesIO(seed_workbook))
        for _ in range(data.draw(st.integers(1, 6))):
            sheet = workbook[data.draw(st.sampled_from(workbook.sheetnames))]
            row = data.draw(st.integers(1, sheet.max_row + 1))
            column = data.draw(st.integers(1, sheet.max_column + 1))
            value = data.draw(CELL_VALUES)
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch >= " " or ch in "\n\t")
            sheet.cell(row, column).value = value
        buffer = io.BytesIO()
        workbook.save(buffer)
        parsed = read_xlsx_or_clear_error(buffer.getvalue())
        if parsed is not None:
            # What the reader lets through, the database must take (dry run).
            with contextlib.suppress(RecordError):
                import_plan(parsed, dry_run=True, remove_missing=True, plain_rich_text=True)

    check()


@FUZZ
@given(st.binary(max_size=2000))
def test_seed_text_parser_on_random_bytes(data):
    with contextlib.suppress(PlanFormatError):
        read_plan_text(data)


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                *"ab1.2 \t\n-:<>/pæøå",
                "Milepæl",
                "Økonomi",
                "Tid",
                "Smiley",
                "Dato: ",
                "Ansvarligt center:",
                *SEED_LINES[:12],
            ]
        )
    ).map("".join)
)
def test_seed_text_parser_on_random_text(text):
    with contextlib.suppress(PlanFormatError):
        parse_plan_text(text)


@FUZZ
@given(st.data())
def test_seed_text_parser_on_damaged_seed(data):
    lines = list(SEED_LINES)
    for _ in range(data.draw(st.integers(1, 5))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "cells", "text"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "cells":
            cells = lines[index].split("\t")
            cells[data.draw(st.integers(0, len(cells) - 1))] = data.draw(st.text(max_size=40))
            lines[index] = "\t".join(cells)
        else:
            lines[index] = data.draw(st.text(max_size=80))
    with contextlib.suppress(PlanFormatError):
        parse_plan_text("\n".join(lines))


def test_docx_reader_on_random_bytes():
    @FUZZ
    @given(st.binary(max_size=3000))
    def check(data):
        with contextlib.suppress(DocumentFormatError):
            read_plan_docx(b"PK\x03\x04" + data)

    check()


RICH_TAGS = ["<p>", "</p>", "<ul>", "</ul>", "<ol>", "</ol>", '<ol start="3">', "<li>", "</li>", "<br>", "<strong>"]
RICH_TEXT = ["</strong>", " • ", " - ", "1. ", "2. ", "3. ", "Milepæl", "tekst", "31. januar", "\n", " "]
RICH_PIECES = st.sampled_from([*RICH_TAGS, *RICH_TEXT])


@FUZZ
@given(st.lists(RICH_PIECES, max_size=40).map("".join))
@example("<ol><strong> • <ul>1. <p> • ")  # an emphasis left open in a list item ran into the next block
@example("<li>Milepæl</p>1. ")  # a paragraph's end inside a list item joined two words
@example("<ol>1. <strong> • 2. <ul> - ")  # a list typed as text split inside an emphasis
def test_tidy_rich_text_is_idempotent_and_keeps_every_word(fragment):
    from milepael.core.richtext import html_to_text
    from milepael.exchange.rich_cells import tidy_rich_text

    once = tidy_rich_text(fragment)
    assert tidy_rich_text(once) == once
    words = {w for w in html_to_text(fragment).replace("•", " ").split() if w.isalpha()}
    assert words <= set(html_to_text(once).split())


@FUZZ
@given(
    st.lists(
        st.sampled_from(["Ejendomme", "By, Erhverv og Miljø", "Nyt Center", ", ", " samt ", " og ", "Der skal"]),
        max_size=8,
    ).map("".join)
)
def test_department_lists_split_into_names_the_text_holds(raw):
    from milepael.exchange.departments import DepartmentNames

    names = DepartmentNames(["Ejendomme", "By, Erhverv og Miljø"])
    folded = " ".join(raw.split()).lower()
    for name in names.split_list(raw):
        assert name.lower() in folded
    _found, rest = names.leading(raw)
    assert raw.endswith(rest)
