import base64

from django.http import Http404
from django.shortcuts import redirect, render

from milepael.core.downloads import attachment
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required
from milepael.plans.models import FollowUpRound, ImplementationPlan
from milepael.term.models import ElectionTerm

from . import selectors, services
from .builders import build_plan_report
from .charts import report_charts
from .models import ReportJob

FORMAT_LABELS = {"html": "HTML", "pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


def _report_plan_or_404(plan_pk) -> ImplementationPlan:
    """Any plan, published or not (report pages are internal)."""
    try:
        return selectors.plan_for_report(int(plan_pk))
    except ImplementationPlan.DoesNotExist as exc:
        raise Http404 from exc


@internal_required
def plan_reports(request, plan_pk: int):
    """Download links: the plan, and the follow-up report of every round with ratings."""
    plan = _report_plan_or_404(plan_pk)
    return render(
        request,
        "reports/plan_reports.html",
        {"plan": plan, "rounds": selectors.rounds_with_ratings(plan), "formats": FORMAT_LABELS.items()},
    )


def _report(request, plan: ImplementationPlan, ordinal: int | None, format: str):
    include_submitted = request.GET.get("indsendte") == "1"
    if format == "html":
        try:
            report = build_plan_report(plan, ordinal, include_submitted=include_submitted)
        except FollowUpRound.DoesNotExist as exc:
            raise Http404 from exc
        chart_images = []
        for chart in report_charts(report, "svg"):
            data = base64.b64encode(chart.content).decode("ascii")
            chart_images.append({"src": f"data:image/svg+xml;base64,{data}", "alt": chart.alt_text})
        return render(request, "reports/report.html", {"plan": plan, "report": report, "charts": chart_images})
    if ordinal is not None and not selectors.round_exists(plan, ordinal):
        raise Http404
    if services.runs_in_background(selectors.initiative_count(plan)):
        job = services.start_job(plan.pk, ordinal, format, include_submitted=include_submitted, user=request.user)
        return redirect("reports:job", job_id=job.pk)
    result = services.render(plan.pk, ordinal, format, include_submitted=include_submitted)
    return attachment(result.content, result.filename, result.content_type)


@internal_required
def plan_report(request, plan_pk, format: str):
    return _report(request, _report_plan_or_404(plan_pk), None, format)


@internal_required
def followup_report(request, plan_pk, ordinal, format: str):
    return _report(request, _report_plan_or_404(plan_pk), int(ordinal), format)


@internal_required
def term_report(request, term_pk, format: str):
    """The election-term status report as a download (PDF, Word or Excel)."""
    try:
        result = services.render_term(int(term_pk), format)
    except ElectionTerm.DoesNotExist as exc:
        raise Http404 from exc
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
