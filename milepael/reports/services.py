"""Rendering a report: build its model once (`builders`, `term_builders`), then lay it out
with the renderer registered for the format (`renderers`). Whether a plan's report is
rendered now or by the background worker is `jobs`' decision."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from milepael.plans.models import ImplementationPlan

from .agreement import AgreementReport, build_agreement_report
from .builders import build_plan_report
from .document import PlanReport, ReportMeta
from .renderers import AGREEMENT, PLAN, TERM, renderer_for
from .term_builders import TermReport, build_term_report

# Building the report model is the first fifth of the work, laying it out most of the rest.
BUILT_PERCENT, LAID_OUT_PERCENT = 20, 95


@dataclass(frozen=True)
class ReportOrder:
    """What a clerk asks for: the plan itself (`round_ordinal` None) or its follow-up at
    round N, in `format`, counting submitted ratings or only approved ones, and headed with
    `meta` (the report's date, committee meeting and case id; None: the defaults)."""

    round_ordinal: int | None
    format: str
    include_submitted: bool = False
    meta: ReportMeta | None = None


@dataclass
class ReportFile:
    """A rendered report: its bytes, file name and type, and the report model it shows
    (a page needs its title). `downloadable` False: HTML, shown as a page."""

    content: bytes
    filename: str
    content_type: str
    downloadable: bool
    report: PlanReport | TermReport | AgreementReport

    @classmethod
    def of(cls, renderer, report, content: bytes) -> "ReportFile":
        """`content`, as `renderer` made it of `report`, with its name and type."""
        return cls(content, report.filename(renderer.extension), renderer.content_type, renderer.downloadable, report)


def _rendering_progress(progress: Callable[[int], None], done: int, total: int) -> None:
    """A renderer's (initiatives done, total) as the job's percentage."""
    if total:
        progress(BUILT_PERCENT + int((LAID_OUT_PERCENT - BUILT_PERCENT) * done / total))


def render_plan_report(
    plan: ImplementationPlan | int,
    round_ordinal: int | None,
    format: str,
    *,
    include_submitted: bool = False,
    meta: ReportMeta | None = None,
    progress: Callable[[int], None] | None = None,
) -> ReportFile:
    """The implementation plan (`round_ordinal` None) or its follow-up report at round N in
    `format`, headed with `meta` (None: builders.default_meta). `progress` gets a percentage
    now and then. Raises renderers.UnknownFormat and FollowUpRound.DoesNotExist."""
    renderer = renderer_for(PLAN, format)  # first: an unknown format costs no queries
    report = build_plan_report(plan, round_ordinal, include_submitted=include_submitted, meta=meta)
    if progress:
        progress(BUILT_PERCENT)
    content = renderer.render(report, functools.partial(_rendering_progress, progress) if progress else None)
    return ReportFile.of(renderer, report, content)


def render_order(plan: ImplementationPlan | int, order: ReportOrder, **options) -> ReportFile:
    """The report `order` asks for (see `render_plan_report`)."""
    return render_plan_report(
        plan, order.round_ordinal, order.format, include_submitted=order.include_submitted, meta=order.meta, **options
    )


def render_term_report(term_id: int, format: str) -> ReportFile:
    """The election term's status report in `format`. Small enough (tens of objectives) to
    render in the request. Raises renderers.UnknownFormat and ElectionTerm.DoesNotExist."""
    renderer = renderer_for(TERM, format)
    report = build_term_report(term_id)
    return ReportFile.of(renderer, report, renderer.render(report))


def render_agreement_report(agreement_id: int, round_ordinal: int, format: str) -> ReportFile:
    """The whole agreement's report at round N in `format` (every plan's follow-up report and
    a summary across them). Raises renderers.UnknownFormat, Agreement.DoesNotExist and
    FollowUpRound.DoesNotExist."""
    renderer = renderer_for(AGREEMENT, format)
    report = build_agreement_report(agreement_id, round_ordinal)
    return ReportFile.of(renderer, report, renderer.render(report))
