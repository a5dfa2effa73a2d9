"""What every importer shares: one error shape, one decoder, one report of what changed,
one way to write a row and one transaction that a dry run rolls back.

Errors. Every problem in a file is a `FormatError`: a `location` a person can find in the
file (Danish, such as "Linje 12", "Ark »Indsatser«, række 4, kolonne B (Titel)", "Afsnit 7",
"Tabel 3, række 2" or "Indsats 3.04. …") and a `message` saying what is wrong there;
`str()` gives "location: message", the way the import pages and commands show it. A reader
that reports every problem at once raises them together as `FormatErrors`. `IMPORT_ERRORS`
is what a caller catches; anything else is a bug.

Writing. Each document kind has readers that turn a file into plain data (`ParsedPlan`,
`ParsedTerm`) and one writer that stores it (Zulip's "many readers, one canonical format,
one writer"). The writer matches rows on their natural keys with `upsert`, drops rows the
file no longer has with `remove`, and records each in an `ImportReport`, so importing the
same file again changes nothing and says so. It runs inside `all_or_nothing`: an error
leaves nothing written, and a dry run runs the very same code and is rolled back, so its
report is exactly what a real import would do.
"""

import codecs
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .history import record_in_bulk
from .text import clean_data

# --- errors -------------------------------------------------------------------------------


