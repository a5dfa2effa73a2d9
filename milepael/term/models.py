"""The election-term status report: areas, strategic objectives, actions, results, key figures."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from milepael.core.charts import Series
from milepael.core.richtext import RichTextField
from milepael.organisation.models import Committee
from milepael.plans.models import Initiative


def position_constraints(name: str, *, within: str) -> list[models.BaseConstraint]:
    """An ordered child's place: unique within its parent `within`, and counted from 1."""
    return [
        models.UniqueConstraint(fields=[within, "position"], name=f"{name}_position_unique_per_{within}"),
        models.CheckConstraint(condition=models.Q(position__gte=1), name=f"{name}_position_positive"),
    ]


class ElectionTerm(models.Model):
    """A committee's status report for one election term (Valgperioden 2014-2017)."""

    name = models.CharField(_("navn"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("første år"), validators=[MinValueValidator(2000)])
    end_year = models.PositiveSmallIntegerField(_("sidste år"), validators=[MinValueValidator(2000)])
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="election_terms", verbose_name=_("udvalg")
    )
    title = models.CharField(_("titel"), max_length=300)
    intro = RichTextField(_("indledning"), blank=True)
    # The report's own column headings, kept as the document writes them.
    objective_heading = models.CharField(_("kolonneoverskrift: målsætning"), max_length=200, blank=True)
    actions_heading = models.CharField(_("kolonneoverskrift: tiltag"), max_length=200, blank=True)
    results_heading = models.CharField(_("kolonneoverskrift: resultater"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("valgperiode")
        verbose_name_plural = _("valgperioder")
        ordering = ["-start_year", "committee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "start_year", "end_year"], name="term_unique_per_committee_and_years"
            ),
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="term_years_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.committee.name}" if self.committee_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("term:term", args=[self.pk])

    @property
    def name_and_committee(self) -> str:
        """How the term page names the term: »Valgperioden 2014-2017 – Økonomiudvalget«."""
        return f"{self.name} – {self.committee.name}"


class Area(models.Model):
    """A heading of the report's table (VISION 2029, LEDELSE OG ORGANISATION)."""

    term = models.ForeignKey(
        ElectionTerm, on_delete=models.CASCADE, related_name="areas", verbose_name=_("valgperiode")
    )
    position = models.PositiveSmallIntegerField(_("placering"), validators=[MinValueValidator(1)])
    name = models.CharField(_("navn"), max_length=200, help_text=_("Som i dokumentet, ofte med versaler."))
    display_name = models.CharField(
        _("visningsnavn"), max_length=200, blank=True, help_text=_("Navnet med almindelige bogstaver, fx Vision 2029.")
    )

    class Meta:
        verbose_name = _("område")
        verbose_name_plural = _("områder")
        ordering = ["term", "position"]
        constraints = [
            *position_constraints("area", within="term"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.name


class Objective(models.Model):
    """A strategic objective (strategisk målsætning) with the actions taken and the results."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("område"))
    position = models.PositiveSmallIntegerField(_("placering"), validators=[MinValueValidator(1)])
    title = models.CharField(_("strategisk målsætning"), max_length=500)
    subtitle = RichTextField(
        _("uddybning af målsætningen"), blank=True, help_text=_("Tekst i målsætningens celle efter overskriften.")
    )
    actions = RichTextField(_("iværksatte tiltag / konkrete indsatser"), blank=True)
    results = RichTextField(_("resultater"), blank=True)
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="term_objectives", verbose_name=_("tilknyttede indsatser")
    )

    class Meta:
        verbose_name = _("strategisk målsætning")
        verbose_name_plural = _("strategiske målsætninger")
        ordering = ["area", "position"]
        constraints = [
            *position_constraints("objective", within="area"),
        ]

    def __str__(self) -> str:
        return self.title


class KeyFigure(models.Model):
    """An indicator followed over the term (sygefravær i pct.)."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="key_figures", verbose_name=_("strategisk målsætning")
    )
    position = models.PositiveSmallIntegerField(_("placering"), default=1, validators=[MinValueValidator(1)])
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhed"), max_length=40, blank=True, help_text=_("Fx pct., mio. kr. eller antal."))
    description = models.TextField(_("beskrivelse"), blank=True, help_text=_("Fx hvor tallene kommer fra."))

    class Meta:
        verbose_name = _("nøgletal")
        verbose_name_plural = _("nøgletal")
        ordering = ["objective", "position"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "position"], name="key_figure_position_unique_per_objective"),
            models.UniqueConstraint(fields=["objective", "name"], name="key_figure_name_unique_per_objective"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def series(self) -> Series:
        """Uses prefetched values when the caller prefetched them (no query per figure)."""
        values = sorted(self.values.all(), key=lambda v: v.position)
        return Series(self.name, self.unit, tuple((v.period, v.value) for v in values))


class KeyFigureValue(models.Model):
    """One period's value of a key figure; the period is a label (2013, 2017 (1-3. kv.))."""

    key_figure = models.ForeignKey(
        KeyFigure, on_delete=models.CASCADE, related_name="values", verbose_name=_("nøgletal")
    )
    period = models.CharField(_("periode"), max_length=60)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=1, validators=[MinValueValidator(1)])
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("nøgletalsværdi")
        verbose_name_plural = _("nøgletalsværdier")
        ordering = ["key_figure", "position"]
        constraints = [
            models.UniqueConstraint(fields=["key_figure", "period"], name="key_figure_value_unique_period"),
            models.UniqueConstraint(fields=["key_figure", "position"], name="key_figure_value_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.key_figure.name} {self.period}: {self.value}"
