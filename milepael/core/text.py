"""Text every output can hold: control characters out, line breaks as newlines.

A comment pasted from Word carries U+000B (Word's manual line break); a workbook or an old
system may carry other control characters. XML 1.0 — and so Word, Excel and the PDF's
metadata — cannot hold them, and PostgreSQL refuses U+0000 outright. So the rule is the
same everywhere, written once here:

- U+000B (vertical tab) and U+000C (form feed) are line breaks: they become "\\n", and so
  does a carriage return (alone or before "\\n", as browsers send a textarea's lines);
- every other character of U+0000–U+001F but tab and newline, U+FFFE, U+FFFF and lone
  surrogate code points (which a JSON escape such as "\\ud800" can smuggle in) is removed.

It is applied when text is saved (`clean_model_text`, connected to every Milepæl model's
`pre_save` in `core.apps`; `core.imports.upsert` cleans what a file brings before comparing,
so a re-import stays unchanged), and again by every report renderer (`clean_data`), so data
written around the models still renders.
"""

import dataclasses
import re
from functools import cache

from django.db import models

_LINE_BREAK_RE = re.compile("\r\n?|[\x0b\x0c]")
_REMOVED_RE = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# One pass to find out whether anything needs doing: most texts are clean.
_ANY_RE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """`value` with the control characters removed and line breaks as "\\n" (see the module)."""
    if not _ANY_RE.search(value):
        return value
    return _REMOVED_RE.sub("", _LINE_BREAK_RE.sub("\n", value))


def clean_data(value):
    """`value` with every text in it cleaned: strings, and the strings inside lists, tuples,
    dicts and dataclass instances (a report model), recursively. Other values are returned
    as they are. Dataclasses are copied, never changed in place."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    if isinstance(value, tuple):
        return tuple(clean_data(item) for item in value)
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: clean_data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


@cache
def _text_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The attribute names of `model`'s text columns (CharField, TextField and their kinds:
    RichTextField, EmailField …)."""
    return tuple(
        field.attname for field in model._meta.concrete_fields if isinstance(field, models.CharField | models.TextField)
    )


def clean_model_text(sender: type[models.Model], instance: models.Model, **kwargs) -> None:
    """`pre_save` receiver: clean every text field of `instance` before it is written, whoever
    saves it (a form, the API, an importer, the admin). Rich text is sanitised after this by
    its field's own `pre_save`."""
    for name in _text_fields(sender):
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, clean_text(value))
