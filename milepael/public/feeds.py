"""The Atom feed of published follow-up rounds: one entry per plan and published round, newest
first, linking to the plan's public page. Only live publications (a withdrawn round drops out)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors


class PublishedRoundsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Status på budgetaftalen: offentliggjorte opfølgninger")

    def subtitle(self):
        return _("En ny post, hver gang kommunen offentliggør en opfølgning på budgetaftalens indsatser.")

    def link(self):
        return reverse("public:index")

    def items(self):
        entries = []
        for entry in selectors.published_plans():
            for round_ in entry.rounds:
                entries.append((entry, round_))
        return sorted(entries, key=lambda pair: pair[1].publication.published_at, reverse=True)

    def item_title(self, item):
        entry, round_ = item
        return f"{round_.name}: {entry.plan.title}"

    def item_description(self, item):
        entry, round_ = item
        reached = entry.reached_in.get(round_.pk, 0)
        return ngettext(
            "%(reached)s af %(total)s indsats har nået milepælen i %(round)s",
            "%(reached)s af %(total)s indsatser har nået milepælen i %(round)s",
            entry.initiatives,
        ) % {"reached": reached, "total": entry.initiatives, "round": round_.name}

    def item_link(self, item):
        entry, round_ = item
        return reverse("public:plan", args=[entry.plan.pk]) + f"#round-{round_.pk}"

    def item_guid(self, item):
        entry, round_ = item
        return f"tag:milepael,{round_.publication.published_at:%Y-%m-%d}:plan-{entry.plan.pk}-round-{round_.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[1].publication.published_at

    def item_updateddate(self, item):
        return item[1].publication.published_at
