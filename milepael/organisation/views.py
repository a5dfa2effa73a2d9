"""The login page: Django's, with the account's rising delay answered as 429."""

from django.contrib.auth import views as auth_views

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    """Django's login view; while the account's delay runs (organisation/login.py) the form is
    shown again with the wait in Danish, status 429 and `Retry-After`."""

    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response
