"""Det Fælles Designsystem's form markup, used by templates/core/forms/field.html."""

from django import template
from django.forms import BoundField

register = template.Library()

# The DKFDS class of each kind of widget (BoundField.widget_type); anything else is a text input.
WIDGET_CLASSES = {
    "select": "form-select",
    "longselect": "form-select",  # core.forms.LongSelect
    "selectmultiple": "form-select",
    "checkbox": "form-checkbox",
    "file": "form-file-input",
    "clearablefile": "form-file-input",
}


@register.filter
def described_by(field: BoundField) -> str:
    """The ids of the field's hint and error message, as its aria-describedby ("" for neither)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def choice_type(field: BoundField) -> str:
    """ "radio" or "checkbox": the input type of a field with several choices, for DKFDS's classes."""
    return "radio" if field.widget_type == "radioselect" else "checkbox"


@register.filter
def dkfds_widget(field: BoundField) -> str:
    """The field's widget with its DKFDS class and aria-describedby pointing at the hint and the
    error message (Django's own ids would not match the ones the field template writes)."""
    classes = [field.field.widget.attrs.get("class", ""), WIDGET_CLASSES.get(field.widget_type, "form-input")]
    attrs = {"class": " ".join(c for c in classes if c)}
    if described := described_by(field):
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("core/forms/_error_summary.html")
def error_summary(*forms, heading: str = ""):
    """DKFDS's error summary (fejlopsummering) for the top of a form that failed: every error
    of the given forms, each linked to its field (errors about the whole form are plain text).
    Several forms may share one summary (pass them, or a list of them), e.g. the rows of the
    worklist; a form's `summary_prefix` (the initiative's number) then starts its messages."""
    errors = []
    for form in _flattened(forms):
        prefix = f"{form.summary_prefix}: " if getattr(form, "summary_prefix", "") else ""
        for name, messages in form.errors.items():
            field = form[name] if name in form.fields else None
            for message in messages:
                if field is None:
                    errors.append({"href": "", "message": f"{prefix}{message}"})
                else:
                    errors.append({"href": f"#{_target(field)}", "message": f"{prefix}{field.label}: {message}"})
    return {"errors": errors, "heading": heading}


def _target(field: BoundField) -> str:
    """The id the summary links to: the input, or a group's first choice (radios and checkboxes
    have no single input; Django gives such a field no id_for_label)."""
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else field.auto_id


def _flattened(items) -> list:
    forms = []
    for item in items:
        if isinstance(item, list | tuple):
            forms.extend(item)
        elif item is not None:
            forms.append(item)
    return [form for form in forms if form is not None and form.errors]
