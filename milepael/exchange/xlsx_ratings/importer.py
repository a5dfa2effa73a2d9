"""Saving the ratings workbook's changed rows through the rating rules, all or nothing
(see the package docstring)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milepael.core import xlsx
from milepael.core.imports import FormatErrors, WorkbookFormatError, all_or_nothing
from milepael.followup import services
from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, ImplementationPlan

from .layout import COLUMNS, EDITABLE, HEADINGS, INFO, INFO_COLUMNS, RATINGS, SMILEYS, normalise_newlines
from .reader import RatingRow, read_info, read_rows


class RatingsImportError(FormatErrors):
    """The ratings workbook cannot be imported; `errors` are `WorkbookFormatError`s (sheet,
    row, column). Nothing is saved."""


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class RowChange:
    row: int
    number: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class RatingsImportReport:
    """The rows whose rating changes (or, in a dry run, would change), field by field."""

    plan: ImplementationPlan
    round: FollowUpRound
    submit: bool
    dry_run: bool
    changes: list[RowChange] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        """ "3 vurderinger ændres og indsendes, 32 uændrede." (or "… og gemmes som kladder")."""
        changed = ngettext("%(count)d vurdering ændres", "%(count)d vurderinger ændres", len(self.changes)) % {
            "count": len(self.changes)
        }
        if self.changes:
            changed += " " + (_("og indsendes") if self.submit else _("og gemmes som kladder"))
        unchanged = ngettext("%(count)d uændret.", "%(count)d uændrede.", self.unchanged) % {"count": self.unchanged}
        return f"{changed}, {unchanged}"


def import_ratings_xlsx(
    data: bytes, *, round_: FollowUpRound, user, submit: bool, dry_run: bool
) -> RatingsImportReport:
    """Save the workbook's changed ratings (or, with dry_run, only check and report them).

    Raises `RatingsImportError` listing every problem; then nothing is saved."""
    plan, sheet = _open(data, round_)
    rows, errors = read_rows(sheet, plan)
    if errors:
        raise RatingsImportError(errors)
    report = RatingsImportReport(plan=plan, round=round_, submit=submit, dry_run=dry_run)
    with all_or_nothing(dry_run=dry_run):
        for row in rows:
            _import_row(row, report, errors, round_=round_, user=user, submit=submit)
        if errors:
            raise RatingsImportError(errors)  # inside: what the other rows saved is rolled back
    return report


def _open(data: bytes, round_: FollowUpRound) -> tuple[ImplementationPlan, xlsx.Sheet]:
    """The workbook's plan and its ratings sheet, for an open round."""
    with translation.override("da"):
        sheet_name, info_name = _(RATINGS), _(INFO)
    try:
        raw = xlsx.load_sheets(data, [sheet_name, info_name])
        plan = read_info(xlsx.with_headings(raw, info_name, INFO_COLUMNS), round_)
        sheet = xlsx.with_headings(raw, sheet_name, COLUMNS)
    except WorkbookFormatError as exc:
        raise RatingsImportError([exc]) from exc
    if not round_.is_open:
        message = _("opfølgningen »%(round)s« er ikke åben, så vurderinger kan ikke indlæses.") % {"round": round_.name}
        raise RatingsImportError([WorkbookFormatError(message, sheet=sheet_name)])
    return plan, sheet


def _import_row(row: RatingRow, report: RatingsImportReport, errors: list, *, round_, user, submit: bool) -> None:
    """Compare the row with the stored rating; save it through the rules when it changed."""
    current = Rating.objects.filter(initiative=row.initiative, round=round_).select_related("updated_by").first()
    new = row.data.as_stored()
    changes = _field_changes(current, new)
    if current is None and not any(new.__dict__.values()):
        report.unchanged += 1  # an empty row for an initiative not rated yet
        return
    submitting = submit and (current is None or current.status in (Rating.Status.DRAFT, Rating.Status.RETURNED))
    if not changes and not submitting:
        report.unchanged += 1
        return
    target_status = Rating.Status.SUBMITTED if submit else Rating.Status.DRAFT
    before_status = current.get_status_display() if current else _("Ikke påbegyndt")
    if before_status != target_status.label:
        changes.append(FieldChange(_(HEADINGS["status"]), before_status, str(target_status.label)))
    problems = _save(row, current, round_=round_, user=user, submit=submit)
    if problems:
        errors.extend(problems)
    else:
        report.changes.append(RowChange(row.cells.number, row.initiative.number, row.initiative.title, changes))


def _field_changes(current: Rating | None, new: services.RatingInput) -> list[FieldChange]:
    """The editable fields that differ from the stored rating, as the sheet shows them."""
    changes = []
    for key in EDITABLE:
        before, after = getattr(current, key) if current else "", getattr(new, key)
        if normalise_newlines(before) != after:
            changes.append(FieldChange(_(HEADINGS[key]), _display(key, before), _display(key, after)))
    return changes


def _display(key: str, value: str) -> str:
    return SMILEYS[key].display(value) if key in SMILEYS else value


def _save(row: RatingRow, current: Rating | None, *, round_, user, submit: bool) -> list[WorkbookFormatError]:
    """Save the row through `followup.services.save_rating` as `user`; what the rules
    refuse comes back as errors at the row's cells (and nothing of the row is saved)."""
    try:
        with all_or_nothing():
            services.save_rating(
                initiative=row.initiative,
                round_=round_,
                user=user,
                data=row.data,
                expected_version=row.version,
                submit=submit,
            )
    except PermissionDenied:
        message = _("du har ikke adgang til at vurdere indsats %(number)s (ansvarligt center: %(department)s).") % {
            "number": row.initiative.number,
            "department": row.initiative.responsible_department.name,
        }
        return [row.cells.error("number", message)]
    except services.RatingConflict as conflict:
        return [row.cells.error("version", _conflict_message(conflict.current, row.version))]
    except ValidationError as exc:
        return _rule_errors(row, current, exc)
    return []


def _conflict_message(stored: Rating, version: int) -> str:
    who = stored.updated_by.get_full_name() or stored.updated_by.username if stored.updated_by else "–"
    return _(
        "vurderingen er ændret i Milepæl af %(who)s, efter arket blev hentet (version %(sheet)d i arket, "
        "%(current)d nu). Hent arket igen, og skriv dine ændringer ind i det."
    ) % {"who": who, "sheet": version, "current": stored.version}


def _rule_errors(row: RatingRow, current: Rating | None, exc: ValidationError) -> list[WorkbookFormatError]:
    """A refusal of the rating rules, at the cell of the field it names where it names one."""
    if hasattr(exc, "error_dict"):
        return [
            row.cells.error(key if key in HEADINGS else None, message)
            for key, messages in exc.message_dict.items()
            for message in messages
        ]
    if current is None and row.version:
        return [row.cells.error("version", _("vurderingen findes ikke længere i Milepæl. Hent arket igen."))]
    if current is not None and current.status == Rating.Status.APPROVED:
        return [row.cells.error("status", " ".join(exc.messages))]
    return [row.cells.error(None, " ".join(exc.messages))]
