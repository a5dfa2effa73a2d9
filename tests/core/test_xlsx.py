"""One workbook toolkit: every sheet written with the same layout and the same formula
guard, every workbook read with the same clear errors."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from milepael.core.imports import WorkbookFormatError
from milepael.core.xlsx import (
    cell_integer,
    cell_text,
    load_sheets,
    new_workbook,
    with_headings,
    workbook_bytes,
    write_sheet,
)

COLUMNS = [("number", "Nummer", 10), ("title", "Titel", 40)]


def written(**options) -> bytes:
    workbook = new_workbook()
    rows = [["2.10", '=HYPERLINK("http://example.com","klik")'], ["3.04", "Klokke\x07 og tab\x0b"]]
    write_sheet(workbook, "Udmøntning", [("Nummer", 10), ("Titel", 40)], rows, text_columns={1}, **options)
    return workbook_bytes(workbook, title="Udmøntning 2018")


def test_a_written_sheet_has_a_bold_frozen_header_widths_and_text_that_stays_text():
    workbook = load_workbook(io.BytesIO(written(table=True)))
    assert workbook.sheetnames == ["Udmøntning"]
    assert (workbook.properties.title, workbook.properties.language) == ("Udmøntning 2018", "da-DK")
    sheet = workbook["Udmøntning"]
    assert [cell.value for cell in sheet[1]] == ["Nummer", "Titel"] and all(cell.font.b for cell in sheet[1])
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (10, 40)
    assert sheet.freeze_panes == "A2"
    formula = sheet["B2"]
    assert formula.data_type == "s" and formula.value.startswith("=HYPERLINK")
    # Characters a workbook cannot hold are removed; a vertical tab (Word's line break) is a newline.
    assert sheet["B3"].value == "Klokke og tab\n"
    assert sheet["A2"].number_format == "@" and sheet["A2"].value == "2.10"
    assert sheet["B2"].alignment.wrap_text
    assert [(table.displayName, table.ref) for table in sheet.tables.values()] == [("Udmoentning", "A1:B3")]
    assert sheet.auto_filter.ref is None


def test_a_sheet_can_have_an_autofilter_instead_of_a_table_and_nothing_frozen():
    sheet = load_workbook(io.BytesIO(written(autofilter=True, freeze=None)))["Udmøntning"]
    assert sheet.auto_filter.ref == "A1:B3" and not sheet.tables and sheet.freeze_panes is None
    with pytest.raises(ValueError, match="table"):
        written(autofilter=True, table=True)


def test_sheets_are_read_back_by_their_headings_in_any_order():
    workbook = new_workbook()
    write_sheet(workbook, "Ark", [("Ekstra", 5), ("Titel:", 10), ("NUMMER", 10)], [["x", "Budget", 2018.0]])
    sheet = with_headings(load_sheets(workbook_bytes(workbook, title="t"), ["Ark"]), "Ark", COLUMNS)
    row = sheet.rows[0]
    assert cell_text(sheet.value(row, "title")) == "Budget"
    assert cell_integer(sheet.value(row, "number"), sheet.where(row, "number", COLUMNS)) == 2018
    assert sheet.where(row, "title", COLUMNS) == {"sheet": "Ark", "row": 2, "column": "B (Titel)"}


def test_cells_read_as_people_typed_them():
    assert cell_text(None) == "" and cell_text(True) == "SAND" and cell_text(12.0) == "12"
    assert cell_text(datetime.datetime(2017, 12, 22, 0, 0)) == "22-12-2017"
    with pytest.raises(WorkbookFormatError, match="»2,5« er ikke et helt tal"):
        cell_integer("2,5", {"sheet": "Ark", "row": 2})


def test_a_damaged_file_or_a_missing_sheet_is_one_clear_error():
    with pytest.raises(WorkbookFormatError, match="kan ikke læses som et Excel-ark"):
        load_sheets(b"not a workbook", ["Ark"])
    with pytest.raises(WorkbookFormatError, match="mangler arket »Andet«"):
        load_sheets(written(), ["Andet"])
    raw = load_sheets(written(), ["Udmøntning"])
    with pytest.raises(WorkbookFormatError, match="mangler kolonnen »Beskrivelse«"):
        with_headings(raw, "Udmøntning", [*COLUMNS, ("description", "Beskrivelse", 80)])


def test_a_cell_with_excels_escapes_reads_as_the_characters_then_cleaned():
    from milepael.core.xlsx import _cell_value

    # Excel keeps U+000B (a line break pasted from Word) as _x000B_; a literal "_x" as _x005F_x.
    assert _cell_value("Første linje_x000B_anden_x0001_") == "Første linje\nanden"
    assert _cell_value("navn_x005F_x0041_") == "navn_x0041_"
