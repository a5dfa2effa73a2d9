from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from milepael.core.clientip import client_ip

from . import login


class LoginDelayMixin:
    """Refuses a login while the account's rising delay runs (organisation/login.py), before
    the password is checked, and remembers the wait in `retry_after` for the view."""

    retry_after = 0

    def clean(self):
        username = self.data.get("username", "")
        self.retry_after = login.seconds_to_wait(username, client_ip(self.request)) if self.request else 0
        if self.retry_after:
            raise ValidationError(
                ngettext(
                    "For mange mislykkede forsøg på at logge ind på denne konto. Prøv igen om %(seconds)d sekund.",
                    "For mange mislykkede forsøg på at logge ind på denne konto. Prøv igen om %(seconds)d sekunder.",
                    self.retry_after,
                )
                % {"seconds": self.retry_after},
                code="login_delayed",
            )
        return super().clean()


class LoginForm(LoginDelayMixin, AuthenticationForm):
    """Django's login form without autofocus: the page starts at the top, so screen reader users
    hear the heading and, with single sign-on, reach the municipality's login button first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


class AdminLoginForm(LoginDelayMixin, AdminAuthenticationForm):
    """The admin's login form, with the same delay."""
