"""The report model: each committee report is built once, as plain data, and the HTML,
typst (PDF), Word and Excel renderers only lay it out.

Two reports share one layout (seed 000): the implementation plan (*udmøntning*) and the
follow-up report at round N, which is the plan with the smileys of rounds 1..N filled in
and a summary in front. Building runs a fixed number of queries, whatever the plan's size.
"""

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from milepael.core import smileys
from milepael.core.formatting import danish_date, file_stem
from milepael.core.richtext import paragraphs
from milepael.followup.models import EconomyRevision, Rating
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative

from . import selectors

# Only approved ratings reach the committee, unless the caller asks for submitted ones too.
APPROVED = (Rating.Status.APPROVED,)
APPROVED_AND_SUBMITTED = (Rating.Status.APPROVED, Rating.Status.SUBMITTED)


@dataclass
class Paragraph:
    text: str
    list_item: bool = False


@dataclass
class Smiley:
    """A smiley as every output shows it: face shape and word together, never colour alone."""

    kind: str  # "effort" or "economy"
    value: str  # one of core.smileys' values (UNRATED: not rated)
    shape: str  # smile, neutral, frown, none, unrated (core.smileys.FACES)
    label: str  # Glad, Neutral, Sur, Ingen milepæl, Ikke vurderet
    meaning: str = ""
    pending: bool = False  # submitted, not yet approved (only when asked for)

    @property
    def text(self) -> str:
        return f"{self.label} ({_('ikke godkendt')})" if self.pending else self.label

    @property
    def alt(self) -> str:
        """Alt text of the drawn face: what it is and what it means."""
        aspect = _("Indsats") if self.kind == "effort" else _("Økonomi")
        meaning = f": {self.meaning}" if self.meaning else ""
        return _("%(aspect)s: smiley %(label)s%(meaning)s") % {
            "aspect": aspect,
            "label": self.label.lower(),
            "meaning": meaning,
        }


def make_smiley(value: str, kind: str, *, pending: bool = False) -> Smiley:
    shape, label = smileys.FACES.get(value or smileys.UNRATED, smileys.FACES[smileys.UNRATED])
    return Smiley(
        kind=kind,
        value=value or smileys.UNRATED,
        shape=shape,
        label=str(label),
        meaning=str(smileys.MEANINGS.get((kind, value), "")),
        pending=pending,
    )


@dataclass
class Row:
    """One row of an initiative's four-column table: label | text | time | smiley."""

    kind: str  # heading, description, responsibility, milestone, economy
    label: str
    text: list[Paragraph]
    time: str = ""
    smiley: Smiley | None = None
    notes: list[str] = field(default_factory=list)  # shown in the text cell, after the text


@dataclass
class RoundLine:
    """An initiative in one round, flat (the Excel rows)."""

    round_ordinal: int
    round_name: str
    milestone: str
    effort: str = ""
    effort_comment: str = ""
    economy: str = ""
    economy_comment: str = ""
    alternative_financing: str = ""
    status: str = ""


@dataclass
class InitiativeBlock:
    number: str
    title: str
    kind: str
    department: str
    committee: str
    contributors: str
    rows: list[Row]
    rounds: list[RoundLine]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass
class ThemeBlock:
    number: int
    title: str
    initiatives: list[InitiativeBlock]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass
class Definition:
    smiley: Smiley
    text: str


@dataclass
class SmileyCounts:
    """Counts of one group (a theme, a round, all): effort green/yellow/red/none and
    economy green/red, plus initiatives not rated (or not approved) yet."""

    label: str
    effort: dict[str, int]
    economy: dict[str, int]
    effort_unrated: int = 0
    economy_unrated: int = 0


@dataclass
class AttentionItem:
    """A yellow or red smiley of the round, with its explanation."""

    number: str
    title: str
    department: str
    aspect: str  # Indsats / Økonomi
    smiley: Smiley
    comment: str
    alternative_financing: str = ""


@dataclass
class RevisionInForce:
    number: str
    title: str
    text: list[Paragraph]
    approved_on: str
    reference: str


