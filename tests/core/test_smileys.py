"""The smiley vocabulary: one set of values for the models, the pages and the reports."""

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
    assert smileys.COLOURS.keys() == smileys.HATCHES.keys() == set(smileys.EFFORT_VALUES)


def test_no_rating_and_no_smiley_both_read_as_unrated_but_no_milestone_is_a_rating():
    assert smileys.value_of(None, "effort") == smileys.UNRATED
    assert smileys.value_of(Rating(effort="", economy=""), "economy") == smileys.UNRATED
    assert smileys.value_of(Rating(effort=smileys.NO_MILESTONE), "effort") == smileys.NO_MILESTONE


def test_the_smiley_tag_draws_face_and_word():
    html = Template('{% load smileys %}{% smiley value "effort" True %}').render(Context({"value": smileys.YELLOW}))
    assert "mp-smiley--yellow" in html and "Neutral: ikke fuldt opfyldt, men realistisk" in html
    unrated = Template("{% load smileys %}{% smiley value %}").render(Context({"value": None}))
    assert "mp-smiley--unrated" in unrated and "Ikke vurderet" in unrated
