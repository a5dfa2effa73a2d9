"""An independent, deliberately naive reading of seed 002 for checking the importer."""

import re
from collections import Counter

from tests.seedtext import strip


def table_cells(lines: list[str]):
    """Yield (line_no, column, cell) for every non-empty cell after the column headings."""
    header = next(index for index, line in enumerate(lines) if "\t" in line)
    for line_no, line in enumerate(lines[header + 1 :], start=header + 2):
        for column, cell in enumerate(line.split("\t")):
            if strip(cell):
                yield line_no, column, cell


def words(text: str) -> Counter:
    """Every word, counted: punctuation, list bullets and HTML do not count."""
    return Counter(re.findall(r"\w+", strip(text)))
