"""Control characters: removed when text is saved, whoever saves it, and again by every
renderer; U+000B (Word's line break) and U+000C are line breaks (core.text)."""

from dataclasses import dataclass

import pytest

from milepael.core.text import clean_data, clean_text
from milepael.followup.models import Rating
from milepael.plans.models import Initiative

# Every character the rule names: U+0000–U+001F but tab and newline, U+FFFE and U+FFFF.
CONTROL_CHARACTERS = [chr(code) for code in range(0x20) if chr(code) not in "\t\n"] + ["\ufffe", "\uffff"]
LINE_BREAKS = {"\x0b", "\x0c", "\r"}


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_character_is_removed_or_becomes_a_line_break(character):
    expected = "før\nefter" if character in LINE_BREAKS else "førefter"
    assert clean_text(f"før{character}efter") == expected


def test_tab_newline_and_danish_text_are_kept_and_windows_line_ends_become_newlines():
    assert clean_text("Æble\tøl\når") == "Æble\tøl\når"
    assert clean_text("linje 1\r\nlinje 2\rlinje 3") == "linje 1\nlinje 2\nlinje 3"
    assert clean_text("lone surrogate \ud800 gone") == "lone surrogate  gone"


def test_clean_data_cleans_strings_inside_lists_dicts_and_dataclasses_without_changing_them():
    @dataclass
    class Block:
        title: str
        lines: list[str]
        count: int

    block = Block("Titel\x0b", ["a\x00b", "c"], 3)
    cleaned = clean_data({"k\x01": [block, ("x\x07",)]})
    assert cleaned == {"k": [Block("Titel\n", ["ab", "c"], 3), ("x",)]}
    assert block.title == "Titel\x0b"  # the original is untouched


def test_every_text_field_of_a_model_is_cleaned_on_save(own_initiative, administrator):
    own_initiative.title = "Renovering\x0baf\x00 tage"
    own_initiative.description = "<p>Kommentar fra Word\x0bmed linjeskift\x1f</p>"
    own_initiative.save()
    stored = Initiative.objects.get(pk=own_initiative.pk)
    assert stored.title == "Renovering\naf tage"
    assert "\x0b" not in stored.description and "\x1f" not in stored.description
    assert stored.history.first().title == "Renovering\naf tage"  # the history record too


def test_a_rating_saved_through_the_orm_is_cleaned(own_initiative, open_round):
    rating = Rating.objects.create(initiative=own_initiative, round=open_round, effort_comment="a\x0bb\uffff")
    rating.refresh_from_db()
    assert rating.effort_comment == "a\nb"
