from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "milepael.reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        from milepael.core import exports

        from . import jobs

        # Large Excel exports (exchange) go through the same job queue as the reports.
        exports.register_queue(jobs.queue_export)
