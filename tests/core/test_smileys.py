"""The smiley vocabulary: one set of values for the models, the pages and the reports."""

import pytest
from django.template import Context, Template

from milepael.core import smileys
from milepael.followup.models import Economy, Effort, Rating


def test_the_models_store_the_vocabularys_values():
    assert tuple(Effort.values) == smileys.EFFORT_VALUES
    assert tuple(Economy.values) == smileys.ECONOMY_VALUES


def test_every_value_has_a_face_and_a_word_and_every_colour_a_hatch():
    for value in (*smileys.EFFORT_VALUES, smileys.UNRATED):
        shape, label = smileys.FACES[value]
        assert shape and str(label)
    # Charts show the unrated as a segment of its own too.
    assert smileys.COLOURS.keys() == smileys.HATCHES.keys() == {*smileys.EFFORT_VALUES, smileys.UNRATED}


def test_no_rating_and_no_smiley_both_read_as_unrated_but_no_milestone_is_a_rating():
    assert smileys.value_of(None, "effort") == smileys.UNRATED
    assert smileys.value_of(Rating(effort="", economy=""), "economy") == smileys.UNRATED
    assert smileys.value_of(Rating(effort=smileys.NO_MILESTONE), "effort") == smileys.NO_MILESTONE


def test_the_smiley_tag_draws_face_and_word():
    html = Template('{% load smileys %}{% smiley value "effort" True %}').render(Context({"value": smileys.YELLOW}))
    assert "mp-smiley--yellow" in html and "Neutral: ikke fuldt opfyldt, men realistisk" in html
    unrated = Template("{% load smileys %}{% smiley value %}").render(Context({"value": None}))
    assert "mp-smiley--unrated" in unrated and "Ikke vurderet" in unrated


def test_tally_counts_every_smiley_of_the_kind_zeros_and_the_unrated_included():
    values = [smileys.GREEN, smileys.GREEN, smileys.NO_MILESTONE, smileys.UNRATED, None]
    assert smileys.tally(values, "effort") == {"green": 2, "yellow": 0, "red": 0, "none": 1, "unrated": 2}
    assert smileys.tally([smileys.RED, None], "economy") == {"green": 0, "red": 1, "unrated": 1}
    assert smileys.tally([], "economy") == {"green": 0, "red": 0, "unrated": 0}


def test_tally_refuses_a_value_that_is_no_smiley_of_the_kind():
    with pytest.raises(ValueError, match="not economy smileys"):
        smileys.tally([smileys.YELLOW], "economy")


def test_the_smiley_tag_speaks_the_pages_language_each_time(settings):
    """Its markup is rendered once per process and language (not in DEBUG): the language is
    part of what it remembers, so an English page never gets a Danish face."""
    from django.utils import translation

    settings.DEBUG = False
    template = Template('{% load smileys %}{% smiley "red" "effort" True %}')
    with translation.override("da"):
        danish = template.render(Context())
    with translation.override("en"):
        english = template.render(Context())
    with translation.override("da"):
        again = template.render(Context())
    assert "Sur" in danish and "Sur" not in english and "Sad" in english
    assert again == danish
    assert 'class="mp-smiley mp-smiley--red"' in english and "<svg" in english
