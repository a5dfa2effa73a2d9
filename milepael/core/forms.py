"""How forms render: `{{ form.field.as_field_group }}` gives Det Fælles Designsystem's field
markup (templates/core/forms/field.html), so no template writes labels, hints and error
messages by hand."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form renderer with the site's template engine (so form templates can use the
    project's templates and tag libraries) and the DKFDS field template. A field may name its
    own template (Field.template_name), e.g. the smiley choices of the rating form."""

    field_template_name = "core/forms/field.html"
