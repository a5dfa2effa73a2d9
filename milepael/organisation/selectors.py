"""Who is who: the people behind a role or a department (for notifications and reminders).
Each function runs a fixed number of queries."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q

from .models import CalendarToken, Profile


def reporters_by_department(department_ids: Iterable[int]) -> dict[int, list[AbstractBaseUser]]:
    """The active reporters of each department (department id → users by user name)."""
    memberships = list(
        Profile.departments.through.objects.filter(
            department_id__in=list(department_ids),
            profile__role=Profile.Role.REPORTER,
            profile__user__is_active=True,
        )
        .order_by("profile__user__username")
        .values_list("department_id", "profile__user_id")
    )
    users = get_user_model().objects.in_bulk({user_id for _department, user_id in memberships})
    result: dict[int, list[AbstractBaseUser]] = {}
    for department_id, user_id in memberships:
        result.setdefault(department_id, []).append(users[user_id])
    return result


def administrators() -> list[AbstractBaseUser]:
    """Every active administrator (the finance department), superusers included."""
    return list(
        get_user_model()
        .objects.filter(Q(profile__role=Profile.Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
    )


def user_of_calendar_nonce(nonce: str) -> AbstractBaseUser:
    """The active user whose calendar address carries `nonce` (CalendarToken.DoesNotExist otherwise)."""
    return CalendarToken.objects.select_related("user__profile").get(nonce=nonce, user__is_active=True).user
