"""The search index: one document per thing a user can find (an initiative, a milestone, a
rating's comments, a term objective), flattened to plain text with what the filters need.

The documents are written only by milepael.search.indexing; the full-text part lives beside
them: a `tsvector` column with a GIN index on PostgreSQL (`vector`), an FTS5 table of stemmed
text on SQLite (`search_fts`, rowid = document id; see the migration). The filter columns
(year, smiley) have no index on purpose: the full-text index is the selective one, and an
index on a filter tempts the planner to intersect with most of the table."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from milepael.followup.models import Rating
from milepael.organisation.models import Committee, Department
from milepael.plans.models import ImplementationPlan, Initiative
from milepael.term.models import Objective


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("Indsats")
        MILESTONE = "milestone", _("Milepæl")
        COMMENT = "comment", _("Kommentar")
        OBJECTIVE = "objective", pgettext_lazy("søgeresultatets art", "Mål")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, null=True, related_name="+")
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, null=True, related_name="+")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, null=True, related_name="+")
    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, null=True, related_name="+")
    # The budget year of the plan; a term objective spans its term's years.
    year = models.PositiveSmallIntegerField(null=True)
    last_year = models.PositiveSmallIntegerField(null=True)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, null=True, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, related_name="+")
    # The effort smiley: the comment's own; for an initiative and its milestones the latest
    # one that is not a draft (so a draft never shows through the filter).
    smiley = models.CharField(max_length=10, blank=True)
    heading = models.CharField(max_length=400)
    context = models.CharField(max_length=400, blank=True)
    url = models.CharField(max_length=400)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["initiative", "milestone", "comment", "objective"]),
                name="search_document_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.heading}"
