"""The front of a follow-up report (`document.Summary`): the written summary in Danish, the
counts per theme, what changed since the previous round, the yellow and red smileys with
their comments, the revised economies in force, and the smileys per round as charts."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milepael.core import smileys
from milepael.core.formatting import danish_date
from milepael.followup.models import EconomyRevision, Rating
from milepael.plans.models import FollowUpRound, Initiative

from .document import (
    AttentionItem,
    ChartSegment,
    RevisionInForce,
    SmileyChange,
    SmileyChart,
    SmileyCounts,
    Summary,
    ThemeBlock,
    make_smiley,
    rich_paragraphs,
)

# Better is higher; "ingen milepæl" and not rated are not on the scale.
RANK = {
    "effort": {smileys.GREEN: 3, smileys.YELLOW: 2, smileys.RED: 1},
    "economy": {smileys.GREEN: 2, smileys.RED: 1},
}
KINDS = ("effort", "economy")  # the order the counts, changes and charts appear in


@dataclass(frozen=True)
class Scope:
    """Which ratings a report counts: those of rounds up to `current` (none for the plan
    itself, `current` None) with one of `statuses`."""

    current: FollowUpRound | None
    statuses: tuple[str, ...]


def counted(rating: Rating | None, round_: FollowUpRound, scope: Scope) -> Rating | None:
    """The rating if it belongs in this report (round ≤ N, an included status)."""
    current = scope.current
    if rating is None or current is None or round_.ordinal > current.ordinal or rating.status not in scope.statuses:
        return None
    return rating


def is_pending(rating: Rating | None) -> bool:
    """Submitted, not yet approved (only counted when the report is asked to)."""
    return rating is not None and rating.status != Rating.Status.APPROVED


def aspect_of(kind: str) -> str:
    return _("Indsats") if kind == "effort" else _("Økonomi")


def count(label: str, ratings: list[Rating | None]) -> SmileyCounts:
    return SmileyCounts(
        label=label,
        effort=smileys.tally((smileys.value_of(r, "effort") for r in ratings), "effort"),
        economy=smileys.tally((smileys.value_of(r, "economy") for r in ratings), "economy"),
    )


def build_summary(
    initiatives: list[Initiative], rounds: list[FollowUpRound], themes: list[ThemeBlock], scope: Scope
) -> Summary:
    """Everything in front of the initiatives of the follow-up report at round N."""
    current = scope.current
    index = rounds.index(current)
    at_current = [counted(i.by_round[index][2], current, scope) for i in initiatives]
    by_theme: dict[int, list[Rating | None]] = {}
    for initiative, rating in zip(initiatives, at_current, strict=True):
        by_theme.setdefault(initiative.theme.number, []).append(rating)
    total = count(_("I alt"), at_current)
    previous = rounds[index - 1] if index > 0 else None
    changes = _changes(initiatives, index, scope) if previous else []
    by_round = [
        count(round_.name, [counted(i.by_round[position][2], round_, scope) for i in initiatives])
        for position, round_ in enumerate(rounds[: index + 1])
    ]
    return Summary(
        round_name=current.name,
        text=[effort_sentence(total.effort), economy_sentence(total.economy)],
        previous_round_name=previous.name if previous else "",
        changes=changes,
        changes_text=_changes_text(changes, previous),
        by_theme=[count(theme.heading, by_theme.get(theme.number, [])) for theme in themes],
        total=total,
        attention=[
            item
            for initiative, rating in zip(initiatives, at_current, strict=True)
            if rating
            for item in _attention(initiative, rating)
        ],
        revisions=_revisions(initiatives, current),
        by_round=by_round,
        charts=[smiley_chart(by_round, kind) for kind in KINDS],
    )


# --- the written summary -------------------------------------------------------------------


def _joined(parts: list[str]) -> str:
    """a, b og c"""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(list)s og %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}


def _unrated_clause(counts: dict[str, int]) -> str:
    unrated = counts[smileys.UNRATED_KEY]
    return _("; %(count)d er ikke vurderet") % {"count": unrated} if unrated else ""


def effort_sentence(counts: dict[str, int]) -> str:
    """»Af de 35 indsatser har 26 en glad smiley for indsats, 4 en neutral og 3 en sur; 2 er
    ikke vurderet.« — counts of `core.smileys.tally`, zeros left out."""
    total = sum(counts.values())
    if total == 0:
        return _("Udmøntningen har ingen indsatser.")
    if counts[smileys.UNRATED_KEY] == total:
        return ngettext(
            "Indsatsen er ikke vurderet endnu.", "Ingen af de %(total)d indsatser er vurderet endnu.", total
        ) % {"total": total}
    faces = [
        (smileys.GREEN, _("glad")),
        (smileys.YELLOW, _("neutral")),
        (smileys.RED, _("sur")),
    ]
    parts = []
    for value, word in faces:
        if counts[value]:
            pattern = _("%(count)d en %(face)s") if parts else _("%(count)d en %(face)s smiley for indsats")
            parts.append(pattern % {"count": counts[value], "face": word})
    if counts[smileys.NO_MILESTONE]:
        parts.append(_("%(count)d ingen milepæl i denne opfølgning") % {"count": counts[smileys.NO_MILESTONE]})
    lead = ngettext("Af den ene indsats har %(parts)s", "Af de %(total)d indsatser har %(parts)s", total)
    return lead % {"total": total, "parts": _joined(parts)} + _unrated_clause(counts) + "."


def economy_sentence(counts: dict[str, int]) -> str:
    """»For økonomien har 30 en glad smiley og 3 en sur; 2 er ikke vurderet.«"""
    total = sum(counts.values())
    if total == 0:
        return ""
    if counts[smileys.UNRATED_KEY] == total:
        return _("Økonomien er ikke vurderet endnu.")
    parts = []
    for value, word in ((smileys.GREEN, _("glad")), (smileys.RED, _("sur"))):
        if counts[value]:
            pattern = _("%(count)d en %(face)s") if parts else _("%(count)d en %(face)s smiley")
            parts.append(pattern % {"count": counts[value], "face": word})
    return _("For økonomien har %(parts)s") % {"parts": _joined(parts)} + _unrated_clause(counts) + "."


# --- changes since the previous round ------------------------------------------------------


def _changes(initiatives: list[Initiative], index: int, scope: Scope) -> list[SmileyChange]:
    """Initiatives whose effort or economy smiley is better or worse than in the previous
    round (both rated on the scale), better ones first, each in plan order."""
    changes = []
    for initiative in initiatives:
        before_round, _milestone, before_rating = initiative.by_round[index - 1]
        after_round, _milestone, after_rating = initiative.by_round[index]
        before = counted(before_rating, before_round, scope)
        after = counted(after_rating, after_round, scope)
        for kind in KINDS:
            old, new = smileys.value_of(before, kind), smileys.value_of(after, kind)
            ranks = RANK[kind]
            if old in ranks and new in ranks and ranks[old] != ranks[new]:
                changes.append(
                    SmileyChange(
                        number=initiative.number,
                        title=initiative.title,
                        aspect=aspect_of(kind),
                        before=make_smiley(old, kind, pending=is_pending(before)),
                        after=make_smiley(new, kind, pending=is_pending(after)),
                        better=ranks[new] > ranks[old],
                    )
                )
    return sorted(changes, key=lambda change: not change.better)  # stable: plan order kept


def _changes_text(changes: list[SmileyChange], previous: FollowUpRound | None) -> str:
    """The sentence over the changes (or instead of them)."""
    if previous is None:
        return _("Dette er den første opfølgning, så der er ingen forrige at sammenligne med.")
    if not changes:
        return _("Ingen indsatser har fået en bedre eller dårligere smiley siden %(round)s.") % {"round": previous.name}
    better = sum(1 for change in changes if change.better)
    worse = len(changes) - better
    return ngettext(
        "Siden %(round)s er %(better)d smiley blevet bedre og %(worse)d dårligere.",
        "Siden %(round)s er %(better)d smileys blevet bedre og %(worse)d dårligere.",
        better,
    ) % {"round": previous.name, "better": better, "worse": worse}


# --- yellow and red, revised economies -----------------------------------------------------


def _attention(initiative: Initiative, rating: Rating) -> list[AttentionItem]:
    """The rating's yellow or red effort and red economy, each with its explanation."""
    items = []
    if rating.effort in (smileys.YELLOW, smileys.RED):
        items.append(
            AttentionItem(
                initiative.number,
                initiative.title,
                initiative.responsible_department.name,
                aspect_of("effort"),
                make_smiley(rating.effort, "effort", pending=is_pending(rating)),
                rating.effort_comment,
            )
        )
    if rating.economy == smileys.RED:
        items.append(
            AttentionItem(
                initiative.number,
                initiative.title,
                initiative.responsible_department.name,
                aspect_of("economy"),
                make_smiley(rating.economy, "economy", pending=is_pending(rating)),
                rating.economy_comment,
                rating.alternative_financing,
            )
        )
    return items