@dataclass
class Summary:
    round_name: str
    by_theme: list[SmileyCounts]
    total: SmileyCounts
    attention: list[AttentionItem]
    revisions: list[RevisionInForce]
    by_round: list[SmileyCounts]  # rounds 1..N, for the chart


@dataclass
class PlanReport:
    """Everything a renderer needs; no model instances, no queries."""

    kind: str  # "plan" or "followup"
    document_title: str
    title: str
    subtitle: str
    agreement: str
    committee: str
    header: list[tuple[str, str]]
    intro: list[Paragraph]
    effort_definitions_heading: str
    effort_definitions: list[Definition]
    economy_intro: list[Paragraph]
    economy_definitions_heading: str
    economy_definitions: list[Definition]
    rating_note: str
    labels: dict[str, str | list[str]]  # headings and column names, built with the report
    themes: list[ThemeBlock]
    summary: Summary | None
    round_ordinal: int | None
    round_name: str
    include_submitted: bool
    generated_on: str
    file_stem: str

    @property
    def initiative_count(self) -> int:
        return sum(len(theme.initiatives) for theme in self.themes)

    def filename(self, extension: str) -> str:
        return f"{self.file_stem}.{extension}"

    def as_dict(self) -> dict:
        """JSON-ready data (the typst template reads this), computed properties included."""
        data = dataclasses.asdict(self)
        for theme, theme_data in zip(self.themes, data["themes"], strict=True):
            theme_data["heading"] = theme.heading
            for initiative, initiative_data in zip(theme.initiatives, theme_data["initiatives"], strict=True):
                initiative_data["heading"] = initiative.heading
                for row, row_data in zip(initiative.rows, initiative_data["rows"], strict=True):
                    if row.smiley is not None:
                        row_data["smiley"].update(text=row.smiley.text, alt=row.smiley.alt)
        for key in ("effort_definitions", "economy_definitions"):
            for definition, definition_data in zip(getattr(self, key), data[key], strict=True):
                definition_data["smiley"].update(alt=definition.smiley.alt, text=definition.smiley.text)
        if self.summary:
            for item, item_data in zip(self.summary.attention, data["summary"]["attention"], strict=True):
                item_data["smiley"].update(alt=item.smiley.alt, text=item.smiley.text)
        return data


def rich_paragraphs(fragment: str) -> list[Paragraph]:
    """Sanitised rich text as report paragraphs (list items marked)."""
    return [Paragraph(text, list_item) for text, list_item in paragraphs(fragment)]


def _count(label: str, ratings: list[Rating | None]) -> SmileyCounts:
    effort = Counter(smileys.value_of(r, "effort") for r in ratings)
    economy = Counter(smileys.value_of(r, "economy") for r in ratings)
    return SmileyCounts(
        label=label,
        effort={value: effort[value] for value in smileys.EFFORT_VALUES},
        economy={value: economy[value] for value in smileys.ECONOMY_VALUES},
        effort_unrated=effort[smileys.UNRATED],
        economy_unrated=economy[smileys.UNRATED],
    )


def _revision_note(revision: EconomyRevision) -> str:
    return _("Vurderet mod revideret økonomi, godkendt af Kommunalbestyrelsen den %(date)s (%(reference)s).") % {
        "date": danish_date(revision.approved_on),
        "reference": revision.approval_reference,
    }


def _contributors(initiative: Initiative) -> str:
    if initiative.contributors_text:
        return initiative.contributors_text
    return ", ".join(sorted(d.name for d in initiative.contributors.all()))


