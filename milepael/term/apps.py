from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TermConfig(AppConfig):
    name = "milepael.term"
    verbose_name = _("Valgperiode")
