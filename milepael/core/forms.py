"""How forms render: `{{ form.field.as_field_group }}` gives Det Fælles Designsystem's field
markup (templates/core/forms/field.html), so no template writes labels, hints and error
messages by hand."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class FormRenderer(TemplatesSetting):
    """Django's form renderer with the site's template engine (so form templates can use the
    project's templates and tag libraries) and the DKFDS field template. A field may name its
    own template (Field.template_name), e.g. the smiley choices of the rating form."""

    field_template_name = "core/forms/field.html"


class LongSelect(forms.Select):
    """A select of many options (a plan 100 times the seed has 800 themes in its filters),
    written by one join: Django's Select builds a dict and renders a template per option,
    which made a large plan's filter form the slowest part of its page. Flat choices only."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        selected = mark_safe(" selected")
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            ((key, selected if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )
