"""The report pages: the list of a plan's reports, each report as a page (HTML) or a
download, and the progress of a report generated in the background."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe

from milepael.core.downloads import attachment
from milepael.core.ratelimit import concurrency_limited
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required
from milepael.plans.models import FollowUpRound, ImplementationPlan
from milepael.term.models import ElectionTerm

from . import jobs, selectors, services
from .models import ReportJob
from .renderers import PLAN, UnknownFormat, renderers_of

# At most MILEPAEL_REPORT_RENDERS_PER_USER renders at once per user; one more gets a Danish 429.
render_limit = concurrency_limited("report-renders", limit_setting="MILEPAEL_REPORT_RENDERS_PER_USER")


def _report_plan_or_404(plan_pk) -> ImplementationPlan:
    """Any plan, published or not (report pages are internal)."""
    try:
        return selectors.plan_for_report(int(plan_pk))
    except ImplementationPlan.DoesNotExist as exc:
        raise Http404 from exc


def _page_body(result: services.ReportFile) -> SafeString:
    # The HTML renderer's output is our own template's, autoescaped when it was rendered.
    return mark_safe(result.content.decode("utf-8"))  # noqa: S308


@internal_required
def plan_reports(request, plan_pk: int):
    """Links to the plan, and to the follow-up report of every round with ratings, in every format."""
    plan = _report_plan_or_404(plan_pk)
    return render(
        request,
        "reports/plan_reports.html",
        {"plan": plan, "rounds": selectors.rounds_with_ratings(plan), "renderers": renderers_of(PLAN)},
    )


def _report(request, plan: ImplementationPlan, ordinal: int | None, format: str):
    include_submitted = request.GET.get("indsendte") == "1"
    try:
        result = jobs.plan_report_or_job(
            plan=plan, round_ordinal=ordinal, format=format, include_submitted=include_submitted, user=request.user
        )
    except (UnknownFormat, FollowUpRound.DoesNotExist) as exc:
        raise Http404 from exc
    if isinstance(result, ReportJob):
        return redirect("reports:job", job_id=result.pk)
    if not result.downloadable:
        return render(
            request, "reports/report.html", {"plan": plan, "report": result.report, "body": _page_body(result)}
        )
    return attachment(result.content, result.filename, result.content_type)


@internal_required
@render_limit
def plan_report(request, plan_pk, format: str):
    return _report(request, _report_plan_or_404(plan_pk), None, format)


@internal_required
@render_limit
def followup_report(request, plan_pk, ordinal, format: str):
    return _report(request, _report_plan_or_404(plan_pk), int(ordinal), format)


@internal_required
@render_limit
def term_report(request, term_pk, format: str):
    """The election-term status report as a print-friendly page (HTML) or a download."""
    try:
        result = services.render_term_report(int(term_pk), format)
    except (UnknownFormat, ElectionTerm.DoesNotExist) as exc:
        raise Http404 from exc
    if not result.downloadable:
        context = {"term_pk": int(term_pk), "report": result.report, "body": _page_body(result)}
        return render(request, "reports/term_report.html", context)
    return attachment(result.content, result.filename, result.content_type)


def _job_or_404(request, job_id) -> ReportJob:
    try:
        job = selectors.job_for_page(job_id)
    except ReportJob.DoesNotExist as exc:
        raise Http404 from exc
    # Someone else's job is not found rather than forbidden: its existence is not theirs to know.
    if not permissions.can_see_report_job(request.user, job.created_by_id):
        raise Http404
    return job


@internal_required
def job_status(request, job_id):
    job = _job_or_404(request, job_id)
    template = "reports/_job_progress.html" if request.htmx else "reports/job.html"
    return render(request, template, {"job": job})


@internal_required
def job_download(request, job_id):
    job = _job_or_404(request, job_id)
    if job.status != ReportJob.Status.DONE:
        return redirect("reports:job", job_id=job.pk)
    return attachment(selectors.job_content(job), job.filename, job.content_type)
