"""The combined report of a whole agreement at round N: a summary across its committees'
plans (the smileys per committee and in all), then each committee's follow-up report as
`builders.build_plan_report` builds it, one section each. Laid out by the renderers of
the AGREEMENT kind (reports.renderers), which lay each section out as the plan's."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from milepael.core.formatting import danish_date, file_stem
from milepael.plans.models import Agreement

from . import selectors
from .builders import build_plan_report
from .document import MoneyTable, PlanReport, SmileyCounts
from .economy import agreement_economy_tables


@dataclass
class AgreementReport:
    """Everything a renderer needs; no model instances, no queries."""

    document_title: str
    title: str
    agreement: str
    round_ordinal: int
    round_name: str
    by_committee: list[SmileyCounts]  # each plan's total, labelled with its committee
    total: SmileyCounts  # the sum of them
    economy_tables: list[MoneyTable]  # budget per committee and in all; the expected results of the round
    plans: list[PlanReport]
    labels: dict[str, str | list[str]]  # the plan reports' headings and count columns
    generated_on: str
    file_stem: str

    @property
    def initiative_count(self) -> int:
        return sum(plan.initiative_count for plan in self.plans)

    def filename(self, extension: str) -> str:
        return f"{self.file_stem}.{extension}"


def summed(label: str, groups: list[SmileyCounts]) -> SmileyCounts:
    """One group's counts: the groups' added up, smiley by smiley."""

    def add(kind: str) -> dict[str, int]:
        keys = getattr(groups[0], kind) if groups else {}
        return {key: sum(getattr(group, kind)[key] for group in groups) for key in keys}

    return SmileyCounts(label=label, effort=add("effort"), economy=add("economy"))


def build_agreement_report(
    agreement: Agreement | int, round_ordinal: int, *, include_submitted: bool = False
) -> AgreementReport:
    """The agreement's report at round `round_ordinal`: every plan's follow-up report (the
    same as the committee gets), and their totals. Raises FollowUpRound.DoesNotExist for an
    unknown round and Agreement.DoesNotExist for an unknown agreement."""
    if not isinstance(agreement, Agreement):
        agreement = selectors.agreement_for_report(agreement)
    current = selectors.agreement_round(agreement, round_ordinal)
    plans = [
        build_plan_report(plan, round_ordinal, include_submitted=include_submitted)
        for plan in selectors.plans_for_report(agreement)
    ]
    by_committee = [summed(plan.committee, [plan.summary.total]) for plan in plans if plan.summary]
    title = _("Opfølgning på %(agreement)s: alle udvalg") % {"agreement": agreement.title}
    labels = dict(plans[0].labels) if plans else {}
    labels.update(
        summary_heading=_("Resumé for hele aftalen"),
        counts_caption=_("Antal smileys pr. udvalg i %(round)s") % {"round": current.name},
        count_theme=_("Udvalg"),
        count_columns=[_("Udvalg"), *labels.get("count_columns", [""])[1:]],
        sections_heading=_("Udvalgenes opfølgninger"),
    )
    return AgreementReport(
        document_title=f"{title} – {current.name}",
        title=title,
        agreement=agreement.title,
        round_ordinal=current.ordinal,
        round_name=current.name,
        by_committee=by_committee,
        total=summed(_("I alt"), by_committee),
        economy_tables=agreement_economy_tables(agreement, plans, current),
        plans=plans,
        labels=labels,
        generated_on=danish_date(plans[0].meta.date) if plans else "",
        file_stem=file_stem(_("opfølgning"), str(current.ordinal), agreement.title, _("alle udvalg")),
    )
