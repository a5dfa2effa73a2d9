import base64

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from milepael.core.downloads import attachment
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required
from milepael.plans.models import FollowUpRound, ImplementationPlan
from milepael.term.models import ElectionTerm

from . import charts, services
from .builders import build_plan_report, plan_for_report
from .models import ReportJob

FORMAT_LABELS = {"html": "HTML", "pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


def _plan_or_404(plan_pk) -> ImplementationPlan:
    try:
        return plan_for_report(int(plan_pk))
    except ImplementationPlan.DoesNotExist as exc:
        raise Http404 from exc


@internal_required
def plan_reports(request, plan_pk: int):
    """Download links: the plan, and the follow-up report of every round with ratings."""
    plan = _plan_or_404(plan_pk)
    rounds = (
        FollowUpRound.objects.filter(agreement_id=plan.agreement_id, ratings__initiative__plan=plan)
        .distinct()
        .order_by("ordinal")
    )
    return render(
        request,
        "reports/plan_reports.html",
        {"plan": plan, "rounds": rounds, "formats": FORMAT_LABELS.items()},
    )


def _report(request, plan: ImplementationPlan, ordinal: int | None, format: str):
    include_submitted = request.GET.get("indsendte") == "1"
    if format == "html":
        try:
            report = build_plan_report(plan, ordinal, include_submitted=include_submitted)
        except FollowUpRound.DoesNotExist as exc:
            raise Http404 from exc
        chart_images = []
        if report.summary is not None:
            for kind in ("effort", "economy"):
                chart = charts.smiley_distribution(report.summary.by_round, kind, format="svg")
                data = base64.b64encode(chart.content).decode("ascii")
                chart_images.append({"src": f"data:image/svg+xml;base64,{data}", "alt": chart.alt_text})
        return render(request, "reports/report.html", {"plan": plan, "report": report, "chart_images": chart_images})
    if (
        ordinal is not None
        and not FollowUpRound.objects.filter(agreement_id=plan.agreement_id, ordinal=ordinal).exists()
    ):
        raise Http404
    if services.runs_in_background(plan.initiatives.count()):
        job = services.start_job(plan.pk, ordinal, format, include_submitted=include_submitted, user=request.user)
        return redirect("reports:job", job_id=job.pk)
    result = services.render(plan.pk, ordinal, format, include_submitted=include_submitted)
    return attachment(result.content, result.filename, result.content_type)


@internal_required
def plan_report(request, plan_pk, format: str):
    return _report(request, _plan_or_404(plan_pk), None, format)


@internal_required
def followup_report(request, plan_pk, ordinal, format: str):
    return _report(request, _plan_or_404(plan_pk), int(ordinal), format)


@internal_required
def term_report(request, term_pk, format: str):
    """The election-term status report as a download (PDF, Word or Excel)."""
    try:
        result = services.render_term(int(term_pk), format)
    except ElectionTerm.DoesNotExist as exc:
        raise Http404 from exc
    return attachment(result.content, result.filename, result.content_type)


def _job_or_404(request, job_id) -> ReportJob:
    job = get_object_or_404(
        ReportJob.objects.select_related("plan__agreement", "plan__committee").defer("content"), pk=job_id
    )
    # A report job is personal: its owner and the administrators see it.
    if job.created_by_id != request.user.pk and not permissions.is_administrator(request.user):
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
    content = ReportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    return attachment(bytes(content), job.filename, job.content_type)
