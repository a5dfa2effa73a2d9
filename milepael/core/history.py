"""Recorded changes (django-simple-history) as a person reads them: who made the change and
what a stored value looks like on the page."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .richtext import RichTextField, html_to_text

EMPTY = "–"
# simple_history's own labels (»Created«, »Changed«, »Deleted«) have no Danish translation.
HISTORY_TYPES = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}


def changed_by(user) -> str:
    """The name of the person behind a history record; None means the change came from an import."""
    if user is None:
        return gettext("systemet (import)")
    return user.get_full_name() or user.get_username()


def readable_value(field: models.Field, value: object) -> object:
    """A stored value as a person reads it: choice labels, plain text for rich text, – for nothing."""
    if field.choices:
        return dict(field.flatchoices).get(value, value) or EMPTY
    if isinstance(field, RichTextField):
        return html_to_text(value or "") or EMPTY
    if value in (None, ""):
        return EMPTY
    return value


def history_type(record) -> str:
    """What happened in a history record, in the user's language: Oprettet, Ændret or Slettet."""
    return str(HISTORY_TYPES.get(record.history_type, record.history_type))
