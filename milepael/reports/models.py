"""A report as it was generated: what was asked for (the report, the format, the report's
date, committee meeting and case id), the ratings it rested on, and — for a report made in
the background — its progress and then the finished file. Plan reports are always recorded;
an agreement's or an election term's report only when it is made in the background."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from milepael.plans.models import Agreement, ImplementationPlan, case_id_validator
from milepael.term.models import ElectionTerm

from .document import ReportMeta


class ReportJob(models.Model):
    """Every generation of a plan report is a row, so the same report can be generated again
    identically (»Dan igen«). A report made in the request keeps no file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Dannes")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlet")

    class Kind(models.TextChoices):
        PLAN = "plan", _("Udmøntningens rapport")
        AGREEMENT = "agreement", _("Aftalens rapport")
        TERM = "term", _("Valgperiodens statusrapport")
        EXPORT = "export", _("Excel-eksport")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # What the report is of: a plan (its own report or a follow-up; an export of its data),
    # a whole agreement at a round, or an election term; the foreign key of the kind is set,
    # the others are empty.
    kind = models.CharField(_("rapport"), max_length=10, choices=Kind.choices, default=Kind.PLAN)
    plan = models.ForeignKey(
        ImplementationPlan,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("udmøntning"),
        null=True,
        blank=True,
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="+", verbose_name=_("aftale"), null=True, blank=True
    )
    term = models.ForeignKey(
        ElectionTerm, on_delete=models.CASCADE, related_name="+", verbose_name=_("valgperiode"), null=True, blank=True
    )
    round_ordinal = models.PositiveSmallIntegerField(_("opfølgning nr."), null=True, blank=True)
    format = models.CharField(_("format"), max_length=5)
    include_submitted = models.BooleanField(_("medtag indsendte vurderinger"), default=False)
    report_date = models.DateField(_("rapportens dato"), default=timezone.localdate)
    committee_name = models.CharField(_("udvalg"), max_length=200, blank=True)
    meeting_date = models.DateField(_("mødedato"), null=True, blank=True)
    case_id = models.CharField(_("sagsid"), max_length=40, blank=True, validators=[case_id_validator])
    # The ratings a follow-up report counted (document.RatingsUsed); empty for the plan itself.
    ratings_count = models.PositiveIntegerField(_("antal vurderinger"), null=True, blank=True)
    ratings_changed_at = models.DateTimeField(_("vurderinger senest ændret"), null=True, blank=True)
    ratings_fingerprint = models.CharField(_("vurderingernes fingeraftryk"), max_length=64, blank=True)
    # An export: the name core.exports knows its maker by, and the maker's parameters.
    export_name = models.CharField(_("eksport"), max_length=40, blank=True)
    export_params = models.JSONField(_("eksportens parametre"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    filename = models.CharField(_("filnavn"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(_("fejl"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("bestilt af")
    )
    created_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapportkørsel")
        verbose_name_plural = _("rapportkørsler")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]), name="report_job_status_valid"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_job_progress_max_100"),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["plan", "export"], plan__isnull=False, agreement__isnull=True, term__isnull=True
                )
                | models.Q(kind="agreement", plan__isnull=True, agreement__isnull=False, term__isnull=True)
                | models.Q(kind="term", plan__isnull=True, agreement__isnull=True, term__isnull=False),
                name="report_job_kind_has_its_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.format} · {self.get_status_display()}"

    @property
    def subject(self) -> models.Model:
        """The plan, agreement or election term the report is of."""
        return {self.Kind.AGREEMENT: self.agreement, self.Kind.TERM: self.term}.get(self.kind, self.plan)

    @property
    def meta(self) -> ReportMeta:
        """The report's date, committee meeting and case id, as a plan report prints them."""
        return ReportMeta(
            date=self.report_date,
            committee=self.committee_name or self.plan.committee.name,
            meeting_date=self.meeting_date,
            case_id=self.case_id,
        )
