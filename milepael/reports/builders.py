"""Building a plan report (`document.PlanReport`): the implementation plan in the layout of
seed 000, or the follow-up report at round N — the plan with the smileys of rounds 1..N
beside their milestones and a written summary in front (`summary`). Building runs a fixed
number of queries, whatever the plan's size.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from milepael.core import smileys
from milepael.core.formatting import danish_date, danish_datetime, danish_kroner, danish_percent, file_stem
from milepael.followup.models import EconomyRevision, Rating
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative

from . import selectors
from .document import (
    Definition,
    InitiativeBlock,
    Paragraph,
    PlanReport,
    RatingsUsed,
    Remark,
    ReportMeta,
    RoundLine,
    Row,
    ThemeBlock,
    make_smiley,
    rich_paragraphs,
)
from .economy import plan_economy_tables
from .summary import Scope, build_summary, counted, is_pending

# Only approved ratings reach the committee, unless the caller asks for submitted ones too.
APPROVED = (Rating.Status.APPROVED,)
APPROVED_AND_SUBMITTED = (Rating.Status.APPROVED, Rating.Status.SUBMITTED)


def default_meta(plan: ImplementationPlan, *, plan_itself: bool = False) -> ReportMeta:
    """A follow-up report's own date today, for the plan's committee, no meeting date, no
    case id (the plan's case id is the plan's, not the report's). The plan itself is the
    plan's own document: its date and case id are the plan's (as in seed 000, so it also
    reads back as the plan)."""
    if plan_itself:
        return ReportMeta(date=plan.date or timezone.localdate(), committee=plan.committee.name, case_id=plan.case_id)
    return ReportMeta(date=timezone.localdate(), committee=plan.committee.name)


def statuses_counted(include_submitted: bool) -> tuple[str, ...]:
    return APPROVED_AND_SUBMITTED if include_submitted else APPROVED


def build_plan_report(
    plan: ImplementationPlan | int,
    round_ordinal: int | None = None,
    *,
    include_submitted: bool = False,
    meta: ReportMeta | None = None,
) -> PlanReport:
    """The implementation plan (`round_ordinal` None) or the follow-up report at round N,
    headed with `meta` (default: `default_meta`).

    Only approved ratings count unless `include_submitted`; drafts and returned ratings
    never do. Raises FollowUpRound.DoesNotExist for an unknown round."""
    if not isinstance(plan, ImplementationPlan):
        plan = selectors.plan_for_report(plan)
    rounds = selectors.rounds_of(plan)
    scope = Scope(current=_current_round(rounds, round_ordinal), statuses=statuses_counted(include_submitted))
    meta = meta or default_meta(plan, plan_itself=scope.current is None)
    initiatives = selectors.initiatives_for_report(plan, rounds)
    themes = _theme_blocks(initiatives, scope)
    current = scope.current
    used = _ratings_used(initiatives, scope) if current is not None else None
    return PlanReport(
        kind="plan" if current is None else "followup",
        **_front_matter(plan, current),
        meta=meta,
        header=_header(plan, meta),
        rating_note=_rating_note(include_submitted) if current is not None else "",
        labels=_labels(current),
        themes=themes,
        summary=build_summary(initiatives, rounds, themes, scope) if current is not None else None,
        economy_tables=plan_economy_tables(plan, initiatives, themes, current),
        round_ordinal=current.ordinal if current else None,
        round_name=current.name if current else "",
        include_submitted=include_submitted,
        ratings_used=used,
        generated_on=danish_date(meta.date),
        colophon=_colophon(meta, used) if current is not None else "",
        file_stem=_file_stem(plan, current),
    )


def _current_round(rounds: list[FollowUpRound], round_ordinal: int | None) -> FollowUpRound | None:
    if round_ordinal is None:
        return None
    current = next((round_ for round_ in rounds if round_.ordinal == round_ordinal), None)
    if current is None:
        raise FollowUpRound.DoesNotExist(round_ordinal)
    return current


# --- which ratings the report rests on -----------------------------------------------------


def fingerprint(ratings: Iterable[tuple[int, int, str]]) -> str:
    """A fingerprint of ratings given as (id, version, status): it changes when any of them
    is saved again, when one is added and when one drops out."""
    digest = hashlib.sha256()
    for rating_id, version, status in sorted(ratings):
        digest.update(f"{rating_id}:{version}:{status};".encode())
    return digest.hexdigest()


def _ratings_used(initiatives: list[Initiative], scope: Scope) -> RatingsUsed:
    used = [
        rating
        for initiative in initiatives
        for round_, _milestone, rating in initiative.by_round
        if counted(rating, round_, scope) is not None
    ]
    return RatingsUsed(
        count=len(used),
        latest_change=max((rating.updated_at for rating in used), default=None),
        fingerprint=fingerprint((rating.pk, rating.version, rating.status) for rating in used),
    )


def _colophon(meta: ReportMeta, used: RatingsUsed | None) -> str:
    """A follow-up report's line under its title: when it was made and from which ratings.
    The plan itself has none: it is the plan's own document and reads back as the plan."""
    if used is None or used.latest_change is None:
        return _("Dannet %(date)s.") % {"date": danish_date(meta.date)}
    return _("Dannet %(date)s på grundlag af vurderinger senest ændret %(changed)s.") % {
        "date": danish_date(meta.date),
        "changed": danish_datetime(used.latest_change),
    }


# --- the initiatives, theme by theme -------------------------------------------------------


def _theme_blocks(initiatives: list[Initiative], scope: Scope) -> list[ThemeBlock]:
    themes: list[ThemeBlock] = []
    for initiative in initiatives:
        theme = initiative.theme
        if not themes or themes[-1].number != theme.number:
            themes.append(ThemeBlock(theme.number, theme.title, []))
        themes[-1].initiatives.append(_initiative_block(initiative, scope))
    return themes


@dataclass(frozen=True)
class _RoundData:
    """An initiative in one round: the milestone's paragraphs, the rating if the report
    counts it, and whether the round is due (a follow-up's rounds 1..N)."""

    round: FollowUpRound
    milestone: list[Paragraph]
    rating: Rating | None
    due: bool


def _initiative_block(initiative: Initiative, scope: Scope) -> InitiativeBlock:
    """The initiative's four-column table (heading, description, responsibility, a milestone
    per round, economy) and its flat round lines."""
    contributors = _contributors(initiative)
    current = scope.current
    by_round = [
        _RoundData(
            round=round_,
            milestone=rich_paragraphs(milestone.text) if milestone else [],
            rating=counted(rating, round_, scope),
            due=current is not None and round_.ordinal <= current.ordinal,
        )
        for round_, milestone, rating in initiative.by_round
    ]
    rows = [
        *_description_rows(initiative, contributors),
        *_milestone_rows(by_round),
        *_economy_rows(initiative, by_round),
    ]
    # The Excel rows: every round of the plan itself, rounds 1..N of a follow-up.
    lines = [_round_line(data) for data in by_round if data.due or current is None]
    return InitiativeBlock(
        number=initiative.number,
        title=initiative.title,
        kind=initiative.get_kind_display(),
        department=initiative.responsible_department.name,
        committee=initiative.responsible_committee.name,
        contributors=contributors,
        rows=rows,
        rounds=lines,
    )


def _contributors(initiative: Initiative) -> str:
    if initiative.contributors_text:
        return initiative.contributors_text
    return ", ".join(sorted(d.name for d in initiative.contributors.all()))


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


def _comment(label: str, text: str) -> list[Remark]:
    return [Remark(label, text)] if text.strip() else []


def _milestone_rows(by_round: list[_RoundData]) -> list[Row]:
    """A milestone row per round; in a due round the effort smiley beside it (»Ikke vurderet«
    where there is none) with its comment under the milestone."""
    rows = []
    for data in by_round:
        row = Row("milestone", _("Milepæl"), data.milestone, data.round.name)
        if data.due:
            rating = data.rating
            row.smiley = make_smiley(smileys.value_of(rating, "effort"), "effort", pending=is_pending(rating))
            row.remarks = _comment(_("Kommentar"), rating.effort_comment) if rating else []
        rows.append(row)
    return rows


def _economy_rows(initiative: Initiative, by_round: list[_RoundData]) -> list[Row]:
    """The economy text, then in a follow-up a row per due round: that round's own economy
    smiley (»Ikke vurderet« where there is none, never an older round's), its comment, the
    alternative financing beside a sur smiley and the revised economy it was rated against."""
    rows = [Row("economy", _("Økonomi"), rich_paragraphs(initiative.economy_text))]
    for data in by_round:
        if not data.due:
            continue
        rating = data.rating
        row = Row(
            "economy",
            _("Økonomi"),
            [],
            data.round.name,
            make_smiley(smileys.value_of(rating, "economy"), "economy", pending=is_pending(rating)),
        )
        if rating is not None:
            row.remarks = _comment(_("Kommentar"), rating.economy_comment)
            if rating.economy == smileys.RED:
                row.remarks += _comment(_("Alternativ finansiering"), rating.alternative_financing)
            row.remarks += _comment(_("Forventet resultat"), expected_result_text(rating))
            if rating.economy_baseline is not None:
                row.notes.append(_revision_note(rating.economy_baseline))
        rows.append(row)
    return rows


def expected_result_text(rating: Rating) -> str:
    """»5 mio. kr. (budget 4 mio. kr.): 1 mio. kr. (25 %) over budget, foreslået smiley sur«;
    "" without an expected result."""
    if rating.expected_result_kr is None:
        return ""
    text = danish_kroner(rating.expected_result_kr)
    deviation = rating.deviation
    if deviation is None:
        return text
    if not deviation.deviation_kr:
        how = _("som budgetteret")
    else:
        size = danish_kroner(abs(deviation.deviation_kr))
        if deviation.percent is not None:
            size += f" ({danish_percent(abs(deviation.percent))})"
        how = (_("%(size)s over budget") if deviation.over else _("%(size)s under budget")) % {"size": size}
    suggestion = str(smileys.FACES[deviation.suggestion][1]).lower()
    return _("%(expected)s (budget %(budget)s): %(how)s, foreslået smiley %(suggestion)s") % {
        "expected": text,
        "budget": danish_kroner(deviation.budget_kr),
        "how": how,
        "suggestion": suggestion,
    }


def _revision_note(revision: EconomyRevision) -> str:
    return _("Vurderet mod revideret økonomi, godkendt af Kommunalbestyrelsen den %(date)s (%(reference)s).") % {
        "date": danish_date(revision.approved_on),
        "reference": revision.approval_reference,
    }


def _round_line(data: _RoundData) -> RoundLine:
    rating = data.rating

    def word(kind: str) -> str:
        if not data.due:
            return ""
        return str(smileys.FACES[smileys.value_of(rating, kind)][1])

    return RoundLine(
        round_ordinal=data.round.ordinal,
        round_name=data.round.name,
        milestone=" ".join(p.text for p in data.milestone),
        effort=word("effort"),
        effort_comment=rating.effort_comment if rating else "",
        economy=word("economy"),
        economy_comment=rating.economy_comment if rating else "",
        alternative_financing=rating.alternative_financing if rating else "",
        status=rating.get_status_display() if rating else "",
        expected_result_kr=rating.expected_result_kr if rating and data.due else None,
        budget_kr=rating.budget_kr if rating and data.due else None,
    )


# --- front matter: titles, header block, smiley definitions, labels ------------------------


def _front_matter(plan: ImplementationPlan, current: FollowUpRound | None) -> dict:
    """What comes before the initiatives: titles, the introduction and the smiley
    definitions of the plan."""
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


def _header(plan: ImplementationPlan, meta: ReportMeta) -> list[tuple[str, str]]:
    """The header block: the report's date, the committee meeting and case id it was made
    for, then the plan's contact; the empty ones left out."""
    header = [
        (_("Dato"), danish_date(meta.date)),
        (_("Udvalg"), meta.committee),
        (_("Mødedato"), danish_date(meta.meeting_date)),
        (_("Sagsid"), meta.case_id),
        (_("Kontakt"), plan.contact_person),
        (_("Tlf. dir."), plan.phone),
        (_("E-mail"), plan.email),
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
    """The headings and column names every layout of the report shows (HTML, PDF, Word, Excel)."""
    effort, economy = _("Indsats"), _("Økonomi")
    glad, neutral, sur = _("Glad"), _("Neutral"), _("Sur")
    no_milestone, unrated = _("Ingen milepæl"), _("Ikke vurderet")
    return {
        "page": _("Side"),
        "page_of": _("af"),
        "smiley": _("Smiley"),
        "summary_heading": _("Resumé"),
        "economy_heading": _("Økonomi i budgetperioden"),
        "counts_heading": _("Antal smileys pr. tema"),
        "counts_caption": _("Antal smileys pr. tema i %(round)s") % {"round": current.name} if current else "",
        # The count tables' header in two levels (a group over its smileys), so no column
        # needs a long heading; `count_columns` spells each column out (Excel, screen readers).
        "count_theme": _("Tema"),
        "count_groups": [effort, economy],
        "count_subcolumns": [glad, neutral, sur, no_milestone, unrated, glad, sur, unrated],
        "count_columns": [
            _("Tema"),
            *(f"{effort}: {label.lower()}" for label in (glad, neutral, sur, no_milestone, unrated)),
            *(f"{economy}: {label.lower()}" for label in (glad, sur, unrated)),
        ],
        "changes_heading": _("Ændringer siden forrige opfølgning"),
        "change_columns": [_("Indsats"), _("Vurdering af"), _("Før"), _("Nu"), _("Ændring")],
        "better": _("Bedre"),
        "worse": _("Dårligere"),
        "charts_heading": _("Smileys pr. opfølgning"),
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
        # Over the plan's introduction when a follow-up's summary comes before it.
        "about_heading": _("Om udmøntningen"),
    }
