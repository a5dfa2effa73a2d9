"""The rules of a follow-up round. Views, API, importers and commands call these; none
of them writes a Rating, a round status or an economy revision any other way.

Locks are always taken in one order: the round first, then its ratings by primary key. A
draft saved while a reviewer approves, or a bulk approval while a department submits, then
waits for the other instead of deadlocking; a change based on an old version is a
RatingConflict (409 on the web and in the API), never a silent overwrite."""

import datetime
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milepael.organisation import permissions
from milepael.organisation.permissions import User
from milepael.plans.models import FollowUpRound, Initiative

from . import notify, reminders
from .models import (
    Economy,
    EconomyRevision,
    Effort,
    Indicator,
    IndicatorValue,
    Rating,
    RatingMessage,
    RevisedEconomyAmount,
    RoundEvent,
)
from .selectors import current_economy_baseline, department_is_done, milestone_for, unapproved_count, year_budget


class RatingConflict(Exception):
    """Someone saved the rating after the user loaded it. `current` is what is stored now."""

    def __init__(self, current: Rating):
        self.current = current
        super().__init__(_("Vurderingen er ændret af en anden, mens du redigerede den."))


# A channel that does not carry the expected result (the workbook, an API call without it)
# leaves the stored one as it is.
class Unchanged(enum.Enum):
    UNCHANGED = "unchanged"

    def __bool__(self) -> bool:
        return False  # nothing given: an input of only UNCHANGED and blanks is empty


UNCHANGED = Unchanged.UNCHANGED
# No initiative's expected result is a thousand billion kroner or more: a typing error.
MAX_EXPECTED_KR = 10**12


@dataclass
class RatingInput:
    """What a reporter enters for a rating, from any channel (web form, API, workbook)."""

    effort: str = ""
    effort_comment: str = ""
    economy: str = ""
    economy_comment: str = ""
    alternative_financing: str = ""
    # The expected net result for the budget year in kroner; None: none given.
    expected_result_kr: int | Unchanged | None = UNCHANGED

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> "RatingInput":
        """The rating fields of a form's cleaned_data, an API payload or a workbook row; a missing
        or empty text field is "", a missing expected result UNCHANGED, other keys are ignored."""
        values = {field.name: data.get(field.name) or "" for field in fields(cls) if field.name != "expected_result_kr"}
        if "expected_result_kr" in data:
            values["expected_result_kr"] = data["expected_result_kr"] if data["expected_result_kr"] != "" else None
        return cls(**values)

    def cleaned(self) -> "RatingInput":
        return RatingInput(**{k: v.strip() if isinstance(v, str) else v for k, v in self.__dict__.items()})

    def as_stored(self) -> "RatingInput":
        """The rating as `save_rating` stores it: the alternative financing only with a red economy."""
        if self.economy == Economy.RED:
            return self
        return RatingInput(**{**self.__dict__, "alternative_financing": ""})


