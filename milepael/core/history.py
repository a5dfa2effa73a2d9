"""Recorded changes (django-simple-history) as a person reads them: who made the change and
what a stored value looks like on the page."""

from datetime import datetime

from django.db import connection, models
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


# The history table's own columns, beside a copy of every tracked field.
_OWN_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def record_in_bulk(model: type[models.Model], pks: list[int], kind: str, *, user, reason: str, date: datetime) -> None:
    """History rows (`kind` "+" created, "~" changed) for the rows `pks` of `model` as they are
    stored now, copied by the database in one INSERT … SELECT per 500 rows. What
    simple_history's bulk helpers do by building a model object per row, which cost a large
    import more than its own rows; the same columns, the same who, when and why."""
    history = model.history.model
    own = {field.name for field in history._meta.concrete_fields} - {f.name for f in history.tracked_fields}
    if own != _OWN_FIELDS:
        raise ValueError(f"{history.__name__} has columns this copy does not fill: {sorted(own - _OWN_FIELDS)}")
    if user is None and pks:
        user = history.get_default_history_user(model(pk=pks[0]))  # the request's user, as save() records
    quote = connection.ops.quote_name
    tracked = history.tracked_fields
    columns = [quote(history._meta.get_field(field.name).column) for field in tracked]
    columns += [quote(history._meta.get_field(name).column) for name in ("history_date", "history_change_reason")]
    columns += [quote("history_type"), quote(history._meta.get_field("history_user").column)]
    source = [quote(field.column) for field in tracked]
    when = history._meta.get_field("history_date").get_db_prep_value(date, connection)
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 - names quoted
        f"SELECT {', '.join(source)}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} IN ({{}})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            params = [when, reason, kind, getattr(user, "pk", None), *chunk]
            cursor.execute(sql.format(", ".join(["%s"] * len(chunk))), params)