class FormatError(ValueError):
    """A file does not have the expected layout, or says something that cannot be stored, at `location`."""

    def __init__(self, location: str, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


class LineFormatError(FormatError):
    """A text file does not have the expected layout at `line` (1-based)."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(_("Linje %(line)d") % {"line": line}, message)


class WorkbookFormatError(FormatError):
    """A workbook does not have the expected layout; names sheet, row and column where known."""

    def __init__(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        self.sheet, self.row, self.column = sheet, row, column
        if sheet and row and column:
            location = _("Ark »%(sheet)s«, række %(row)d, kolonne %(column)s") % {
                "sheet": sheet,
                "row": row,
                "column": column,
            }
        elif sheet and row:
            location = _("Ark »%(sheet)s«, række %(row)d") % {"sheet": sheet, "row": row}
        elif sheet:
            location = _("Ark »%(sheet)s«") % {"sheet": sheet}
        else:
            location = _("Excel-arket")
        super().__init__(location, message)


class DocumentFormatError(FormatError):
    """A Word document does not have the expected layout; `location` names the paragraph
    or table row ("Afsnit 7", "Tabel 3, række 2")."""


class RecordError(FormatError):
    """A row the file describes cannot be written: a value fails the model's validation, or a
    row to remove is still referred to. `location` names the row ("Indsats 3.04. …")."""

    @classmethod
    def at(cls, obj: models.Model, message: str) -> "RecordError":
        """The error located at `obj`, named by its kind and label ("Indsats 3.04. …")."""
        kind = str(obj._meta.verbose_name)
        location = _("%(kind)s %(label)s") % {"kind": kind[:1].upper() + kind[1:], "label": obj}
        return cls(location, message)


class FormatErrors(ValueError):
    """Every problem a reader found in one file (`errors`, each a `FormatError`); nothing is written."""

    def __init__(self, errors: list[FormatError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


# What a reader or writer raises for a bad file; callers catch this and show it.
IMPORT_ERRORS = (FormatError, FormatErrors)


def did_you_mean(value: str, candidates: Iterable[str] | Mapping[str, str]) -> str:
    """ " – mente du »X«?" for the candidate closest to `value` (case and whitespace folded),
    or "" when none is close. For error messages about a value the reader could not use.
    With a mapping, its keys are compared and the value of the closest one is suggested
    (variants of a label → the label as it is usually written)."""
    found = closest(value, candidates)
    return " " + _("Mente du »%(value)s«?") % {"value": found} if found else ""


def closest(value: str, candidates: Iterable[str] | Mapping[str, str]) -> str:
    """The candidate closest to `value` (see `did_you_mean`), or "" when none is close."""
    pairs = candidates.items() if isinstance(candidates, Mapping) else ((c, c) for c in candidates)
    by_folded = {_folded(candidate): shown for candidate, shown in pairs if candidate}
    found = difflib.get_close_matches(_folded(value), list(by_folded), n=1, cutoff=0.6) if value else []
    return by_folded[found[0]] if found else ""


def _folded(text: str) -> str:
    return " ".join(str(text).split()).casefold()


# --- text files -------------------------------------------------------------------------------

# Byte-order marks, longest first: they decide the encoding before anything else does.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
ENCODING_LABELS = {
    "utf-8": gettext_lazy("UTF-8"),
    "utf-8-sig": gettext_lazy("UTF-8 med byte-ordensmærke (BOM)"),
    "utf-16-le": gettext_lazy("UTF-16 little-endian (Words »Unicode-tekst«)"),
    "utf-16-be": gettext_lazy("UTF-16 big-endian"),
    "cp1252": gettext_lazy("Windows-1252 (ANSI)"),
}
# Characters a text file may hold besides printable text: tab, line breaks, form feed
# (a page break in extracted text). Any other control character is a damaged or binary file.
# A NUL marks a binary file (or UTF-16 saved without its byte-order mark): refused. Other
# control characters are removed line by line like any saved text (core.text).
_CONTROL_RE = re.compile(r"\x00")


@dataclass(frozen=True)
class DecodedText:
    """A text file's text, and the encoding it was read in (a key of `ENCODING_LABELS`)."""

    text: str
    encoding: str

    @property
    def encoding_label(self) -> str:
        return str(ENCODING_LABELS[self.encoding])


def decode_text_file(data: bytes, error: type["LineFormatError"] | None = None) -> DecodedText:
    """An uploaded text file as text, the way Windows programs save it: the encoding is
    decided by the byte-order mark (UTF-8, UTF-16 LE/BE as Word's "Unicode text"), then
    by whether the bytes are valid UTF-8, else Windows-1252. Bytes that fit none of them,
    and NUL characters, raise `error` (the reader's `LineFormatError`) naming the line."""
    error = error or LineFormatError
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_of_byte(data, exc.start, encoding)
        raise error(
            line,
            _("byte 0x%(byte)02X kan ikke læses som %(encoding)s; gem filen som UTF-8 og prøv igen.")
            % {"byte": data[exc.start], "encoding": ENCODING_LABELS[encoding]},
        ) from exc
    text = text.removeprefix("\ufeff")
    control = _CONTROL_RE.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        hint = (
            _(" Er filen gemt som UTF-16 uden byte-ordensmærke? Gem den som UTF-8 eller som »Unicode-tekst« i Word.")
            if control.group() == "\x00"
            else ""
        )
        raise error(
            line,
            _("linjen indeholder kontroltegnet U+%(code)04X, som ikke hører hjemme i en tekstfil.")
            % {"code": ord(control.group())}
            + hint,
        )
    return DecodedText(text, encoding)


def _line_of_byte(data: bytes, position: int, encoding: str) -> int:
    newline = "\n".encode(encoding.removesuffix("-sig"))
    return data[:position].count(newline) + 1


def decode_text(data: bytes, error: type["LineFormatError"] | None = None) -> str:
    """A text file that must be UTF-8 like the seeds (a BOM tolerated), for the readers of
    Milepæl's own exchange formats; bytes that are not raise `error` naming their line. A
    document a person saves in Word or Notepad is read with `decode_text_file`."""
    error = error or LineFormatError
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(line, _("filen er ikke gyldig UTF-8-tekst.")) from exc


# --- the report ---------------------------------------------------------------------------


class Action(models.TextChoices):
    """What an import does to a row; the label is the verb the preview shows."""

    CREATED = "created", gettext_lazy("opret")
    CHANGED = "changed", gettext_lazy("ændr")
    REMOVED = "removed", gettext_lazy("slet")


@dataclass
class Change:
    """One row an import creates, changes or removes."""

    action: str  # an Action
    kind: str  # the model's verbose name
    label: str  # the row as it reads (str())
    # Changed: the fields that change. Removed: what is removed with it ("4 milepæle").
    fields: list[str] = field(default_factory=list)

    @property
    def action_display(self) -> str:
        return str(Action(self.action).label)


@dataclass(frozen=True)
class ImportWarning:
    """Something the user should know before saving; `must_accept`: the preview asks the
    user to confirm it (e.g. a plan without smiley definitions)."""

    message: str
    must_accept: bool = False


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do: every row created, changed and removed,
    and how many rows already were as the file says. A document kind's report adds the
    object it wrote (`PlanImportReport.plan`, `TermImportReport.term`)."""

    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[ImportWarning] = field(default_factory=list)

    @property
    def warnings_to_accept(self) -> list[ImportWarning]:
        return [warning for warning in self.warnings if warning.must_accept]

    def changes_by_action(self) -> list[tuple[str, str, list[tuple[str, list[Change]]]]]:
        """[(action, its label, [(kind, changes)])] for the preview, removals first."""
        groups = []
        for action in (Action.REMOVED, Action.CHANGED, Action.CREATED):
            by_kind: dict[str, list[Change]] = {}
            for change in self.changes:
                if change.action == action:
                    by_kind.setdefault(change.kind, []).append(change)
            if by_kind:
                groups.append((str(action), str(action.label), list(by_kind.items())))
        return groups

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def created(self) -> int:
        return self.count(Action.CREATED)

    @property
    def changed(self) -> int:
        return self.count(Action.CHANGED)

    @property
    def removed(self) -> int:
        return self.count(Action.REMOVED)

    def summary(self) -> str:
        """One Danish sentence: "3 oprettes, 1 ændres, 40 uændrede." (a dry run) or
        "3 oprettet, 1 ændret, 40 uændrede."; removals are named only when there are any."""
        if self.removed and self.dry_run:
            text = _("%(created)d oprettes, %(changed)d ændres, %(removed)d slettes, %(unchanged)d uændrede.")
        elif self.removed:
            text = _("%(created)d oprettet, %(changed)d ændret, %(removed)d slettet, %(unchanged)d uændrede.")
        elif self.dry_run:
            text = _("%(created)d oprettes, %(changed)d ændres, %(unchanged)d uændrede.")
        else:
            text = _("%(created)d oprettet, %(changed)d ændret, %(unchanged)d uændrede.")
        return text % {
            "created": self.created,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }


# --- writing ------------------------------------------------------------------------------

# Whether a stored value and the file's value differ only in a way the format cannot
# express (e.g. rich text that arrives as plain paragraphs): (model field, stored, new).
Sameness = Callable[[models.Field, Any, Any], bool]


@contextmanager
def all_or_nothing(*, dry_run: bool = False) -> Iterator[None]:
    """One transaction around an import (or any write that can be previewed): an exception
    inside leaves nothing written, and with `dry_run` the very same code runs and is
    rolled back at the end, so what it reports is exactly what a real run would do.

    Inside an outer transaction (a test, a request) this is a savepoint, and a dry run
    rolls back only that savepoint; the outer transaction carries on."""
    with transaction.atomic():
        yield
        if dry_run:
            transaction.set_rollback(True)


def upsert(
    report: ImportReport,
    model: type[models.Model],
    lookup: dict,
    values: dict,
    *,
    same: Sameness | None = None,
    known: dict | None = None,
    key: Any = None,
) -> models.Model:
    """Create the row `lookup` names with `values`, or bring the stored row up to date, and
    record which in `report` (a row already as the file says counts as unchanged).

    `same` may declare differing values unchanged (see `Sameness`). `known` holds the rows
    fetched beforehand, by `key`, which saves a query per row on large files; a created row
    is added to it. Raises `RecordError` (nothing is saved) when a value fails the model's
    validation."""
    # As the model stores them (core.text): a file's control characters never count as a change.
    lookup, values = clean_data(lookup), clean_data(values)
    obj = model.objects.filter(**lookup).first() if known is None else known.get(key)
    obj = _merge(report, model, obj, lookup, values, same, validate=_full_clean, create=_save, change=_save)
    if known is not None:
        known.setdefault(key, obj)
    return obj


def _save(obj: models.Model, *_changed) -> None:
    obj.save()


def _merge(report, model, obj, lookup: dict, values: dict, same, *, validate, create, change) -> models.Model:
    """The one rule of `upsert` and `stage`: a new row from `lookup` and `values`, or the
    stored `obj` with the values that differ (as `same` judges), validated, handed to
    `create(obj)` or `change(obj, changed names)` and recorded in `report`."""
    verbose = _verbose_name(model, get_language())
    if obj is None:
        obj = model(**lookup, **values)
        validate(obj)
        create(obj)
        report.changes.append(Change(Action.CREATED, verbose, str(obj)))
        return obj
    changed = [name for name, value in values.items() if not _unchanged(model, name, getattr(obj, name), value, same)]
    if not changed:
        report.unchanged += 1
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    validate(obj)
    change(obj, changed)
    labels = [str(model._meta.get_field(name).verbose_name) for name in changed]
    report.changes.append(Change(Action.CHANGED, verbose, str(obj), labels))
    return obj


@cache
def _verbose_name(model: type[models.Model], language: str | None) -> str:
    """The model's name in `language` (translated once, not once per row of a large file)."""
    return str(model._meta.verbose_name)


def by_name(report: ImportReport, model: type[models.Model], name: str) -> models.Model:
    """The row of `model` called `name` in any case (as stored), created when there is none."""
    return model.objects.filter(name__iexact=name).first() or upsert(report, model, {"name": name}, {})


def remove(report: ImportReport, obj: models.Model) -> None:
    """Remove `obj` and record it with what is removed with it (milestones, ratings, …).

    Raises `RecordError` when other data still refers to it."""
    label = str(obj)
    verbose = str(obj._meta.verbose_name)
    try:
        _total, per_model = obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise RecordError.at(obj, _("kan ikke slettes, fordi andre data henviser til den.")) from exc
    also = []
    for model_label, count in per_model.items():
        model = apps.get_model(model_label)
        if model is type(obj) or model._meta.auto_created or not count:
            continue  # the object itself, and many-to-many link rows
        name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        also.append(f"{count} {name}")
    report.changes.append(Change(Action.REMOVED, verbose, label, also))


def _unchanged(model: type[models.Model], name: str, stored, new, same: Sameness | None) -> bool:
    return stored == new or (same is not None and same(model._meta.get_field(name), stored, new))


def _full_clean(obj: models.Model, *, exclude_relations: bool = False) -> None:
    # Uniqueness and constraints are the natural keys the writer matched on; the database
    # enforces them. Field validation is what a file can get wrong. A staged row's related
    # rows are the writer's own (perhaps not yet written): checking them would cost a query each.
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation] if exclude_relations else None
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        problems = "; ".join(
            f"{obj._meta.get_field(name).verbose_name}: {' '.join(messages)}"
            if name != NON_FIELD_ERRORS
            else " ".join(messages)
            for name, messages in exc.message_dict.items()
        )
        raise RecordError.at(obj, problems) from exc


