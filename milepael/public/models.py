"""What the municipality has chosen to publish: rounds and the public comments on ratings.

Nothing here is derived automatically from internal data: a round is public only when an
administrator publishes it, and a public comment is text an administrator wrote for citizens.
Rows are never deleted when something is withdrawn (a timestamp is set instead), so the
history of what was public stays.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound


class PublicationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(withdrawn_at__isnull=True)


class Publication(models.Model):
    """A follow-up round shown on the public pages (its approved ratings only)."""

    round = models.OneToOneField(
        FollowUpRound, on_delete=models.CASCADE, related_name="publication", verbose_name=_("opfølgning")
    )
    published_at = models.DateTimeField(_("offentliggjort"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("offentliggjort af")
    )
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trukket tilbage af"),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("offentliggørelse")
        verbose_name_plural = _("offentliggørelser")
        ordering = ["round__agreement", "round__ordinal"]

    def __str__(self) -> str:
        return str(self.round)

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class PublicComment(models.Model):
    """The comment citizens see for one rating, written by an administrator. Empty text: none."""

    rating = models.OneToOneField(
        Rating, on_delete=models.CASCADE, related_name="public_comment", verbose_name=_("vurdering")
    )
    text = models.TextField(_("offentlig kommentar"), blank=True, max_length=2000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet af")
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("offentlig kommentar")
        verbose_name_plural = _("offentlige kommentarer")

    def __str__(self) -> str:
        return str(self.rating)
