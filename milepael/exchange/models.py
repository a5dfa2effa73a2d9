import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from milepael.plans.models import ImplementationPlan


class PlanImportJob(models.Model):
    """A large plan's confirmed import, run by the worker (jobs.py): the very file the user
    confirmed, the decisions made in the preview, and how far the import has come."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Importeres")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    filename = models.CharField(_("filnavn"), max_length=255)
    format = models.CharField(_("format"), max_length=5)
    content = models.BinaryField(editable=False)
    department_choices = models.JSONField(default=dict, blank=True)
    # The initiatives (numbers) whose amounts the preview offered and the user ticked.
    use_amounts = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    step = models.CharField(_("trin"), max_length=200, blank=True)
    summary = models.CharField(_("resultat"), max_length=500, blank=True)
    errors = models.JSONField(default=list, blank=True)  # each "place: message", as the page lists them
    plan = models.ForeignKey(
        ImplementationPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("udmøntning"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("importeret af")
    )
    created_at = models.DateTimeField(_("startet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("importkørsel")
        verbose_name_plural = _("importkørsler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
