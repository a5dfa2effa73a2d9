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


class ErrorSummaryTests(SimpleTestCase):
    """`{% error_summary form %}`: DKFDS's error summary at the top of a form that failed."""

    def render(self, template: str, **context) -> str:
        from django.template import Context, Template

        return Template("{% load dkfds %}" + template).render(Context(context))

    def test_each_error_links_to_its_field_and_the_summary_takes_the_focus(self):
        form = ExampleForm(data={"kind": "x"})
        form.add_error(None, "Hele formularen er forkert.")
        html = self.render("{% error_summary form %}", form=form)
        assert 'class="alert alert-error mp-error-summary" role="alert"' in html and "autofocus" in html
        assert '<a class="function-link" href="#id_name">Navn: Dette felt er påkrævet.</a>' in html
        assert '<a class="function-link" href="#id_size_0">Størrelse: Dette felt er påkrævet.</a>' in html
        assert "<li>Hele formularen er forkert.</li>" in html  # about the whole form: no link
        assert "Der er 5 fejl, som skal rettes" in html

    def test_several_forms_share_one_summary_named_by_their_prefix(self):
        first, second = ExampleForm(data={}, prefix="r1"), ExampleForm(data={}, prefix="r2")
        second.summary_prefix = "3.04"
        html = self.render("{% error_summary forms %}", forms=[first, second])
        assert 'href="#id_r1-name">Navn:' in html
        assert 'href="#id_r2-name">3.04: Navn:' in html

    def test_nothing_is_drawn_for_a_form_without_errors(self):
        assert self.render("{% error_summary form %}", form=ExampleForm()).strip() == ""