# --- staged writing: the diff first, then one short transaction of bulk statements ---------


class Writes:
    """The rows an import will create, change and remove, gathered before anything is written
    (`stage`, `stage_by_name`, `stage_removal`), then written by `apply` in one short
    transaction of bulk statements: on SQLite every other writer waits for that transaction,
    so reading, comparing and validating happen before it. Rows with history get their
    history rows in bulk too (who: the request's user or `user`; why: `reason`)."""

    def __init__(self) -> None:
        self.created: dict[type[models.Model], list[models.Model]] = {}
        self.changed: dict[type[models.Model], dict[int, tuple[models.Model, set[str]]]] = {}
        self.removed: list[models.Model] = []
        # Callables run after the rows are created (link rows that need the new keys).
        self.after: list[Callable[[], None]] = []

    def __bool__(self) -> bool:
        return bool(self.created or self.changed or self.removed or self.after)

    def create(self, obj: models.Model) -> None:
        self.created.setdefault(type(obj), []).append(obj)

    def change(self, obj: models.Model, fields: Iterable[str]) -> None:
        if obj._state.adding:
            return  # not written yet: it is inserted with its final values
        _obj, names = self.changed.setdefault(type(obj), {}).setdefault(id(obj), (obj, set()))
        names.update(fields)

    def apply(self, order: list[type[models.Model]], *, user=None, reason: str = "", batch_size: int = 500) -> None:
        """Write everything, models created in `order` (parents before children); call it
        inside a transaction. Removals go one row at a time (their cascades and signals)."""
        history = {"user": user, "reason": reason, "date": timezone.now()}
        for model in order:
            objs = self.created.get(model, [])
            if objs:
                model.objects.bulk_create(objs, batch_size=batch_size)
                if _has_history(model):
                    record_in_bulk(model, [obj.pk for obj in objs], "+", **history)
        for fn in self.after:
            fn()
        for model in order:
            rows = list(self.changed.get(model, {}).values())
            if not rows:
                continue
            objs = [obj for obj, _names in rows]
            names = sorted(set().union(*(names for _obj, names in rows)))
            model.objects.bulk_update(objs, names, batch_size=batch_size)
            if _has_history(model):
                record_in_bulk(model, [obj.pk for obj in objs], "~", **history)
        for obj in self.removed:
            obj.delete()


