"""The one way to search: `search(query, filters, user)` → a page of hits, whichever
database holds the index (backends.py)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.safestring import SafeString

from milepael.organisation.permissions import can_view_internal, visible_ratings

from . import backends, stemming
from .models import SearchDocument

PER_PAGE = 20


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    committee: int | None = None
    department: int | None = None
    smiley: str = ""
    page: int | str = 1

    def as_q(self) -> Q:
        q = Q()
        if self.year:
            q &= Q(year__lte=self.year, last_year__gte=self.year)
        if self.committee:
            q &= Q(committee_id=self.committee)
        if self.department:
            q &= Q(department_id=self.department)
        if self.smiley:
            q &= Q(smiley=self.smiley)
        return q


@dataclass
class Hit:
    document: SearchDocument
    title: SafeString
    snippet: SafeString


def _visible(user) -> Q:
    """What `user` may find: nothing when not internal; a draft rating's comment only for
    those who see the draft (organisation.permissions.visible_ratings)."""
    if not can_view_internal(user):
        return Q(pk__in=[])
    ratings = visible_ratings(user, prefix="rating__")
    return Q(rating__isnull=True) | ratings if ratings else Q()


def search(query: str, filters: Filters, user) -> Page | None:
    """The page of hits for `query`, best first; None when the query has no words. Each
    hit's `document` carries plan, committee and department; `title` and `snippet` are
    escaped with the hits in <mark>."""
    query = (query or "").strip()
    if not backends.has_words(query):
        return None
    documents = (
        SearchDocument.objects.filter(filters.as_q())
        .filter(_visible(user))
        .select_related("plan", "committee", "department")
        .defer("vector")
    )
    page = Paginator(backends.matching(documents, query), PER_PAGE).get_page(filters.page)
    hits = list(page.object_list)
    snippets = backends.snippets(hits, query)
    page.object_list = [
        Hit(document=d, title=stemming.highlight(d.heading, query), snippet=snippets.get(d.pk, "")) for d in hits
    ]
    return page