def build_plan_report(
    plan: ImplementationPlan | int,
    round_ordinal: int | None = None,
    *,
    include_submitted: bool = False,
    today: datetime.date | None = None,
) -> PlanReport:
    """The implementation plan (`round_ordinal` None) or the follow-up report at round N.

    Only approved ratings count unless `include_submitted`; drafts and returned ratings
    never do. Raises FollowUpRound.DoesNotExist for an unknown round."""
    if not isinstance(plan, ImplementationPlan):
        plan = selectors.plan_for_report(plan)
    rounds = selectors.rounds_of(plan)
    scope = _Scope(
        current=_current_round(rounds, round_ordinal),
        statuses=APPROVED_AND_SUBMITTED if include_submitted else APPROVED,
    )
    initiatives = selectors.initiatives_for_report(plan, rounds)
    themes = _theme_blocks(initiatives, scope)
    current = scope.current
    return PlanReport(
        kind="plan" if current is None else "followup",
        **_front_matter(plan, current),
        rating_note=_rating_note(include_submitted) if current is not None else "",
        labels=_labels(current),
        themes=themes,
        summary=_summary(initiatives, rounds, themes, scope) if current is not None else None,
        round_ordinal=current.ordinal if current else None,
        round_name=current.name if current else "",
        include_submitted=include_submitted,
        generated_on=danish_date(today or timezone.localdate()),
        file_stem=_file_stem(plan, current),
    )


@dataclass(frozen=True)
class _Scope:
    """Which ratings a report counts: those of rounds up to `current` (none for the plan
    itself, `current` None) with one of `statuses`."""

    current: FollowUpRound | None
    statuses: tuple[str, ...]


def _current_round(rounds: list[FollowUpRound], round_ordinal: int | None) -> FollowUpRound | None:
    if round_ordinal is None:
        return None
    current = next((round_ for round_ in rounds if round_.ordinal == round_ordinal), None)
    if current is None:
        raise FollowUpRound.DoesNotExist(round_ordinal)
    return current


def _counted(rating: Rating | None, round_: FollowUpRound, scope: _Scope) -> Rating | None:
    """The rating if it belongs in this report (round ≤ N, an included status)."""
    current = scope.current
    if rating is None or current is None or round_.ordinal > current.ordinal or rating.status not in scope.statuses:
        return None
    return rating


# --- the initiatives, theme by theme -------------------------------------------------------


def _theme_blocks(initiatives: list[Initiative], scope: _Scope) -> list[ThemeBlock]:
    themes: list[ThemeBlock] = []
    for initiative in initiatives:
        theme = initiative.theme
        if not themes or themes[-1].number != theme.number:
            themes.append(ThemeBlock(theme.number, theme.title, []))
        themes[-1].initiatives.append(_initiative_block(initiative, scope))
    return themes


def _initiative_block(initiative: Initiative, scope: _Scope) -> InitiativeBlock:
    """The initiative's four-column table (heading, description, responsibility, a milestone
    per round, economy) and its flat round lines."""
    contributors = _contributors(initiative)
    # (round, milestone paragraphs, the rating if the report counts it), once per round.
    by_round = [
        (round_, rich_paragraphs(milestone.text) if milestone else [], _counted(rating, round_, scope))
        for round_, milestone, rating in initiative.by_round
    ]
    rows = [
        *_description_rows(initiative, contributors),
        *_round_rows(by_round),
        _economy_row(initiative, by_round),
    ]
    return InitiativeBlock(
        number=initiative.number,
        title=initiative.title,
        kind=initiative.get_kind_display(),
        department=initiative.responsible_department.name,
        committee=initiative.responsible_committee.name,
        contributors=contributors,
        rows=rows,
        rounds=[_round_line(round_, text, rating) for round_, text, rating in by_round],
    )


def _description_rows(initiative: Initiative, contributors: str) -> list[Row]:
    # The labels as in the seed layout; separate gettext calls so xgettext finds them.
    center_label, committee_label, contributors_label = (
        _("Ansvarligt center"),
        _("Ansvarligt udvalg"),
        _("Væsentlig bidragsyder"),
    )
    responsibility = [
        Paragraph(f"{center_label}: {initiative.responsible_department.name}"),
        Paragraph(f"{committee_label}: {initiative.responsible_committee.name}"),
        Paragraph(f"{contributors_label}: {contributors}".rstrip()),
        *rich_paragraphs(initiative.implementation_note),
    ]
    return [
        Row("heading", str(initiative), [Paragraph(initiative.get_kind_display())], _("Tid"), None),
        Row("description", _("Beskrivelse"), rich_paragraphs(initiative.description)),
        Row("responsibility", _("Ansvar"), responsibility),
    ]


RoundData = tuple[FollowUpRound, list[Paragraph], Rating | None]


def _pending(rating: Rating) -> bool:
    return rating.status != Rating.Status.APPROVED