# From this many new rows of a model on, an import refreshes PostgreSQL's statistics of its
# tables at once: until autovacuum gets to it, the planner takes a freshly filled table for
# almost empty and chose nested loops that made a large plan's pages 40 ms slower per query.
ANALYZE_AFTER_ROWS = 1000


def refresh_statistics(writes: Writes) -> None:
    """Analyse the tables of the models `writes` created many rows of, and their history
    tables (after the commit, as PostgreSQL's advice for bulk loads says)."""
    bulky = [model for model, objs in writes.created.items() if len(objs) >= ANALYZE_AFTER_ROWS]
    analyze(*bulky, *(model.history.model for model in bulky if _has_history(model)))


def analyze(*tables: type[models.Model]) -> None:
    """ANALYZE the models' tables on PostgreSQL; SQLite's planner keeps no statistics unless
    asked, and is not."""
    if connection.vendor == "postgresql" and tables:
        names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {names}")


def _has_history(model: type[models.Model]) -> bool:
    return bool(getattr(model._meta, "simple_history_manager_attribute", None))


def _prepare_for_bulk(obj: models.Model) -> None:
    """What `save()` does to a row before writing it and bulk writes skip: the `pre_save`
    receivers (control characters out) and the fields' own `pre_save` (rich text
    sanitised), and the model's `prepare_for_bulk` if it has one (derived columns)."""
    model = type(obj)
    models.signals.pre_save.send(sender=model, instance=obj, raw=False, using=None, update_fields=None)
    for model_field in model._meta.concrete_fields:
        if not model_field.is_relation and not model_field.primary_key:
            setattr(obj, model_field.attname, model_field.pre_save(obj, obj._state.adding))
    prepare = getattr(obj, "prepare_for_bulk", None)
    if prepare is not None:
        prepare()


