"""Recorded changes (django-simple-history) as a person reads them: who made the change and
what a stored value looks like on the page."""

from django.db import models
from django.utils.translation import gettext

from .richtext import RichTextField, html_to_text

EMPTY = "–"


def changed_by(user) -> str:
    """The name of the person behind a history record; None means the change came from an import."""
    if user is None:
        return gettext("system (import)")
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