def rating_errors(data: RatingInput, *, milestone_blank: bool, submit: bool) -> dict[str, list[str]]:
    """The seed's rules for a rating, as field → messages. Drafts may be incomplete."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if data.effort and data.effort not in Effort.values:
        add("effort", _("Vælg en gyldig smiley."))
    if data.economy and data.economy not in Economy.values:
        add("economy", _("Vælg en gyldig smiley."))
    if milestone_blank and data.effort not in ("", Effort.NO_MILESTONE):
        add("effort", _("Der er ingen milepæl i denne opfølgning; vælg »Ingen milepæl i denne opfølgning«."))
    if not milestone_blank and data.effort == Effort.NO_MILESTONE:
        add("effort", _("Indsatsen har en milepæl i denne opfølgning; giv den en smiley."))
    expected = data.expected_result_kr
    if (
        expected is not None
        and expected is not UNCHANGED
        and (not isinstance(expected, int) or abs(expected) >= MAX_EXPECTED_KR)
    ):
        add("expected_result_kr", _("»%(value)s« er ikke et muligt forventet resultat i kr.") % {"value": expected})
    if submit:
        if not data.effort:
            add("effort", _("Vælg en smiley for indsatsen."))
        if not data.economy:
            add("economy", _("Vælg en smiley for økonomien."))
        if data.effort in (Effort.YELLOW, Effort.RED) and not data.effort_comment:
            add("effort_comment", _("Forklar en neutral eller sur smiley for indsatsen."))
        if data.economy == Economy.RED and not data.alternative_financing:
            add("alternative_financing", _("Angiv den alternative finansiering, når smileyen for økonomi er sur."))
    return errors


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Du har ikke adgang til at gøre dette."))


def _require_open(round_: FollowUpRound) -> None:
    if round_.status != FollowUpRound.Status.OPEN:
        raise ValidationError(_("Opfølgningen »%(round)s« er ikke åben.") % {"round": round_.name})


def _lock_round(round_id: int) -> FollowUpRound:
    """The round, locked (always the first lock of a transaction that changes ratings).

    FOR NO KEY UPDATE: it still serialises every change of the round's ratings, but does not
    block the key-share lock a row referencing the round takes as its foreign-key check (a
    search document written after another save commits), which made a deadlock."""
    return FollowUpRound.objects.select_for_update(no_key=True).get(pk=round_id)


def _lock_ratings(round_: FollowUpRound, pks) -> list[Rating]:
    """The round's ratings among `pks`, locked in primary-key order (after the round), with
    what the notifications name: initiative and department. Only the rating rows are locked."""
    return list(
        Rating.objects.select_for_update(of=("self",))
        .filter(round=round_, pk__in=list(pks))
        .select_related("initiative__responsible_department", "round")
        .order_by("pk")
    )


@transaction.atomic
def save_rating(
    *,
    initiative: Initiative,
    round_: FollowUpRound,
    user: User,
    data: RatingInput,
    expected_version: int,
    submit: bool = False,
) -> Rating:
    """Save a draft (submit=False) or submit for review. `expected_version` is the version
    the user started from (0 for a new rating); anything else stored means a conflict."""
    _require(permissions.can_rate(user, initiative))
    round_ = _lock_round(round_.pk)
    _require_open(round_)
    data = data.cleaned()
    milestone = milestone_for(initiative, round_)
    errors = rating_errors(data, milestone_blank=milestone is None or milestone.is_blank, submit=submit)
    if errors:
        raise ValidationError(errors)
    # Not through initiative.ratings: a page may have prefetched it with joins that cannot be
    # locked (FOR UPDATE refuses the nullable side of an outer join on PostgreSQL).
    # of=self: the default ordering joins the initiative, whose row must not be locked too.
    rating = Rating.objects.select_for_update(of=("self",)).filter(initiative=initiative, round=round_).first()
    if rating is not None:
        rating.initiative = initiative  # the caller's object, so nothing asks for it again
    if rating is None:
        if expected_version != 0:
            raise ValidationError(_("Vurderingen findes ikke længere."))
        rating = Rating(initiative=initiative, round=round_, version=0)
    elif rating.version != expected_version:
        raise RatingConflict(rating)
    if not permissions.can_edit_rating(user, rating):
        raise ValidationError(_("Vurderingen er godkendt og kan ikke længere ændres."))
    was_done = rating.status in (Rating.Status.SUBMITTED, Rating.Status.APPROVED)
    for name, value in data.as_stored().__dict__.items():
        if value is not UNCHANGED:
            setattr(rating, name, value)
    rating.economy_baseline = current_economy_baseline(initiative)
    rating.budget_kr = year_budget(initiative, round_)
    rating.status = Rating.Status.SUBMITTED if submit else Rating.Status.DRAFT
    rating.version += 1
    rating.updated_by = user
    rating._history_user = user  # recorded in the history even outside a request
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:
        # Two users created the first rating at the same moment; the other one won.
        existing = Rating.objects.filter(initiative=initiative, round=round_).first()
        if existing is None:
            raise
        raise RatingConflict(existing) from exc
    if submit and not was_done:
        _tell_if_department_is_done(round_, rating, user)
    return rating


@transaction.atomic
def save_rating_with_indicators(*, indicator_values: Mapping[int, Decimal | None], **rating_arguments) -> Rating:
    """`save_rating`, and with it the round's values of the initiative's key figures
    (`save_indicator_values`): both are saved, or neither."""
    rating = save_rating(**rating_arguments)
    save_indicator_values(
        initiative=rating_arguments["initiative"],
        round_=rating_arguments["round_"],
        user=rating_arguments["user"],
        values=indicator_values,
    )
    return rating


@transaction.atomic
def save_indicator_values(
    *, initiative: Initiative, round_: FollowUpRound, user: User, values: Mapping[int, Decimal | None]
) -> None:
    """The round's values of the initiative's indicators (indicator pk → value; None
    removes the value). Whoever may rate the initiative enters them, while the round is open."""
    _require(permissions.can_rate(user, initiative))
    round_ = _lock_round(round_.pk)
    _require_open(round_)
    for indicator in Indicator.objects.filter(initiative=initiative, pk__in=list(values)):
        value = values[indicator.pk]
        if value is None:
            IndicatorValue.objects.filter(indicator=indicator, round=round_).delete()
        else:
            IndicatorValue.objects.update_or_create(
                indicator=indicator, round=round_, defaults={"value": value, "updated_by": user}
            )


@dataclass
class RowToSave:
    """One row of »Indsend alle færdige«: what the user typed, the version it was based on,
    and whether it is complete (submit) or only changed (kept as a draft)."""

    initiative: Initiative
    data: RatingInput
    expected_version: int
    submit: bool = True


@dataclass
class RowOutcome:
    """The fate of one row: submitted (`rating`), refused by a rule (`errors`, field → messages)
    or in conflict with a newer version (`conflict`, the stored rating)."""

    initiative: Initiative
    rating: Rating | None = None
    errors: dict[str, list[str]] | None = None
    conflict: Rating | None = None


def submit_ratings(*, round_: FollowUpRound, user: User, rows: list[RowToSave]) -> list[RowOutcome]:
    """Submit several ratings at once (the worklist's »Indsend alle færdige«; rows that are
    only changed are kept as drafts, so nothing typed is lost). Each row is saved on its own
    through save_rating, so one row's missing comment or conflict does not hold back the
    others; the outcome of every row is returned for the page to show in place."""
    outcomes = []
    for row in rows:
        try:
            rating = save_rating(
                initiative=row.initiative,
                round_=round_,
                user=user,
                data=row.data,
                expected_version=row.expected_version,
                submit=row.submit,
            )
        except RatingConflict as conflict:
            outcomes.append(RowOutcome(row.initiative, conflict=conflict.current))
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            outcomes.append(RowOutcome(row.initiative, errors=errors))
        else:
            outcomes.append(RowOutcome(row.initiative, rating=rating))
    return outcomes


def _tell_if_department_is_done(round_: FollowUpRound, rating: Rating, user: User) -> None:
    """The administrators hear when this submission completed the department's round."""
    department = rating.initiative.responsible_department
    count = department_is_done(round_, department.pk)
    if count:
        notify.department_submitted(round_, department, count=count, last=rating, actor=user)