def stage(
    report: ImportReport,
    writes: Writes,
    model: type[models.Model],
    lookup: dict,
    values: dict,
    *,
    same: Sameness | None = None,
    known: dict,
    key: Any,
) -> models.Model:
    """`upsert` without writing: the row `lookup` names (from `known`, by `key`), brought up
    to date with `values` in memory and staged in `writes`, or a new row staged for creation
    (added to `known`). Recorded in `report`; raises `RecordError` when a value fails the
    model's validation (related rows are the writer's own, so they are not checked)."""
    lookup, values = clean_data(lookup), clean_data(values)
    obj = _merge(
        report,
        model,
        known.get(key),
        lookup,
        values,
        same,
        validate=_validate_staged,
        create=writes.create,
        change=writes.change,
    )
    known.setdefault(key, obj)
    return obj


def _validate_staged(obj: models.Model) -> None:
    _full_clean(obj, exclude_relations=True)
    _prepare_for_bulk(obj)


def stage_by_name(report: ImportReport, writes: Writes, model: type[models.Model], name: str) -> models.Model:
    """`by_name` without writing: the row called `name` in any case, stored or already
    staged, else a new one staged."""
    folded = name.casefold()
    for obj in writes.created.get(model, []):
        if obj.name.casefold() == folded:
            return obj
    found = model.objects.filter(name__iexact=name).first()
    return found or stage(report, writes, model, {"name": name}, {}, known={}, key=name)


def stage_removal(report: ImportReport, writes: Writes, obj: models.Model) -> None:
    """`remove` without writing: what deleting `obj` would take with it is collected (and a
    row still referred to refused with `RecordError`) now; `apply` deletes it."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as exc:
        raise RecordError.at(obj, _("kan ikke slettes, fordi andre data henviser til den.")) from exc
    counts: dict[type[models.Model], int] = {}
    for model, instances in collector.data.items():
        counts[model] = counts.get(model, 0) + len(instances)
    for queryset in collector.fast_deletes:
        counts[queryset.model] = counts.get(queryset.model, 0) + queryset.count()
    also = []
    for model, count in counts.items():
        if model is type(obj) or model._meta.auto_created or not count:
            continue  # the object itself, and many-to-many link rows
        name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        also.append(f"{count} {name}")
    writes.removed.append(obj)
    report.changes.append(Change(Action.REMOVED, str(obj._meta.verbose_name), str(obj), also))
