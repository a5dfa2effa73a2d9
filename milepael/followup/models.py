"""Ratings (smileys) per initiative and round, the economy baseline, and round events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from milepael.core import smileys
from milepael.core.richtext import RichTextField
from milepael.plans.models import Amount, FollowUpRound, Initiative

from .economy import Deviation, deviation


class Effort(models.TextChoices):
    """The effort smiley for a round's milestone (seed 000's three definitions)."""

    GREEN = smileys.GREEN, _("Glad")
    YELLOW = smileys.YELLOW, _("Neutral")
    RED = smileys.RED, _("Sur")
    NO_MILESTONE = smileys.NO_MILESTONE, _("Ingen milepæl i denne opfølgning")


class Economy(models.TextChoices):
    """The single economy smiley per initiative and round."""

    GREEN = smileys.GREEN, _("Glad")
    RED = smileys.RED, _("Sur")


class EconomyRevision(models.Model):
    """A council-approved change of an initiative's economy; later economy ratings are
    against the latest revision approved before them."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="economy_revisions", verbose_name=_("indsats")
    )
    text = RichTextField(_("revideret økonomi"))
    approved_on = models.DateField(_("godkendt af Kommunalbestyrelsen den"))
    approval_reference = models.CharField(
        _("godkendelse (reference)"), max_length=200, help_text=_("Fx mødedato og dagsordenspunkt eller sagsid.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oprettet af")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revideret økonomi")
        verbose_name_plural = _("reviderede økonomier")
        ordering = ["initiative", "approved_on", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative.number} · {self.approved_on:%d.%m.%Y} · {self.approval_reference}"


class RevisedEconomyAmount(Amount):
    """An amount of a council-approved revision (issue 17): from the revision's year on, the
    revision's amounts replace the ones in force; the adopted amounts are kept."""

    revision = models.ForeignKey(
        EconomyRevision, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("revideret økonomi")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revideret beløb")
        verbose_name_plural = _("reviderede beløb")
        ordering = ["revision", "year", "kind", "sign"]
        constraints = Amount.constraints_for("revision", "revised_amount")

    def __str__(self) -> str:
        return f"{self.revision} · {self.year} · {self.get_kind_display()} · {self.get_sign_display()}"


class Rating(models.Model):
    """The department's rating of one initiative in one round: effort and economy."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Indsendt")
        RETURNED = "returned", _("Sendt retur")
        APPROVED = "approved", _("Godkendt")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("indsats")
    )
    round = models.ForeignKey(
        FollowUpRound, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("opfølgning")
    )
    effort = models.CharField(_("smiley for indsats"), max_length=10, choices=Effort.choices, blank=True)
    effort_comment = models.TextField(_("kommentar til indsats"), blank=True)
    economy = models.CharField(_("smiley for økonomi"), max_length=10, choices=Economy.choices, blank=True)
    economy_comment = models.TextField(_("kommentar til økonomi"), blank=True)
    alternative_financing = models.TextField(
        _("alternativ finansiering"), blank=True, help_text=_("Skal udfyldes, når smileyen for økonomi er sur.")
    )
    # Issue 17: the reporter's expected net result for the budget year (expenses plus, savings
    # and incomes minus), and the budget in force for that year when the rating was saved, so
    # the review and the reports show the deviation the reporter saw.
    expected_result_kr = models.BigIntegerField(
        _("forventet resultat (kr.)"),
        null=True,
        blank=True,
        help_text=_("Forventet nettoresultat for budgetåret; besparelser og indtægter med minus."),
    )
    budget_kr = models.BigIntegerField(
        _("budget for året (kr.)"),
        null=True,
        blank=True,
        help_text=_("Beløbene i kraft for budgetåret, netto, da vurderingen blev gemt. Tom: ingen beløb."),
    )
    economy_baseline = models.ForeignKey(
        EconomyRevision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("økonomi vurderet mod"),
        help_text=_("Tom: den vedtagne økonomi i udmøntningen."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_remark = models.TextField(_("bemærkning fra Økonomi og Styring"), blank=True)
    # Optimistic locking: every save increments it; a save based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("ændret af")
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        ordering = ["round__ordinal", "initiative__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "round"], name="rating_unique_per_initiative_round"),
            models.CheckConstraint(
                condition=models.Q(effort__in=[smileys.UNRATED, *smileys.EFFORT_VALUES]), name="rating_effort_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(economy__in=[smileys.UNRATED, *smileys.ECONOMY_VALUES]), name="rating_economy_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="rating_status_valid",
            ),
            # Ready for review means both smileys are given.
            models.CheckConstraint(
                condition=models.Q(status="draft") | (~models.Q(effort="") & ~models.Q(economy="")),
                name="rating_complete_unless_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.number} · {self.round.name}"

    @property
    def deviation(self) -> Deviation | None:
        """The expected result against the budget of the year, or None when either is missing."""
        return deviation(self.budget_kr, self.expected_result_kr)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_complete(self) -> bool:
        """Both smileys are given (what the department must do before it can submit)."""
        return bool(self.effort and self.economy)


class RatingMessage(models.Model):
    """A message in the dialogue about a rating between the reviewer (Økonomi og Styring) and
    the department: the remark when a rating is sent back, the department's answer, and so on.
    Messages are only ever added, never changed, so the dialogue stays as it was written."""

    class Side(models.TextChoices):
        REVIEWER = "reviewer", _("Økonomi og Styring")
        DEPARTMENT = "department", _("Centret")

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="messages", verbose_name=_("vurdering"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet af")
    )
    side = models.CharField(_("fra"), max_length=10, choices=Side.choices)
    text = models.TextField(_("besked"), max_length=4000)
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)

    class Meta:
        verbose_name = _("besked om vurdering")
        verbose_name_plural = _("beskeder om vurderinger")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(side__in=["reviewer", "department"]), name="rating_message_side_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} · {self.get_side_display()} · {self.created_at:%d.%m.%Y %H.%M}"


class RoundEvent(models.Model):
    """Opening, closing and reopening of a round: who, when, why."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Åbnet")
        CLOSED = "closed", _("Lukket")
        REOPENED = "reopened", _("Genåbnet")
        REMINDED = "reminded", _("Påmindelse sendt")

    round = models.ForeignKey(
        FollowUpRound, on_delete=models.CASCADE, related_name="events", verbose_name=_("opfølgning")
    )
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    note = models.TextField(_("begrundelse"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("af"))
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("hændelse i opfølgning")
        verbose_name_plural = _("hændelser i opfølgning")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.round} · {self.get_action_display()}"


class ReminderSent(models.Model):
    """One reminder of a kind per round and department, so cron can run as often as it likes."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opfølgningen er åbnet")
        DUE_SOON = "due_soon", _("Fristen nærmer sig")
        OVERDUE = "overdue", _("Fristen er overskredet")
        # Sent by an administrator (»Send påmindelse nu«); may be sent again later.
        MANUAL = "manual", _("Påmindelse fra Økonomi og Styring")

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="reminders")
    department = models.ForeignKey("organisation.Department", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "department", "kind"],
                condition=~models.Q(kind="manual"),
                name="reminder_once_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.department} · {self.get_kind_display()}"


class Indicator(models.Model):
    """A key figure (*nøgletal*) an initiative is followed by: a named series with a unit,
    a baseline and a target, and a value per round entered by the department with its
    rating. Defined by Økonomi og Styring in the admin."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("indsats")
    )
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhed"), max_length=40, blank=True, help_text=_("Fx pct., antal eller mio. kr."))
    baseline = models.DecimalField(_("udgangspunkt"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("mål"), max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("nøgletal for indsats")
        verbose_name_plural = _("nøgletal for indsatser")
        ordering = ["initiative", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "name"], name="indicator_name_unique_per_initiative"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.number} · {self.name}"


class IndicatorValue(models.Model):
    """An indicator's value in one round."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("nøgletal for indsats")
    )
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="+", verbose_name=_("opfølgning"))
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("værdi for nøgletal")
        verbose_name_plural = _("værdier for nøgletal")
        ordering = ["indicator", "round__ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "round"], name="indicator_value_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.round}: {self.value}"