@dataclass
class ReviewOutcome:
    """What happened to one rating of a bulk review: `rating` is as stored now; on a conflict
    it is the other person's newer version, which the reviewer must see before deciding."""

    rating: Rating
    approved: bool = False
    conflict: bool = False
    error: str = ""
    # The version the reviewer saw (on a conflict, `rating` is a newer one).
    expected_version: int | None = None


def approve_ratings(*, round_: FollowUpRound, user: User, versions: Mapping[int, int]) -> list[ReviewOutcome]:
    """Approve the submitted ratings `versions` names (rating pk → the version the reviewer
    saw), all in one transaction, locking the round and then the ratings in pk order. A rating
    changed since (another version) or no longer submitted is left as it is and reported."""
    _require(permissions.can_review(user))
    with transaction.atomic():
        round_ = _lock_round(round_.pk)
        _require_open(round_)
        outcomes = []
        for rating in _lock_ratings(round_, versions):
            outcome = ReviewOutcome(rating, expected_version=versions[rating.pk])
            if rating.version != versions[rating.pk]:
                outcome.conflict = True
            elif rating.status != Rating.Status.SUBMITTED:
                outcome.error = _("Kun indsendte vurderinger kan godkendes eller sendes retur.")
            else:
                _set_review(rating, user=user, status=Rating.Status.APPROVED)
                outcome.approved = True
            outcomes.append(outcome)
        notify.ratings_approved([o.rating for o in outcomes if o.approved], actor=user)
    return outcomes


