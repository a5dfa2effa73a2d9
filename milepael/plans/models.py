"""The plan: agreements, implementation plans, themes, initiatives, rounds, milestones."""

import re

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from milepael.core.richtext import RichTextField
from milepael.organisation.models import Committee, Department

# A case id (sagsid, journalnummer) as the municipality's case system writes it, kept as
# written: KLE-based journal numbers (00.30.00-S00-9-16, 00.01.00-A00-1-18; SBSYS
# 00.30.00-G01-3-18), Acadre (18/25831, 2018-012345), F2 (2018 - 12345, F2-2018-12345),
# eDoc (2018/012345), WorkZone (18/12345). Rather than one pattern per system, a plausible
# id: a short token of letters, digits, ".", "-", "/" and spaces with at least one digit,
# beginning and ending with a letter or digit. Used by the models, the importers and the forms.
CASE_ID_MAX_LENGTH = 40
case_id_validator = RegexValidator(
    r"^(?=[^\d]*\d)[0-9A-Za-zÆØÅæøå](?:[0-9A-Za-zÆØÅæøå./ -]{0,38}[0-9A-Za-zÆØÅæøå])?$",
    _(
        "Sagsid »%(value)s« ligner ikke et journalnummer: brug bogstaver, cifre, punktum, bindestreg, "
        "skråstreg og mellemrum, mindst ét ciffer og højst 40 tegn (fx 00.30.00-S00-9-16 eller 18/25831)."
    ),
)
initiative_number_validator = RegexValidator(
    r"^\d+(\.\d+)+$", _("Nummeret skal være tal adskilt af punktummer, fx 2.02.1.")
)


def natural_sort_key(number: str) -> str:
    """'2.02.1' -> '00002.00002.00001', so 2.10 sorts after 2.9 and 2.02.1 after 2.02."""

    return ".".join(part.zfill(5) if part.isdigit() else part.lower() for part in re.split(r"\.", number))


class Agreement(models.Model):
    """A budget agreement adopted by the council (Aftale om budget 2018)."""

    title = models.CharField(_("titel"), max_length=200, unique=True)
    budget_year = models.PositiveSmallIntegerField(_("budgetår"), validators=[MinValueValidator(2000)])
    adopted_on = models.DateField(_("vedtaget den"), null=True, blank=True)
    case_id = models.CharField(_("sagsid"), max_length=CASE_ID_MAX_LENGTH, blank=True, validators=[case_id_validator])
    parties = models.TextField(_("aftaleparter"), blank=True)

    class Meta:
        verbose_name = _("budgetaftale")
        verbose_name_plural = _("budgetaftaler")
        ordering = ["-budget_year", "title"]

    def __str__(self) -> str:
        return self.title


class ImplementationPlan(models.Model):
    """One committee's implementation plan (udmøntning) of an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="plans", verbose_name=_("aftale"))
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="plans", verbose_name=_("udvalg"))
    title = models.CharField(_("titel"), max_length=300)
    date = models.DateField(_("dato"), null=True, blank=True)
    contact_person = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    case_id = models.CharField(_("sagsid"), max_length=CASE_ID_MAX_LENGTH, blank=True, validators=[case_id_validator])
    intro = RichTextField(_("indledning"), blank=True)
    effort_green_definition = models.TextField(_("definition: glad smiley (indsats)"), blank=True)
    effort_yellow_definition = models.TextField(_("definition: neutral smiley (indsats)"), blank=True)
    effort_red_definition = models.TextField(_("definition: sur smiley (indsats)"), blank=True)
    economy_intro = RichTextField(_("indledning til økonomi"), blank=True)
    economy_green_definition = models.TextField(_("definition: glad smiley (økonomi)"), blank=True)
    economy_red_definition = models.TextField(_("definition: sur smiley (økonomi)"), blank=True)

    class Meta:
        verbose_name = _("udmøntning")
        verbose_name_plural = _("udmøntninger")
        ordering = ["-agreement__budget_year", "committee__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "committee"], name="plan_unique_per_agreement_committee"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:plan", args=[self.pk])

    @property
    def agreement_and_committee(self) -> str:
        """How the pages' breadcrumbs name the plan: »Aftale om budget 2018 – Økonomiudvalget«."""
        return f"{self.agreement.title} – {self.committee.name}"


class Theme(models.Model):
    """A numbered chapter of the agreement (3. Sammenhængende udviklingsforløb 0-25 år)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="themes", verbose_name=_("aftale"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=300)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="theme_number_unique_per_agreement"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class FollowUpRound(models.Model):
    """A follow-up round of an agreement (1. budgetopfølgning 2018, …, 31.12.2018)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("aftale"))

    class Status(models.TextChoices):
        PLANNED = "planned", _("Ikke åbnet")
        OPEN = "open", _("Åben")
        CLOSED = "closed", _("Lukket")

    ordinal = models.PositiveSmallIntegerField(_("nummer"), validators=[MinValueValidator(1)])
    name = models.CharField(_("navn"), max_length=100)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    # Changed only through milepael.followup.services (open_round, close_round, reopen_round).
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = ["agreement", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "ordinal"], name="round_ordinal_unique_per_agreement"),
            models.UniqueConstraint(fields=["agreement", "name"], name="round_name_unique_per_agreement"),
            models.CheckConstraint(condition=models.Q(ordinal__gte=1), name="round_ordinal_positive"),
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "open", "closed"]), name="round_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Initiative(models.Model):
    """A numbered initiative (indsats) of a plan, with its texts and responsibilities."""

    class Kind(models.TextChoices):
        OPERATING = "drift", _("Drift")
        CAPITAL = "anlaeg", _("Anlæg")
        CAPITAL_AND_OPERATING = "anlaeg_og_drift", _("Anlæg og drift")

    plan = models.ForeignKey(
        ImplementationPlan, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("udmøntning")
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("tema"))
    number = models.CharField(_("nummer"), max_length=20, validators=[initiative_number_validator])
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = RichTextField(_("beskrivelse"), blank=True)
    responsible_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("ansvarligt center"),
    )
    responsible_committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("ansvarligt udvalg"),
    )
    contributors = models.ManyToManyField(
        Department, blank=True, related_name="contributions", verbose_name=_("væsentlige bidragsydere")
    )
    contributors_text = models.TextField(
        _("væsentlig bidragsyder (original tekst)"),
        blank=True,
        help_text=_("Teksten som den står i udmøntningen, også når den ikke kun nævner centre."),
    )
    implementation_note = RichTextField(_("gennemførelse"), blank=True)
    economy_text = RichTextField(_("økonomi"), blank=True)
    # The initiative of last year's plan this one was carried over from (plans.services.carry_over).
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("videreført fra"),
    )

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="initiative_number_unique_per_plan"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["drift", "anlaeg", "anlaeg_og_drift"]), name="initiative_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.number)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # The page lives in followup (it shows ratings and history); the name is all plans needs.
        return reverse("followup:initiative", args=[self.plan_id, self.number])

    def prepare_for_bulk(self) -> None:
        """What `save` derives, for bulk writes (core.imports), which do not call it."""
        self.sort_key = natural_sort_key(self.number)


class Milestone(models.Model):
    """The milestone of an initiative for one follow-up round; the text may be blank."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("indsats")
    )
    round = models.ForeignKey(
        FollowUpRound, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("opfølgning")
    )
    text = RichTextField(_("milepæl"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")
        ordering = ["initiative", "round__ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "round"], name="milestone_unique_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.number} · {self.round.name}"

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


class Amount(models.Model):
    """An amount of an economy for one year, in whole kroner: drift or anlæg, and whether it
    is an expense, a saving or an income. The adopted amounts (`EconomyAmount`) and a
    revision's (`followup.RevisedEconomyAmount`) share it."""

    class Kind(models.TextChoices):
        OPERATING = "drift", _("Drift")
        CAPITAL = "anlaeg", _("Anlæg")

    class Sign(models.TextChoices):
        EXPENSE = "udgift", _("Udgift")
        SAVING = "besparelse", _("Besparelse")
        INCOME = "indtaegt", _("Indtægt")

    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000)])
    kind = models.CharField(_("art"), max_length=10, choices=Kind.choices)
    sign = models.CharField(_("fortegn"), max_length=12, choices=Sign.choices)
    amount_kr = models.BigIntegerField(_("beløb (kr.)"), validators=[MinValueValidator(0)])

    class Meta:
        abstract = True

    @staticmethod
    def constraints_for(owner: str, prefix: str) -> list:
        """One amount per `owner`, year, kind and sign; never negative; known kinds and signs."""
        return [
            models.UniqueConstraint(fields=[owner, "year", "kind", "sign"], name=f"{prefix}_unique_per_year_kind_sign"),
            models.CheckConstraint(condition=models.Q(amount_kr__gte=0), name=f"{prefix}_not_negative"),
            models.CheckConstraint(condition=models.Q(kind__in=["drift", "anlaeg"]), name=f"{prefix}_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(sign__in=["udgift", "besparelse", "indtaegt"]), name=f"{prefix}_sign_valid"
            ),
        ]


class EconomyAmount(Amount):
    """An amount of an initiative's economy for one year (issue 17). Entered by the
    administrator or confirmed from a suggestion read from the economy text; never guessed."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="economy_amounts", verbose_name=_("indsats")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beløb")
        verbose_name_plural = _("beløb")
        ordering = ["initiative", "year", "kind", "sign"]
        constraints = Amount.constraints_for("initiative", "economy_amount")

    def __str__(self) -> str:
        return f"{self.initiative.number} · {self.year} · {self.get_kind_display()} · {self.get_sign_display()}"
