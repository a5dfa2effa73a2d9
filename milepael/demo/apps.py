from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "milepael.demo"
    verbose_name = _("Demodata")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy check (milepael.E001)
