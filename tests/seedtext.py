"""An independent, deliberately naive reading of seed 000 for checking the importer."""

import html
import re


def strip(fragment: str) -> str:
    """HTML stripped, entities decoded, whitespace folded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def seed_rows(lines: list[str]):
    """Yield (line_no, initiative_number, label, cells) for every table row of an initiative."""
    number = None
    for line_no, line in enumerate(lines, start=1):
        cells = line.split("\t")
        if len(cells) != 4 or all(set(c.strip()) <= {"-"} for c in cells):
            continue  # not a table row, or a stray ----- separator
        if strip(cells[2]) == "Tid":
            number = strip(cells[0]).split(" ")[0].rstrip(".")
            yield line_no, number, "heading", cells
        elif number:
            yield line_no, number, strip(cells[0]) or "continuation", cells
