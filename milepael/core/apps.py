from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses: rich text, smileys, Danish formatting, downloads, workbooks,
    charts, import errors and the operations (backup, health check, locale middleware)."""

    name = "milepael.core"
    label = "core"
    verbose_name = _("Fælles")
