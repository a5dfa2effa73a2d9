"""The municipality, its committees and its departments."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """The municipality this installation serves (one row)."""

    name = models.CharField(_("kommunens navn"), max_length=200)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "Organisation | None":
        return cls.objects.order_by("pk").first()


class Committee(models.Model):
    """A political committee (udvalg); owns implementation plans and receives reports."""

    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="committee_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """An administrative department (center, sekretariat); owns initiatives."""

    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centre")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="department_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name
