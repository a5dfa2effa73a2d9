from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "milepael.plans"
    verbose_name = _("Aftaler og udmøntning")
