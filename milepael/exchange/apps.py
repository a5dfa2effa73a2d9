from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "milepael.exchange"
    verbose_name = _("Import og eksport")

    def ready(self) -> None:
        from . import exports

        exports.register()
