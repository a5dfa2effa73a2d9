"""Publishing: the only way a round, or a comment, reaches the public pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from milepael.followup.models import Rating
from milepael.organisation import permissions
from milepael.organisation.permissions import User
from milepael.plans.models import FollowUpRound

from .models import Publication, PublicComment


def _require_publisher(user: User) -> None:
    if not permissions.can_publish(user):
        raise PermissionDenied(_("Du har ikke adgang til at gøre dette."))


@transaction.atomic
def publish_round(round_: FollowUpRound, *, user: User) -> Publication:
    """Show the round's approved ratings on the public pages. Only a closed round can be
    published: its ratings are then locked and have been reviewed."""
    _require_publisher(user)
    round_ = FollowUpRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != FollowUpRound.Status.CLOSED:
        raise ValidationError(_("Kun en lukket opfølgning kan offentliggøres."))
    publication = Publication.objects.select_for_update().filter(round=round_).first()
    if publication is not None and publication.is_live:
        raise ValidationError(_("Opfølgningen »%(round)s« er allerede offentliggjort.") % {"round": round_.name})
    publication = publication or Publication(round=round_)
    publication.published_at = timezone.now()
    publication.published_by = user
    publication.withdrawn_at = None
    publication.withdrawn_by = None
    publication.save()
    return publication


@transaction.atomic
def unpublish_round(round_: FollowUpRound, *, user: User) -> Publication:
    """Take the round off the public pages (the row stays, marked withdrawn)."""
    _require_publisher(user)
    publication = Publication.objects.select_for_update().filter(round=round_, withdrawn_at__isnull=True).first()
    if publication is None:
        raise ValidationError(_("Opfølgningen »%(round)s« er ikke offentliggjort.") % {"round": round_.name})
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = user
    publication.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return publication


@transaction.atomic
def set_public_comment(rating: Rating, *, user: User, text: str) -> PublicComment:
    """Write (or, with empty text, clear) the comment citizens see for an approved rating.
    The text is the administrator's own; it is never copied from the internal comments."""
    _require_publisher(user)
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    if rating.status != Rating.Status.APPROVED:
        raise ValidationError(_("Kun godkendte vurderinger kan have en offentlig kommentar."))
    comment = PublicComment.objects.filter(rating=rating).first() or PublicComment(rating=rating)
    comment.text = text.strip()
    comment.updated_by = user
    comment.full_clean(exclude=["rating", "updated_by"])
    comment.save()
    return comment
