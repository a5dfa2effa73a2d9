from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "milepael.search"
    verbose_name = _("Søgning")

    def ready(self):
        from . import signals

        signals.connect()
