"""Who is told what when a rating or a round changes (milepael.notifications stores and sends
it). Called by services.py inside its transaction, so a change that is rolled back tells
nobody; each event has a key, so nobody is told the same thing twice."""

from django.urls import reverse

from milepael.notifications.models import Kind
from milepael.notifications.services import Message, notify
from milepael.organisation.models import Department
from milepael.organisation.permissions import User
from milepael.organisation.selectors import administrators, reporters_by_department
from milepael.plans.models import FollowUpRound

from .models import Rating, RatingMessage, RoundEvent


def _reporters_of(department_id: int) -> list:
    return reporters_by_department([department_id]).get(department_id, [])


def _rating_params(rating: Rating) -> dict:
    return {
        "number": rating.initiative.number,
        "title": rating.initiative.title,
        "round": rating.round.name,
        "department": rating.initiative.responsible_department.name,
    }


def _review_url(round_id: int, department_id: int, anchor: str = "") -> str:
    return f"{reverse('followup:review', args=[round_id])}?department={department_id}{anchor}"


def rating_returned(rating: Rating, message: RatingMessage, *, actor: User) -> None:
    """The department's reporters: a rating came back with the reviewer's remark."""
    key = f"returned:{rating.pk}:{message.pk}"
    told = Message(
        recipients=_reporters_of(rating.initiative.responsible_department_id),
        kind=Kind.RETURNED,
        event=key,
        group=key,
        params={**_rating_params(rating), "remark": message.text, "by": _name(actor)},
        url=reverse("followup:rate", args=[rating.round_id, rating.initiative_id]),
    )
    notify([told], actor=actor)


def ratings_approved(ratings: list[Rating], *, actor: User) -> None:
    """The departments' reporters, one group (one e-mail) per department and round."""
    reporters = reporters_by_department({r.initiative.responsible_department_id for r in ratings})
    told = [
        Message(
            recipients=reporters.get(rating.initiative.responsible_department_id, []),
            kind=Kind.APPROVED,
            event=f"approved:{rating.pk}:{rating.version}",
            group=f"approved:{rating.round_id}:{rating.initiative.responsible_department_id}",
            params=_rating_params(rating),
            url=reverse("followup:worklist", args=[rating.round_id]),
        )
        for rating in ratings
    ]
    notify(told, actor=actor)


def rating_answered(rating: Rating, message: RatingMessage, *, actor: User) -> None:
    """The administrators: the department answered in a rating's dialogue."""
    key = f"answered:{message.pk}"
    told = Message(
        recipients=administrators(),
        kind=Kind.REPLIED,
        event=key,
        group=key,
        params={**_rating_params(rating), "text": message.text, "by": _name(actor)},
        url=_review_url(rating.round_id, rating.initiative.responsible_department_id, f"#rating-{rating.pk}"),
    )
    notify([told], actor=actor)


def department_submitted(
    round_: FollowUpRound, department: Department, *, count: int, last: Rating, actor: User
) -> None:
    """The administrators: every initiative of the department in the round is submitted.
    The key names the submission that completed it, so completing again after a return is news."""
    key = f"department_submitted:{round_.pk}:{department.pk}:{last.pk}:{last.version}"
    told = Message(
        recipients=administrators(),
        kind=Kind.DEPARTMENT_SUBMITTED,
        event=key,
        group=key,
        params={"department": department.name, "round": round_.name, "count": count},
        url=_review_url(round_.pk, department.pk),
    )
    notify([told], actor=actor)


def round_closed(round_: FollowUpRound, closing: RoundEvent, *, actor: User) -> None:
    """Everyone involved: the reporters of the round's departments and the administrators."""
    department_ids = Department.objects.filter(initiatives__plan__agreement_id=round_.agreement_id).values_list(
        "pk", flat=True
    )
    reporters = [user for users in reporters_by_department(set(department_ids)).values() for user in users]
    # A round may be closed, reopened and closed again: each closing (its event) is news.
    key = f"round_closed:{round_.pk}:{closing.pk}"
    told = Message(
        recipients=[*reporters, *administrators()],
        kind=Kind.ROUND_CLOSED,
        event=key,
        group=key,
        params={"round": round_.name, "by": _name(actor)},
        url=reverse("followup:round", args=[round_.pk]),
    )
    notify([told], actor=actor)


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()