def _round_rows(by_round: list[RoundData]) -> list[Row]:
    """A milestone row per round, with the effort smiley where the report counts one."""
    rows = []
    for round_, text, rating in by_round:
        effort = None
        if rating is not None and rating.effort:
            effort = make_smiley(rating.effort, "effort", pending=_pending(rating))
        rows.append(Row("milestone", _("Milepæl"), text, round_.name, effort))
    return rows


def _economy_row(initiative: Initiative, by_round: list[RoundData]) -> Row:
    """The economy text with the latest counted economy smiley (and the revised economy it
    was rated against, if any)."""
    row = Row("economy", _("Økonomi"), rich_paragraphs(initiative.economy_text))
    rated = [(round_, rating) for round_, _text, rating in by_round if rating is not None and rating.economy]
    if rated:
        round_, rating = rated[-1]
        row.time = round_.name
        row.smiley = make_smiley(rating.economy, "economy", pending=_pending(rating))
        if rating.economy_baseline is not None:
            row.notes.append(_revision_note(rating.economy_baseline))
    return row


def _round_line(round_: FollowUpRound, text: list[Paragraph], rating: Rating | None) -> RoundLine:
    return RoundLine(
        round_ordinal=round_.ordinal,
        round_name=round_.name,
        milestone=" ".join(p.text for p in text),
        effort=str(smileys.FACES[rating.effort][1]) if rating is not None and rating.effort else "",
        effort_comment=rating.effort_comment if rating else "",
        economy=str(smileys.FACES[rating.economy][1]) if rating is not None and rating.economy else "",
        economy_comment=rating.economy_comment if rating else "",
        alternative_financing=rating.alternative_financing if rating else "",
        status=rating.get_status_display() if rating else "",
    )


# --- the summary of the follow-up ----------------------------------------------------------


def _summary(
    initiatives: list[Initiative], rounds: list[FollowUpRound], themes: list[ThemeBlock], scope: _Scope
) -> Summary:
    """Counts per theme and in all at round N, the yellow and red smileys with their
    comments, the economy revisions in force, and the counts of rounds 1..N (the charts)."""
    current = scope.current
    index = rounds.index(current)
    at_current = [(initiative, _counted(initiative.by_round[index][2], current, scope)) for initiative in initiatives]
    by_theme: dict[int, list[Rating | None]] = {}
    for initiative, rating in at_current:
        by_theme.setdefault(initiative.theme.number, []).append(rating)
    return Summary(
        round_name=current.name,
        by_theme=[_count(theme.heading, by_theme.get(theme.number, [])) for theme in themes],
        total=_count(_("I alt"), [rating for _initiative, rating in at_current]),
        attention=[item for initiative, rating in at_current if rating for item in _attention(initiative, rating)],
        revisions=_revisions(initiatives, current),
        by_round=[
            _count(round_.name, [_counted(i.by_round[position][2], round_, scope) for i in initiatives])
            for position, round_ in enumerate(rounds)
            if round_.ordinal <= current.ordinal
        ],
    )


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


def _attention(initiative: Initiative, rating: Rating) -> list[AttentionItem]:
    """The rating's yellow or red effort and red economy, each with its explanation."""
    items = []
    if rating.effort in (smileys.YELLOW, smileys.RED):
        items.append(
            AttentionItem(
                initiative.number,
                initiative.title,
                initiative.responsible_department.name,
                _("Indsats"),
                make_smiley(rating.effort, "effort", pending=_pending(rating)),
                rating.effort_comment,
            )
        )
    if rating.economy == smileys.RED:
        items.append(
            AttentionItem(
                initiative.number,
                initiative.title,
                initiative.responsible_department.name,
                _("Økonomi"),
                make_smiley(rating.economy, "economy", pending=_pending(rating)),
                rating.economy_comment,
                rating.alternative_financing,
            )
        )
    return items


# --- front matter: titles, header block, smiley definitions, labels ------------------------


