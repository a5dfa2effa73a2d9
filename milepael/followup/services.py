"""The rules of a follow-up round. Views, API, importers and commands call these; none
of them writes a Rating, a round status or an economy revision any other way."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from milepael.organisation import permissions
from milepael.organisation.permissions import User
from milepael.plans.models import FollowUpRound, Initiative

from .models import Economy, EconomyRevision, Effort, Rating, RoundEvent
from .selectors import current_economy_baseline, milestone_for


class RatingConflict(Exception):
    """Someone saved the rating after the user loaded it. `current` is what is stored now."""

    def __init__(self, current: Rating):
        self.current = current
        super().__init__(_("Vurderingen er ændret af en anden, mens du redigerede den."))


@dataclass
class RatingInput:
    """What a reporter enters for a rating, from any channel (web form, API, workbook)."""

    effort: str = ""
    effort_comment: str = ""
    economy: str = ""
    economy_comment: str = ""
    alternative_financing: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> "RatingInput":
        """The rating fields of a form's cleaned_data, an API payload or a workbook row; a missing
        or empty field is "", other keys are ignored."""
        return cls(**{field.name: data.get(field.name) or "" for field in fields(cls)})

    def cleaned(self) -> "RatingInput":
        return RatingInput(*(value.strip() for value in self.__dict__.values()))

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
    if submit:
        if not data.effort:
            add("effort", _("Vælg en smiley for indsatsen."))
        if not data.economy:
            add("economy", _("Vælg en smiley for økonomien."))
        if data.effort in (Effort.YELLOW, Effort.RED) and not data.effort_comment:
            add("effort_comment", _("Forklar en gul eller rød smiley for indsatsen."))
        if data.economy == Economy.RED and not data.alternative_financing:
            add("alternative_financing", _("Angiv den alternative finansiering, når økonomien er rød."))
    return errors


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Du har ikke adgang til at gøre dette."))


def _require_open(round_: FollowUpRound) -> None:
    if round_.status != FollowUpRound.Status.OPEN:
        raise ValidationError(_("Opfølgningen »%(round)s« er ikke åben.") % {"round": round_.name})


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
    round_ = FollowUpRound.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    data = data.cleaned()
    milestone = milestone_for(initiative, round_)
    errors = rating_errors(data, milestone_blank=milestone is None or milestone.is_blank, submit=submit)
    if errors:
        raise ValidationError(errors)
    # Through the initiative's manager, so rating.initiative is `initiative` without another query.
    rating = initiative.ratings.select_for_update().filter(round=round_).first()
    if rating is None:
        if expected_version != 0:
            raise ValidationError(_("Vurderingen findes ikke længere."))
        rating = Rating(initiative=initiative, round=round_, version=0)
    elif rating.version != expected_version:
        raise RatingConflict(rating)
    if not permissions.can_edit_rating(user, rating):
        raise ValidationError(_("Vurderingen er godkendt og kan ikke længere ændres."))
    for name, value in data.as_stored().__dict__.items():
        setattr(rating, name, value)
    rating.economy_baseline = current_economy_baseline(initiative)
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
    return rating


def _review(rating: Rating, *, user: User, expected_version: int, status: str, remark: str) -> Rating:
    _require(permissions.can_review(user))
    with transaction.atomic():
        locked = Rating.objects.select_for_update().select_related("round").get(pk=rating.pk)
        _require_open(locked.round)
        if locked.version != expected_version:
            raise RatingConflict(locked)
        if locked.status not in (Rating.Status.SUBMITTED, Rating.Status.APPROVED):
            raise ValidationError(_("Kun indsendte vurderinger kan godkendes eller sendes retur."))
        locked.status = status
        locked.review_remark = remark
        locked.version += 1
        locked.updated_by = user
        locked._history_user = user
        locked.save()
    return locked


def approve_rating(rating: Rating, *, user: User, expected_version: int) -> Rating:
    """Accept a submitted rating; it is then locked for the department (permissions.can_edit_rating)."""
    return _review(
        rating, user=user, expected_version=expected_version, status=Rating.Status.APPROVED, remark=rating.review_remark
    )


def return_rating(rating: Rating, *, user: User, expected_version: int, remark: str) -> Rating:
    """Send back to the department with a remark saying what is unclear."""
    remark = remark.strip()
    if not remark:
        raise ValidationError({"remark": [_("Skriv hvorfor vurderingen sendes retur.")]})
    return _review(rating, user=user, expected_version=expected_version, status=Rating.Status.RETURNED, remark=remark)


@transaction.atomic
def open_round(round_: FollowUpRound, *, user: User, deadline: datetime.date) -> FollowUpRound:
    _require(permissions.can_manage_rounds(user))
    round_ = FollowUpRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != FollowUpRound.Status.PLANNED:
        raise ValidationError(_("Opfølgningen er allerede åbnet."))
    round_.status = FollowUpRound.Status.OPEN
    round_.deadline = deadline
    round_.save(update_fields=["status", "deadline"])
    RoundEvent.objects.create(round=round_, action=RoundEvent.Action.OPENED, by=user)
    return round_


@transaction.atomic
def close_round(round_: FollowUpRound, *, user: User) -> FollowUpRound:
    """Lock the round's ratings; they can no longer be changed until it is reopened."""
    _require(permissions.can_manage_rounds(user))
    round_ = FollowUpRound.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    round_.status = FollowUpRound.Status.CLOSED
    round_.save(update_fields=["status"])
    RoundEvent.objects.create(round=round_, action=RoundEvent.Action.CLOSED, by=user)
    return round_


@transaction.atomic
def reopen_round(round_: FollowUpRound, *, user: User, reason: str) -> FollowUpRound:
    _require(permissions.can_manage_rounds(user))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Skriv hvorfor opfølgningen genåbnes.")]})
    round_ = FollowUpRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != FollowUpRound.Status.CLOSED:
        raise ValidationError(_("Kun en lukket opfølgning kan genåbnes."))
    round_.status = FollowUpRound.Status.OPEN
    round_.save(update_fields=["status"])
    RoundEvent.objects.create(round=round_, action=RoundEvent.Action.REOPENED, by=user, note=reason)
    return round_


def revise_economy(
    initiative: Initiative, *, user: User, text: str, approved_on: datetime.date, approval_reference: str
) -> EconomyRevision:
    """Record a council-approved change of the economy (with its alternative financing)."""
    _require(permissions.can_revise_economy(user))
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
    return revision
