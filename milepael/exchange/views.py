from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from milepael.core import exports as core_exports
from milepael.core.downloads import attachment
from milepael.core.formatting import download_name
from milepael.core.imports import IMPORT_ERRORS, FormatErrors
from milepael.core.ratelimit import concurrency_limited
from milepael.core.shortcuts import get_or_404
from milepael.core.xlsx import XLSX_CONTENT_TYPE
from milepael.followup.selectors import round_for_page
from milepael.organisation import permissions
from milepael.organisation.permissions import can_import, internal_required, require
from milepael.plans.economy import economy_table, set_economy_amounts
from milepael.plans.models import FollowUpRound, ImplementationPlan
from milepael.plans.selectors import adopted_amounts, plan_for_page

from . import exports, jobs, selectors
from .economy_amounts import fingerprint, initiative_suggestion
from .formats import confirm_upload, import_upload
from .forms import (
    EconomySuggestionForm,
    PlanConfirmForm,
    PlanUploadForm,
    RatingsConfirmForm,
    RatingsUploadForm,
    SkeletonConfirmForm,
    SkeletonUploadForm,
)
from .plan_import import PreviewOutdated
from .skeleton import import_skeleton, skeleton_template_xlsx
from .xlsx_ratings import RatingsImportError, import_ratings_xlsx

TOO_LARGE = 413


def _error_messages(exc: Exception) -> list[str]:
    """Each problem of a refused file as the page lists it ("Linje 12: …")."""
    return [str(error) for error in exc.errors] if isinstance(exc, FormatErrors) else [str(exc)]


def _form_errors(form) -> list[str]:
    return [message for messages_ in form.errors.values() for message in messages_]


@require(can_import)
def import_plan_view(request):
    """Upload → preview (a dry run of the real import) → confirm with the user's decisions.
    Nothing is saved before confirm; a confirm whose preview is outdated shows the new one."""
    context = {"form": PlanUploadForm()}
    if request.method != "POST":
        return render(request, "exchange/import_plan.html", context)
    try:
        confirming = "confirm" in request.POST
    except RequestDataTooBig:
        context["errors"] = [_("Filen er for stor til at blive gemt. Upload en mindre fil.")]
        return render(request, "exchange/import_plan.html", context, status=TOO_LARGE)
    status = _confirm_plan(request, context) if confirming else _preview_plan(request, context)
    if status is None and "job" in context:
        return redirect("exchange:import_job", job_id=context["job"].pk)
    if status is None:
        return redirect(context["report"].plan.get_absolute_url())
    return render(request, "exchange/import_plan.html", context, status=status)


def _preview_plan(request, context: dict) -> int:
    form = context["form"] = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return 422 if form.errors else 200
    upload = form.cleaned_data["file"]
    try:
        report = import_upload(upload, dry_run=True)
    except IMPORT_ERRORS as exc:
        context["errors"] = _error_messages(exc)
        return 422
    context.update(report=report, confirm_form=PlanConfirmForm.for_preview(upload, report))
    return 200


def _confirm_plan(request, context: dict) -> int | None:
    """The real import with the choices made in the preview; None when it is saved."""
    form = PlanConfirmForm(request.POST)
    if not form.is_valid():
        context["errors"] = _form_errors(form)
        return 422
    upload = form.cleaned_data["upload"]
    try:
        preview = import_upload(upload, dry_run=True)
        form = PlanConfirmForm(request.POST, report=preview)
        context.update(report=preview, confirm_form=form)
        if not form.is_valid():
            context["errors"] = _form_errors(form) if form.non_field_errors() else []
            return 422
        if jobs.runs_in_background(preview.initiative_count):
            # A large plan: the worker imports the very file confirmed here (jobs.py).
            context["job"] = jobs.enqueue_import(
                upload,
                department_choices=form.department_choices,
                use_amounts=form.use_amounts,
                fingerprint=form.cleaned_data["fingerprint"] or None,
                user=request.user,
            )
            return None
        report = confirm_upload(
            upload,
            department_choices=form.department_choices,
            expected_fingerprint=form.cleaned_data["fingerprint"] or None,
            use_amounts=form.use_amounts,
        )
    except PreviewOutdated as outdated:
        outdated.report.amount_suggestions = preview.amount_suggestions
        context.update(
            report=outdated.report,
            previewed=form.cleaned_data.get("previewed", ""),
            confirm_form=PlanConfirmForm.for_preview(upload, outdated.report),
        )
        return 409
    except IMPORT_ERRORS as exc:
        context.pop("report", None)
        context["errors"] = _error_messages(exc)
        return 422
    messages.success(request, _("Udmøntningen er importeret: %(summary)s") % {"summary": report.summary()})
    context["report"] = report
    return None


# The Excel exports share the report renders' slots (the same name): at most
# MILEPAEL_REPORT_RENDERS_PER_USER renders or exports at once per user.
render_limit = concurrency_limited("report-renders", limit_setting="MILEPAEL_REPORT_RENDERS_PER_USER")


def _export(request, name: str, params: dict, plan: ImplementationPlan):
    """The workbook now, or the progress page of the worker's job for a large plan."""
    made = core_exports.order(name, params, size=selectors.initiative_count(plan), user=request.user)
    if isinstance(made, str):
        return redirect(made)
    return attachment(made.content, made.filename, made.content_type)


@require(can_import)
def import_job_view(request, job_id):
    """A plan imported in the background: what is happening (htmx polls the progress part),
    then the result with a link to the plan, or the errors with their place."""
    job = get_or_404(selectors.import_job, job_id)
    template = "exchange/_import_job_progress.html" if request.htmx else "exchange/import_job.html"
    return render(request, template, {"job": job, "errors": job.errors})


