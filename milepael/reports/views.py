"""The report pages: a plan's reports (generate one for a committee meeting, quick links,
the reports generated before), each report as a page (HTML) or a download, and the record
of a generated report with its progress when it is made in the background."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from milepael.core.downloads import attachment
from milepael.core.ratelimit import concurrency_limited
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan
from milepael.term.models import ElectionTerm

from . import jobs, selectors, services
from .forms import ReportOrderForm
from .models import ReportJob
from .renderers import PLAN, UnknownFormat, renderer_for, renderers_of

# At most MILEPAEL_REPORT_RENDERS_PER_USER renders at once per user; one more gets a Danish 429.
render_limit = concurrency_limited("report-renders", limit_setting="MILEPAEL_REPORT_RENDERS_PER_USER")


def _report_plan_or_404(plan_pk) -> ImplementationPlan:
    """Any plan, published or not (report pages are internal)."""
    return get_or_404(selectors.plan_for_report, int(plan_pk))


def _page_body(result: services.ReportFile) -> SafeString:
    # The HTML renderer's output is our own template's, autoescaped when it was rendered.
    return mark_safe(result.content.decode("utf-8"))  # noqa: S308


def _report_page(request, plan: ImplementationPlan, result: services.ReportFile) -> HttpResponse:
    return render(request, "reports/report.html", {"plan": plan, "report": result.report, "body": _page_body(result)})


def _reports_page(request, plan: ImplementationPlan, form: ReportOrderForm | None = None) -> HttpResponse:
    page = selectors.reports_page(plan, request.user, every_users=permissions.can_see_every_report_job(request.user))
    renderers = renderers_of(PLAN)
    if form is None:
        form = ReportOrderForm(plan=plan, rounds=page.rounds, renderers=renderers, today=timezone.localdate())
    context = {
        "plan": plan,
        "form": form,
        "rounds": page.rounds,
        "renderers": renderers,
        "committee_names": page.committee_names,
        "earlier": jobs.earlier_reports(page),
    }
    return render(request, "reports/plan_reports.html", context)


@internal_required
def plan_reports(request, plan_pk: int):
    """Generate a report for a committee meeting; quick links to every report in every
    format; the reports generated before, to download or generate again."""
    return _reports_page(request, _report_plan_or_404(plan_pk))


def _generated(request, plan: ImplementationPlan, job: ReportJob, result: services.ReportFile | None):
    """The answer to a generated report: its page, its file, or the progress of the job."""
    if result is None:
        return redirect("reports:job", job_id=job.pk)
    if not result.downloadable:
        return _report_page(request, plan, result)
    return attachment(result.content, result.filename, result.content_type)


@require_POST
@internal_required
@render_limit
def generate(request, plan_pk: int):
    """The report the form asks for, recorded so it can be generated again; the form again,
    with what the user typed and the errors, if something is wrong."""
    plan = _report_plan_or_404(plan_pk)
    form = ReportOrderForm(
        request.POST,
        plan=plan,
        rounds=selectors.rounds_with_ratings(plan),
        renderers=renderers_of(PLAN),
        today=timezone.localdate(),
    )
    if not form.is_valid():
        return _reports_page(request, plan, form)
    job, result = jobs.order_report(plan=plan, order=form.to_order(), user=request.user)
    return _generated(request, plan, job, result)


def _report(request, plan: ImplementationPlan, ordinal: int | None, format: str):
    include_submitted = request.GET.get("indsendte") == "1"
    try:
        result = jobs.quick_report(
            plan=plan, round_ordinal=ordinal, format=format, include_submitted=include_submitted, user=request.user
        )
    except (UnknownFormat, FollowUpRound.DoesNotExist) as exc:
        raise Http404 from exc
    if isinstance(result, ReportJob):
        return redirect("reports:job", job_id=result.pk)
    if not result.downloadable:
        return _report_page(request, plan, result)
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
    """The election-term status report as a print-friendly page (HTML) or a download (from
    the worker when the term follows many initiatives)."""
    try:
        result = jobs.term_report(term_id=int(term_pk), format=format, user=request.user)
    except (UnknownFormat, ElectionTerm.DoesNotExist) as exc:
        raise Http404 from exc
    if isinstance(result, ReportJob):
        return redirect("reports:job", job_id=result.pk)
    if not result.downloadable:
        context = {"term_pk": int(term_pk), "report": result.report, "body": _page_body(result)}
        return render(request, "reports/term_report.html", context)
    return attachment(result.content, result.filename, result.content_type)


@internal_required
@render_limit
def agreement_report(request, agreement_pk, ordinal, format: str):
    """The whole agreement's report at round N: a page (HTML) or a download (PDF, Word, Excel;
    from the worker when the agreement's plans are large)."""
    try:
        result = jobs.agreement_report(
            agreement_id=int(agreement_pk), round_ordinal=int(ordinal), format=format, user=request.user
        )
    except (UnknownFormat, Agreement.DoesNotExist, FollowUpRound.DoesNotExist) as exc:
        raise Http404 from exc
    if isinstance(result, ReportJob):
        return redirect("reports:job", job_id=result.pk)
    if not result.downloadable:
        context = {"agreement_pk": int(agreement_pk), "report": result.report, "body": _page_body(result)}
        return render(request, "reports/agreement_report.html", context)
    return attachment(result.content, result.filename, result.content_type)


def _job_or_404(request, job_id) -> ReportJob:
    job = get_or_404(selectors.job_for_page, job_id)
    # Someone else's job is not found rather than forbidden: its existence is not theirs to know.
    if not permissions.can_see_report_job(request.user, job.created_by_id):
        raise Http404
    return job


@internal_required
def job_status(request, job_id):
    """A generated report: an HTML report is shown as its page (with the recorded date,
    committee meeting and case id); a file's record says what it is, follows the progress
    of a background job and offers the file or »Dan igen«."""
    job = _job_or_404(request, job_id)
    if job.kind == ReportJob.Kind.PLAN and job.status == ReportJob.Status.DONE and not _downloadable_format(job.format):
        result = services.render_order(job.plan, jobs.order_of(job))
        return _report_page(request, job.plan, result)
    template = "reports/_job_progress.html" if request.htmx else "reports/job.html"
    return render(request, template, {"job": job, "earlier": jobs.describe(job)})


def _downloadable_format(format: str) -> bool:
    try:
        return renderer_for(PLAN, format).downloadable
    except UnknownFormat:
        return True


@require_POST
@internal_required
@render_limit
def regenerate(request, job_id):
    """»Dan igen«: the same report, with the same date, committee meeting and case id."""
    job = _job_or_404(request, job_id)
    try:
        new_job, result = jobs.again(job, user=request.user)
    except (UnknownFormat, FollowUpRound.DoesNotExist, Agreement.DoesNotExist, ElectionTerm.DoesNotExist) as exc:
        raise Http404 from exc
    if job.kind != ReportJob.Kind.PLAN and result is not None:
        return attachment(result.content, result.filename, result.content_type)
    return _generated(request, job.plan, new_job, result)


@internal_required
def job_download(request, job_id):
    job = _job_or_404(request, job_id)
    if not job.file_kept or job.status != ReportJob.Status.DONE:
        return redirect("reports:job", job_id=job.pk)
    return attachment(selectors.job_content(job), job.filename, job.content_type)