def _front_matter(plan: ImplementationPlan, current: FollowUpRound | None) -> dict:
    """What comes before the initiatives: titles, the header block, the introduction and
    the smiley definitions of the plan."""
    if current is None:
        document_title, subtitle = plan.title, ""
    else:
        document_title = _("Opfølgning %(round)s: %(title)s") % {"round": current.name, "title": plan.title}
        subtitle = _("Opfølgning: %(round)s") % {"round": current.name}
    return {
        "document_title": document_title,
        "title": plan.title,
        "subtitle": subtitle,
        "agreement": plan.agreement.title,
        "committee": plan.committee.name,
        "header": _header(plan),
        "intro": rich_paragraphs(plan.intro),
        "effort_definitions_heading": _("Definition af smileys på indsats"),
        "effort_definitions": _definitions(
            "effort",
            (smileys.GREEN, plan.effort_green_definition),
            (smileys.YELLOW, plan.effort_yellow_definition),
            (smileys.RED, plan.effort_red_definition),
        ),
        "economy_intro": rich_paragraphs(plan.economy_intro),
        "economy_definitions_heading": _("Definition af smileys på økonomi"),
        "economy_definitions": _definitions(
            "economy",
            (smileys.GREEN, plan.economy_green_definition),
            (smileys.RED, plan.economy_red_definition),
        ),
    }


def _header(plan: ImplementationPlan) -> list[tuple[str, str]]:
    """The plan's header block (date, phone, e-mail, contact, case id), the empty ones left out."""
    header = [
        (_("Dato"), danish_date(plan.date)),
        (_("Tlf. dir."), plan.phone),
        (_("E-mail"), plan.email),
        (_("Kontakt"), plan.contact_person),
        (_("Sagsid"), plan.case_id),
    ]
    return [(label, value) for label, value in header if value]


def _definitions(kind: str, *texts: tuple[str, str]) -> list[Definition]:
    return [Definition(make_smiley(value, kind), text) for value, text in texts if text]


def _rating_note(include_submitted: bool) -> str:
    if include_submitted:
        return _(
            "Rapporten medtager godkendte vurderinger og vurderinger, der er indsendt, men endnu ikke godkendt af Økonomi og Styring; de sidste er markeret »ikke godkendt«."
        )
    return _(
        "Rapporten medtager kun vurderinger, der er godkendt af Økonomi og Styring. Kladder og indsendte vurderinger, der endnu ikke er godkendt, er ikke med."
    )


def _file_stem(plan: ImplementationPlan, current: FollowUpRound | None) -> str:
    if current is None:
        return file_stem(_("udmøntning"), plan.agreement.title, plan.committee.name)
    # "2. budgetopfølgning 2018" already starts with its number; "31.12.2018" does not.
    ordinal = "" if file_stem(current.name).startswith(f"{current.ordinal}-") else str(current.ordinal)
    return file_stem(_("opfølgning"), ordinal, current.name, plan.committee.name)


def _labels(current: FollowUpRound | None) -> dict[str, str | list[str]]:
    """The headings and column names every layout of the report shows (HTML, PDF, Word)."""
    return {
        "page": _("Side"),
        "smiley": _("Smiley"),
        "summary_heading": _("Resumé"),
        "counts_heading": _("Antal smileys pr. tema"),
        "counts_caption": _("Antal smileys pr. tema i %(round)s") % {"round": current.name} if current else "",
        "count_columns": [
            _("Tema"),
            _("Indsats: glad"),
            _("Indsats: neutral"),
            _("Indsats: sur"),
            _("Ingen milepæl"),
            _("Indsats: ikke vurderet"),
            _("Økonomi: glad"),
            _("Økonomi: sur"),
            _("Økonomi: ikke vurderet"),
        ],
        "attention_heading": _("Gule og røde smileys"),
        "attention_columns": [
            _("Indsats"),
            _("Vurdering af"),
            _("Smiley"),
            _("Kommentar"),
            _("Alternativ finansiering"),
        ],
        "no_attention": _("Ingen gule eller røde smileys i denne opfølgning."),
        "revisions_heading": _("Reviderede økonomier"),
        "revision_columns": [_("Indsats"), _("Revideret økonomi"), _("Godkendt af Kommunalbestyrelsen")],
        "no_revisions": _("Ingen reviderede økonomier."),
    }
