"""A cell's rich text in one canonical shape, whether typed as text or made with lists."""

import importlib

import pytest

from milepael.exchange.rich_cells import tidy_rich_text

repair_migration = importlib.import_module("milepael.plans.migrations.0006_list_items_without_typed_bullets")


@pytest.mark.parametrize(
    ("fragment", "stored"),
    [
        # Bullets typed as text become items without the bullet; the paragraph after a list the
        # extraction never closed is not in its last item.
        ('<p>Elementer:</p> <ul style="list-style-type: none"> • a • b <p>Efter.</p>', "<p>Elementer:</p><ul><li>a</li><li>b</li></ul><p>Efter.</p>"),
        # A numbered list typed as text, continued over a page break as paragraphs.
        ("<ol> 1. Rammen holdes. 2. Anlæg på niveau. <p>3. Overskud.</p> <p>Derfor:</p>", "<ol><li>Rammen holdes.</li><li>Anlæg på niveau.</li><li>Overskud.</li></ol><p>Derfor:</p>"),
        # Not every number is an item: a date inside an item stays in it.
        ("<ol> 1. Mødet den 2. januar. 2. Beslutning.</ol>", "<ol><li>Mødet den 2. januar.</li><li>Beslutning.</li></ol>"),
        ("<ol> 3. Tre 4. Fire</ol>", '<ol start="3"><li>Tre</li><li>Fire</li></ol>'),
        ("<ul> - Social- og Sundhed - Ejendomme</ul>", "<ul><li>Social- og Sundhed</li><li>Ejendomme</li></ul>"),
        ("Der er ikke afsat økonomi.", "<p>Der er ikke afsat økonomi.</p>"),
        ("<ul><li>• allerede et punkt</li></ul>", "<ul><li>allerede et punkt</li></ul>"),
        ("<p><strong>Vigtigt</strong>: <em>nu</em></p>", "<p><strong>Vigtigt</strong>: <em>nu</em></p>"),
    ],
)  # fmt: skip
def test_text_lists_become_real_lists_in_one_shape(fragment, stored):
    assert tidy_rich_text(fragment) == stored
    assert tidy_rich_text(stored) == stored


def test_the_migration_repairs_lists_stored_before():
    old = "<p>x</p> <ul><li>• a</li><li>• c <p>Efteråret.</p> <p>Når.</p></li></ul>"
    assert repair_migration._repaired(old) == "<p>x</p> <ul><li>a</li><li>c</li></ul> <p>Efteråret.</p> <p>Når.</p>"