def _set_review(rating: Rating, *, user: User, status: str, remark: str | None = None) -> None:
    rating.status = status
    if remark is not None:
        rating.review_remark = remark
    rating.version += 1
    rating.updated_by = user
    rating._history_user = user
    rating.save()


def approve_rating(rating: Rating, *, user: User, expected_version: int) -> Rating:
    """Accept a submitted rating; it is then locked for the department (permissions.can_edit_rating).
    A newer version stored is a RatingConflict; a rating that is not submitted, a ValidationError."""
    (outcome,) = approve_ratings(round_=rating.round, user=user, versions={rating.pk: expected_version}) or [None]
    if outcome is None:
        raise ValidationError(_("Vurderingen findes ikke længere."))
    if outcome.conflict:
        raise RatingConflict(outcome.rating)
    if outcome.error:
        raise ValidationError(outcome.error)
    return outcome.rating


@transaction.atomic
def return_rating(rating: Rating, *, user: User, expected_version: int, remark: str) -> Rating:
    """Send back to the department with a remark saying what is unclear. The remark is the
    reviewer's message in the rating's dialogue, and the department's reporters are told."""
    _require(permissions.can_review(user))
    remark = remark.strip()
    if not remark:
        raise ValidationError({"remark": [_("Skriv hvorfor vurderingen sendes retur.")]})
    round_ = _lock_round(rating.round_id)
    _require_open(round_)
    (locked,) = _lock_ratings(round_, [rating.pk]) or [None]
    if locked is None:
        raise ValidationError(_("Vurderingen findes ikke længere."))
    if locked.version != expected_version:
        raise RatingConflict(locked)
    if locked.status not in (Rating.Status.SUBMITTED, Rating.Status.APPROVED):
        raise ValidationError(_("Kun indsendte vurderinger kan godkendes eller sendes retur."))
    _set_review(locked, user=user, status=Rating.Status.RETURNED, remark=remark)
    message = RatingMessage.objects.create(rating=locked, author=user, side=RatingMessage.Side.REVIEWER, text=remark)
    notify.rating_returned(locked, message, actor=user)
    return locked


@transaction.atomic
def answer_rating(rating: Rating, *, user: User, text: str) -> RatingMessage:
    """The department's answer in the rating's dialogue (to a remark, or a question of its own);
    the administrators are told. Messages are added, never changed."""
    _require(permissions.can_answer_rating(user, rating))
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Skriv dit svar.")]})
    round_ = _lock_round(rating.round_id)
    _require_open(round_)
    message = RatingMessage.objects.create(rating=rating, author=user, side=RatingMessage.Side.DEPARTMENT, text=text)
    notify.rating_answered(rating, message, actor=user)
    return message


@transaction.atomic
def open_round(round_: FollowUpRound, *, user: User, deadline: datetime.date) -> FollowUpRound:
    """Open a planned round with its deadline; the departments' reminders follow (reminders.py)."""
    _require(permissions.can_manage_rounds(user))
    round_ = _lock_round(round_.pk)
    if round_.status != FollowUpRound.Status.PLANNED:
        raise ValidationError(_("Opfølgningen er allerede åbnet."))
    round_.status = FollowUpRound.Status.OPEN
    round_.deadline = deadline
    round_.save(update_fields=["status", "deadline"])
    RoundEvent.objects.create(round=round_, action=RoundEvent.Action.OPENED, by=user)
    return round_


