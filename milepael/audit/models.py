"""Who read or exported what, when (Datatilsynet's guidance on logging access to data)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    class Kind(models.TextChoices):
        READ = "read", _("Læst")
        EXPORT = "export", _("Eksporteret")
        WRITE = "write", _("Ændret")
        LOGIN_FAILED = "login_failed", _("Mislykket login")

    # Set when the request is answered; the entry is written a moment later (buffer.py).
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("bruger")
    )
    username = models.CharField(_("brugernavn"), max_length=150, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    method = models.CharField(_("metode"), max_length=10)
    path = models.CharField(_("adresse"), max_length=500)
    status = models.PositiveSmallIntegerField(_("svarkode"))
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("adgangslog")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.method} {self.path} {self.status}"
