"""Det Fælles Designsystem's form markup, used by templates/core/forms/field.html."""

from django import template
from django.forms import BoundField

register = template.Library()

# The DKFDS class of each kind of widget (BoundField.widget_type); anything else is a text input.
WIDGET_CLASSES = {
    "select": "form-select",
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