@internal_required
@render_limit
def export_plan_xlsx_view(request, pk: int):
    """The plan as an Excel workbook, to edit and import again."""
    try:
        plan = plan_for_page(pk)
    except ImplementationPlan.DoesNotExist as exc:
        raise Http404 from exc
    return _export(request, exports.PLAN_WORKBOOK, {"plan": plan.pk}, plan)


@internal_required
@render_limit
def export_ratings_xlsx_view(request, round_pk: int, plan_pk: int):
    """One round's ratings of a plan as an Excel workbook, to fill in and upload again."""
    try:
        round_ = round_for_page(round_pk)
        plan = selectors.plan_of_round(round_, plan_pk)
    except (FollowUpRound.DoesNotExist, ImplementationPlan.DoesNotExist) as exc:
        raise Http404 from exc
    return _export(request, exports.RATINGS_WORKBOOK, {"plan": plan.pk, "round": round_.pk}, plan)


@internal_required
def import_ratings_view(request, round_pk: int):
    """Upload → preview (a dry run through the rating rules) → confirm. Nothing is saved before confirm."""
    try:
        round_ = round_for_page(round_pk)
    except FollowUpRound.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can_rate_in_round(request.user, selectors.departments_of_round(round_)):
        raise PermissionDenied
    context = {"round": round_, "form": RatingsUploadForm()}
    if request.method == "POST":
        try:
            confirming = "confirm" in request.POST
        except RequestDataTooBig:
            context["errors"] = [_("Filen er for stor til at blive gemt. Upload en mindre fil.")]
            return render(request, "exchange/import_ratings.html", context, status=TOO_LARGE)
        form = RatingsConfirmForm(request.POST) if confirming else RatingsUploadForm(request.POST, request.FILES)
        if not confirming:
            context["form"] = form
        if form.is_valid():
            upload, mode = form.cleaned_data["upload" if confirming else "file"], form.cleaned_data["mode"]
            try:
                report = import_ratings_xlsx(
                    upload.data, round_=round_, user=request.user, submit=mode == "submit", dry_run=not confirming
                )
            except RatingsImportError as exc:
                context["errors"] = _error_messages(exc)
            else:
                if confirming:
                    messages.success(
                        request,
                        _("Vurderingerne er indlæst fra Excel: %(count)d ændret.") % {"count": len(report.changes)},
                    )
                    return redirect("followup:worklist", pk=round_.pk)
                context.update(report=report, confirm_form=RatingsConfirmForm.for_upload(upload, mode))
        elif confirming:
            context["errors"] = _form_errors(form)
    return render(request, "exchange/import_ratings.html", context, status=422 if context.get("errors") else 200)


@require(can_import)
def economy_suggestion_view(request, initiative_pk: int):
    """The amounts read from the initiative's economy text, shown beside the amounts stored,
    saved only when the administrator ticks »Brug de foreslåede beløb« and confirms."""
    initiative = get_or_404(selectors.initiative_for_suggestion, initiative_pk)
    reading = initiative_suggestion(initiative)
    shown = fingerprint(reading)
    form = EconomySuggestionForm(request.POST if request.method == "POST" else None, initial={"shown": shown})
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["shown"] != shown:
            messages.warning(request, _("Økonomiteksten er ændret siden siden blev vist. Se det nye forslag igen."))
            form, status = EconomySuggestionForm(initial={"shown": shown}), 409
        else:
            set_economy_amounts(initiative, reading.amounts)
            messages.success(request, _("Beløbene for %(number)s er gemt.") % {"number": initiative.number})
            return redirect(initiative.get_absolute_url())
    elif form.errors:
        status = 422
    context = {
        "initiative": initiative,
        "form": form,
        "reading": reading,
        "suggested": economy_table(reading.amounts, _("I alt")),
        "economy": economy_table(adopted_amounts(initiative), _("I alt")),
    }
    return render(request, "exchange/economy_suggestion.html", context, status=status)


@require(can_import)
def skeleton_template_view(request):
    """The empty skeleton workbook to fill in."""
    return attachment(
        skeleton_template_xlsx(), download_name(_("aftalens skelet"), extension="xlsx"), XLSX_CONTENT_TYPE
    )


@require(can_import)
def import_skeleton_view(request, agreement_pk: int):
    """Upload the agreement's skeleton → preview (a dry run) → confirm: the plans are created."""
    agreement = get_or_404(selectors.agreement_for_skeleton, agreement_pk)
    context = {"agreement": agreement, "form": SkeletonUploadForm()}
    if request.method != "POST":
        return render(request, "exchange/import_skeleton.html", context)
    try:
        confirming = "confirm" in request.POST
    except RequestDataTooBig:
        context["errors"] = [_("Filen er for stor til at blive gemt. Upload en mindre fil.")]
        return render(request, "exchange/import_skeleton.html", context, status=TOO_LARGE)
    form = SkeletonConfirmForm(request.POST) if confirming else SkeletonUploadForm(request.POST, request.FILES)
    if not confirming:
        context["form"] = form
    if not form.is_valid():
        context["errors"] = _form_errors(form) if confirming else []
        return render(request, "exchange/import_skeleton.html", context, status=422)
    upload = form.cleaned_data["upload" if confirming else "file"]
    try:
        report = import_skeleton(upload.data, agreement, dry_run=not confirming)
    except IMPORT_ERRORS as exc:
        context["errors"] = _error_messages(exc)
        return render(request, "exchange/import_skeleton.html", context, status=422)
    if confirming:
        messages.success(request, _("Aftalens skelet er importeret: %(summary)s") % {"summary": report.summary()})
        return redirect("followup:agreement", pk=agreement.pk)
    context.update(report=report, confirm_form=SkeletonConfirmForm.for_upload(upload))
    return render(request, "exchange/import_skeleton.html", context)
