from django.apps import AppConfig, apps
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from . import dataversion
from .text import clean_model_text


class CoreConfig(AppConfig):
    """What every app uses: rich text, smileys, Danish formatting, downloads, workbooks,
    charts, import errors and the operations (backup, health check, locale middleware)."""

    name = "milepael.core"
    label = "core"
    verbose_name = _("Fælles")

    def ready(self) -> None:
        # Every text column of every Milepæl model (history records included) is cleaned of
        # control characters when saved, whatever path the save takes (core.text).
        for model in apps.get_models(include_auto_created=True):
            if model.__module__.startswith("milepael."):
                pre_save.connect(clean_model_text, sender=model, dispatch_uid=f"clean-text-{model._meta.label}")
        # Every write to the data changes the version cached fragments and pages are keyed by.
        dataversion.install()
        # Logging in saves the session with a fresh timeout: the next page need not renew it.
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_renewed_at_login

        user_logged_in.connect(session_renewed_at_login, dispatch_uid="milepael-session-renewed-at-login")