@transaction.atomic
def close_round(round_: FollowUpRound, *, user: User, reason: str = "") -> FollowUpRound:
    """Lock the round's ratings; they can no longer be changed until it is reopened. While
    initiatives are not approved, closing needs a reason, which is kept in the round's events.
    Everyone involved is told."""
    _require(permissions.can_manage_rounds(user))
    round_ = _lock_round(round_.pk)
    _require_open(round_)
    reason = reason.strip()
    missing = unapproved_count(round_)
    if missing and not reason:
        message = ngettext(
            "%(count)d indsats er ikke godkendt. Skriv hvorfor opfølgningen alligevel lukkes.",
            "%(count)d indsatser er ikke godkendt. Skriv hvorfor opfølgningen alligevel lukkes.",
            missing,
        )
        raise ValidationError({"reason": [message % {"count": missing}]})
    round_.status = FollowUpRound.Status.CLOSED
    round_.save(update_fields=["status"])
    closing = RoundEvent.objects.create(round=round_, action=RoundEvent.Action.CLOSED, by=user, note=reason)
    notify.round_closed(round_, closing, actor=user)
    return round_


@transaction.atomic
def reopen_round(round_: FollowUpRound, *, user: User, reason: str) -> FollowUpRound:
    """Open a closed round again (to correct something); the reason is kept in its events."""
    _require(permissions.can_manage_rounds(user))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Skriv hvorfor opfølgningen genåbnes.")]})
    round_ = _lock_round(round_.pk)
    if round_.status != FollowUpRound.Status.CLOSED:
        raise ValidationError(_("Kun en lukket opfølgning kan genåbnes."))
    round_.status = FollowUpRound.Status.OPEN
    round_.save(update_fields=["status"])
    RoundEvent.objects.create(round=round_, action=RoundEvent.Action.REOPENED, by=user, note=reason)
    return round_


def remind_now(round_: FollowUpRound, *, user: User) -> list[reminders.Reminder]:
    """»Send påmindelse nu«: mail the reporters of every department with initiatives not yet
    submitted, at once, and record it in the round's events."""
    _require(permissions.can_manage_rounds(user))
    round_ = FollowUpRound.objects.get(pk=round_.pk)
    _require_open(round_)
    sent = reminders.send_manual_reminders(round_)
    if not sent:
        raise ValidationError(_("Ingen centre mangler at indsende, eller ingen af dem har en afrapportør med e-mail."))
    note = ", ".join(f"{r.department.name} ({r.outstanding})" for r in sent)
    RoundEvent.objects.create(round=round_, action=RoundEvent.Action.REMINDED, by=user, note=note)
    return sent


@transaction.atomic
def revise_economy(
    initiative: Initiative,
    *,
    user: User,
    text: str,
    approved_on: datetime.date,
    approval_reference: str,
    amounts: Iterable = (),
) -> EconomyRevision:
    """Record a council-approved change of the economy (with its alternative financing) and
    the amounts (year, kind, sign, amount_kr) that replace those in force from its year on;
    an amount for a year before the revision's is refused."""
    _require(permissions.can_revise_economy(user))
    amounts = list(amounts)
    if any(amount.year < approved_on.year for amount in amounts):
        raise ValidationError(
            _("Et revideret beløb kan tidligst gælde fra revisionens år (%(year)s).") % {"year": approved_on.year}
        )
    revision = EconomyRevision(
        initiative=initiative,
        text=text,
        approved_on=approved_on,
        approval_reference=approval_reference.strip(),
        created_by=user,
    )
    revision.full_clean()
    revision._history_user = user
    revision.save()
    for amount in amounts:
        RevisedEconomyAmount.objects.create(
            revision=revision, year=amount.year, kind=amount.kind, sign=amount.sign, amount_kr=amount.amount_kr
        )
    return revision
