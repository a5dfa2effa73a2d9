"""The municipality, its committees and its departments."""

from django.conf import settings
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


class NamedUnit(models.Model):
    """A committee or a department: known by its name, unique whatever the letter case
    (imports and single sign-on match names case-insensitively)."""

    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="%(class)s_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Committee(NamedUnit):
    """A political committee (udvalg); owns implementation plans and receives reports."""

    class Meta(NamedUnit.Meta):
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")


class Department(NamedUnit):
    """An administrative department (center, sekretariat); owns initiatives."""

    class Meta(NamedUnit.Meta):
        verbose_name = _("center")
        verbose_name_plural = _("centre")


class DepartmentAlias(models.Model):
    """Another name documents use for a department ("Center for Ejendomme" for Ejendomme),
    confirmed by a person when an import met it; the importers recognise it from then on."""

    name = models.CharField(_("navn i dokumenter"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("center")
    )

    class Meta:
        verbose_name = _("andet navn for et center")
        verbose_name_plural = _("andre navne for centre")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="department_alias_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.department}"


class Profile(models.Model):
    """A user's role and departments. Rules about what a role may do live in permissions.py."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator (Økonomi og Styring)")
        REPORTER = "reporter", _("Afrapporterer for center")
        READER = "reader", _("Læser (politiker, ledelse)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("bruger")
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.READER)
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="members",
        verbose_name=_("centre"),
        help_text=_("De centre, brugeren afrapporterer for."),
    )

    class Meta:
        verbose_name = _("brugerprofil")
        verbose_name_plural = _("brugerprofiler")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["administrator", "reporter", "reader"]), name="profile_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CalendarToken(models.Model):
    """The secret of a user's calendar address (the deadlines feed, which calendar programs
    fetch without logging in). The address carries the nonce with a signature made with the
    site's secret key, so the stored nonce alone does not give the address away; a new
    token (»Lav nyt link«) replaces the row, and the old address stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("bruger")
    )
    nonce = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now=True)

    class Meta:
        verbose_name = _("kalenderadresse")
        verbose_name_plural = _("kalenderadresser")

    def __str__(self) -> str:
        return str(self.user)