def _revisions(initiatives: list[Initiative], current: FollowUpRound) -> list[RevisionInForce]:
    revisions = []
    for initiative in initiatives:
        revision = _revision_in_force(initiative, current)
        if revision is not None:
            revisions.append(
                RevisionInForce(
                    initiative.number,
                    initiative.title,
                    rich_paragraphs(revision.text),
                    danish_date(revision.approved_on),
                    revision.approval_reference,
                )
            )
    return revisions


def _revision_in_force(initiative: Initiative, round_: FollowUpRound) -> EconomyRevision | None:
    """The latest council-approved revision by the round's deadline (any, if it has none)."""
    revisions = [
        revision
        for revision in initiative.economy_revisions.all()
        if round_.deadline is None or revision.approved_on <= round_.deadline
    ]
    return revisions[-1] if revisions else None


# --- the charts' data ----------------------------------------------------------------------


def _segment_label(key: str) -> str:
    value = smileys.UNRATED if key == smileys.UNRATED_KEY else key
    return str(smileys.FACES[value][1])


def smiley_chart(by_round: list[SmileyCounts], kind: str) -> SmileyChart:
    """The `kind` smileys of rounds 1..N as a stacked chart's data, every smiley and the not
    rated (and for effort »ingen milepæl«) a segment of its own, all named in the alt text."""
    segments = []
    for key in smileys.TALLY_KEYS[kind]:
        value = smileys.UNRATED if key == smileys.UNRATED_KEY else key
        segments.append(
            ChartSegment(
                key=key,
                label=_segment_label(key),
                counts=[getattr(group, kind)[key] for group in by_round],
                colour=smileys.COLOURS[value],
                hatch=smileys.HATCHES[value],
            )
        )
    title = _("Smileys for indsats pr. opfølgning") if kind == "effort" else _("Smileys for økonomi pr. opfølgning")
    per_round = "; ".join(
        f"{group.label}: " + ", ".join(f"{segment.counts[index]} {segment.label.lower()}" for segment in segments)
        for index, group in enumerate(by_round)
    )
    return SmileyChart(
        kind=kind,
        title=title,
        categories=[group.label for group in by_round],
        segments=segments,
        alt_text=f"{title}. {per_round}.",
        value_label=_("Antal indsatser"),
    )
