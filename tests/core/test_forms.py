"""`{{ form.field.as_field_group }}` renders Det Fælles Designsystem's field markup with the
label, hint and error message tied to the input for screen readers."""

from django import forms
from django.test import SimpleTestCase

from milepael.core.forms import FormRenderer


class ExampleForm(forms.Form):
    name = forms.CharField(label="Navn", help_text="Som i folkeregistret.")
    kind = forms.ChoiceField(label="Type", choices=[("a", "A"), ("b", "B")])
    colours = forms.MultipleChoiceField(
        label="Farver", choices=[("r", "Rød"), ("g", "Grøn")], widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(label="Størrelse", choices=[("s", "Lille"), ("l", "Stor")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="Enig", required=False, help_text="Sæt kryds.")


class FieldGroupTests(SimpleTestCase):
    def test_the_settings_use_the_dkfds_renderer(self):
        self.assertIsInstance(ExampleForm().renderer, FormRenderer)

    def test_a_text_field_has_label_hint_and_dkfds_input(self):
        html = ExampleForm()["name"].as_field_group()
        self.assertInHTML('<label class="form-label" for="id_name">Navn</label>', html)
        self.assertInHTML('<span class="form-hint" id="id_name-hint">Som i folkeregistret.</span>', html)
        self.assertIn('class="form-input"', html)
        self.assertIn('aria-describedby="id_name-hint"', html)
        self.assertIn('<div class="form-group">', html)

    def test_an_error_marks_the_group_and_is_described_by_the_input(self):
        html = ExampleForm(data={})["name"].as_field_group()
        self.assertIn('class="form-group form-error"', html)
        self.assertIn('<span class="form-error-message" id="id_name-error">', html)
        self.assertIn('aria-describedby="id_name-hint id_name-error"', html)
        self.assertIn('aria-invalid="true"', html)

    def test_a_select_is_a_dkfds_select(self):
        html = ExampleForm(data={"kind": "b"})["kind"].as_field_group()
        self.assertIn('class="form-select"', html)
        self.assertIn('<option value="b" selected>B</option>', html)

    def test_choices_are_a_fieldset_with_a_legend_and_dkfds_inputs(self):
        html = ExampleForm(data={"colours": ["g"], "size": "l"})["colours"].as_field_group()
        self.assertInHTML('<legend class="form-label">Farver</legend>', html)
        self.assertIn('<div class="form-group-checkbox">', html)
        self.assertIn(
            '<input class="form-checkbox" type="checkbox" name="colours" id="id_colours_1" value="g" checked>', html
        )
        self.assertInHTML('<label for="id_colours_1">Grøn</label>', html)
        radios = ExampleForm(data={})["size"].as_field_group()
        self.assertIn('<fieldset class="form-group form-error" aria-describedby="id_size-error">', radios)
        self.assertIn('<input class="form-radio" type="radio" name="size" id="id_size_0" value="s">', radios)

    def test_a_single_checkbox_has_its_label_after_it_and_a_hint(self):
        html = ExampleForm()["agree"].as_field_group()
        self.assertIn('<div class="form-group-checkbox">', html)
        self.assertIn('class="form-checkbox"', html)
        self.assertInHTML('<label for="id_agree">Enig</label>', html)
        self.assertIn('aria-describedby="id_agree-hint"', html)
