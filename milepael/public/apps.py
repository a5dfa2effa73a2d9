from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "milepael.public"
    verbose_name = _("Offentlig status")
