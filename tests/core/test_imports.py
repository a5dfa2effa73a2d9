"""One error shape for a file that does not have the expected layout: where, and what."""

import pytest
from django.utils import translation

from milepael.core.imports import DocumentFormatError, FormatError, LineFormatError, WorkbookFormatError


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (LineFormatError(12, "der mangler en titel."), "Linje 12: der mangler en titel."),
        (
            WorkbookFormatError("feltet må ikke være tomt.", sheet="Indsatser", row=4, column="B (Titel)"),
            "Ark »Indsatser«, række 4, kolonne B (Titel): feltet må ikke være tomt.",
        ),
        (
            WorkbookFormatError("for mange rækker.", sheet="Milepæle", row=1),
            "Ark »Milepæle«, række 1: for mange rækker.",
        ),
        (WorkbookFormatError("arket mangler.", sheet="Milepæle"), "Ark »Milepæle«: arket mangler."),
        (WorkbookFormatError("kan ikke læses."), "Excel-arket: kan ikke læses."),
        (DocumentFormatError("Tabel 3, række 2", "ukendt type."), "Tabel 3, række 2: ukendt type."),
    ],
)
def test_every_format_error_says_where_and_what_in_danish(error, text):
    with translation.override("da"):
        assert isinstance(error, FormatError) and isinstance(error, ValueError)
        assert str(error) == text
        assert f"{error.location}: {error.message}" == text


def test_the_errors_keep_their_specific_places():
    line = LineFormatError(7, "x")
    assert (line.line, line.location, line.message) == (7, "Linje 7", "x")
    cell = WorkbookFormatError("x", sheet="Indsatser", row=4, column="B")
    assert (cell.sheet, cell.row, cell.column) == ("Indsatser", 4, "B")
