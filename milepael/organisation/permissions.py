"""Who may do what. Every view, API endpoint and service asks here, nowhere else.

Roles (organisation.Profile.role):
- administrator: the finance and steering department; runs rounds, reviews, edits anything.
- reporter: rates the initiatives whose responsible department is one of theirs.
- reader: politicians and management; reads everything internal, changes nothing.
Anonymous users see nothing internal. A superuser counts as an administrator.
"""

from collections.abc import Callable, Collection
from functools import wraps
from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Profile

# Who a rule is asked about: a logged-in user or the anonymous visitor of the request.
User: TypeAlias = AbstractBaseUser | AnonymousUser


def role_of(user: User) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Profile.Role.ADMINISTRATOR
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def is_administrator(user: User) -> bool:
    return role_of(user) == Profile.Role.ADMINISTRATOR


def can_view_internal(user: User) -> bool:
    """Plans, ratings, history and reports that are not published."""
    return role_of(user) is not None


def department_ids(user: User) -> set[int]:
    """The departments a reporter reports for (cached on the user object for the request)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return set()
    if not hasattr(user, "_milepael_department_ids"):
        profile = getattr(user, "profile", None)
        user._milepael_department_ids = set(profile.departments.values_list("pk", flat=True)) if profile else set()
    return user._milepael_department_ids


def can_rate(user: User, initiative) -> bool:
    """May edit the ratings of `initiative` (in a round that is open)."""
    role = role_of(user)
    if role == Profile.Role.ADMINISTRATOR:
        return True
    return role == Profile.Role.REPORTER and initiative.responsible_department_id in department_ids(user)


def can_rate_in_round(user: User, department_ids_of_round: Collection[int]) -> bool:
    """May rate at least one initiative of a round whose initiatives are the responsibility
    of `department_ids_of_round` (none: there is nothing to rate)."""
    role = role_of(user)
    if not department_ids_of_round:
        return False
    if role == Profile.Role.ADMINISTRATOR:
        return True
    return role == Profile.Role.REPORTER and not department_ids(user).isdisjoint(department_ids_of_round)


# followup.Rating.Status.DRAFT; organisation sits below followup, so it cannot import the model.
DRAFT = "draft"


def can_see_draft(user: User, initiative) -> bool:
    """A draft rating of `initiative` is work in progress: only the reporters of the
    initiative's responsible department and the administrators see it. For everyone else
    (readers, other departments) it does not exist yet: pages show "Ikke vurderet", the API
    and the ratings workbook leave it out, the history skips it."""
    role = role_of(user)
    if role == Profile.Role.ADMINISTRATOR:
        return True
    return role == Profile.Role.REPORTER and initiative.responsible_department_id in department_ids(user)


def can_see_rating(user: User, rating) -> bool:
    """May see `rating`: any internal user, unless it is a draft (see can_see_draft)."""
    if not can_view_internal(user):
        return False
    return rating.status != DRAFT or can_see_draft(user, rating.initiative)


def visible_ratings(user: User, prefix: str = "") -> Q:
    """can_see_rating as a filter on Rating (`prefix`, e.g. "ratings__", for a related query)."""
    if not can_view_internal(user):
        return Q(pk__in=[])
    if is_administrator(user):
        return Q()
    own = department_ids(user) if role_of(user) == Profile.Role.REPORTER else set()
    return ~Q(**{f"{prefix}status": DRAFT}) | Q(**{f"{prefix}initiative__responsible_department_id__in": own})


def draft_visibility(user: User) -> str:
    """What decides which ratings `user` sees (visible_ratings), as a short string for cache
    keys: users with the same string see the same ratings."""
    if not can_view_internal(user):
        return "none"
    if is_administrator(user):
        return "all"
    own = department_ids(user) if role_of(user) == Profile.Role.REPORTER else set()
    return "departments:" + ",".join(str(pk) for pk in sorted(own))


def can_edit_rating(user: User, rating) -> bool:
    """May change the saved `rating`: whoever may rate its initiative, but an approved rating
    is locked for everyone except administrators."""
    if not can_rate(user, rating.initiative):
        return False
    return not rating.is_approved or is_administrator(user)


def can_answer_rating(user: User, rating) -> bool:
    """May write the department's answer in the dialogue about `rating` (the reviewer writes
    through »Send retur«): the reporters of the initiative's department."""
    return role_of(user) == Profile.Role.REPORTER and rating.initiative.responsible_department_id in department_ids(
        user
    )


def can_review(user: User) -> bool:
    return is_administrator(user)


def can_manage_rounds(user: User) -> bool:
    return is_administrator(user)


def can_revise_economy(user: User) -> bool:
    return is_administrator(user)


def can_import(user: User) -> bool:
    return is_administrator(user)


def can_carry_over(user: User) -> bool:
    """Start next year's plan from this year's (copy initiatives, themes and rounds)."""
    return is_administrator(user)


def can_publish(user: User) -> bool:
    """Publish or withdraw a round on the public pages and write its public comments."""
    return is_administrator(user)


def can_subscribe_to_deadlines(user: User) -> bool:
    """Has a calendar address of round deadlines: reporters (their departments' rounds) and
    administrators (every round). Readers have no deadlines."""
    return role_of(user) in (Profile.Role.REPORTER, Profile.Role.ADMINISTRATOR)


def can_receive_notifications(user: User) -> bool:
    """Has the »Beskeder« page (returned and approved ratings, closed rounds …) and its settings."""
    return can_view_internal(user)


def can_see_every_report_job(user: User) -> bool:
    """Administrators see (and may generate again) every report anyone generated."""
    return is_administrator(user)


def can_see_report_job(user: User, job_owner_id: int) -> bool:
    """A generated report is personal: its page, file and »Dan igen« are for the user who
    ordered it, and for the administrators."""
    return can_view_internal(user) and (user.pk == job_owner_id or can_see_every_report_job(user))


def require(predicate: Callable[[User], bool]):
    """View decorator: anonymous users go to the login page, others without the right get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


internal_required = require(can_view_internal)
