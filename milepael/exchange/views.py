from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from milepael.core.downloads import attachment
from milepael.core.formatting import download_name
from milepael.core.imports import IMPORT_ERRORS
from milepael.core.xlsx import XLSX_CONTENT_TYPE
from milepael.followup.selectors import round_for_page
from milepael.organisation import permissions
from milepael.organisation.permissions import can_import, internal_required, require
from milepael.plans.models import FollowUpRound, ImplementationPlan
from milepael.plans.selectors import plan_for_page

from . import selectors
from .formats import import_upload
from .forms import PlanConfirmForm, PlanUploadForm, RatingsConfirmForm, RatingsUploadForm
from .xlsx_plan import export_plan_xlsx
from .xlsx_ratings import RatingsImportError, export_ratings_xlsx, import_ratings_xlsx


@require(can_import)
def import_plan_view(request):
    """Upload → preview (a dry run of the real import) → confirm. Nothing is saved before confirm."""
    context = {"form": PlanUploadForm()}
    if request.method == "POST":
        try:
            confirming = "confirm" in request.POST
        except RequestDataTooBig:
            context["error"] = _("Filen er for stor til at blive gemt. Upload en mindre fil.")
            return render(request, "exchange/import_plan.html", context, status=413)
        form = PlanConfirmForm(request.POST) if confirming else PlanUploadForm(request.POST, request.FILES)
        context["form"] = form if not confirming else PlanUploadForm()
        if form.is_valid():
            upload = form.cleaned_data["upload" if confirming else "file"]
            try:
                report = import_upload(upload, dry_run=not confirming)
            except IMPORT_ERRORS as exc:
                context["error"] = exc
            else:
                if confirming:
                    messages.success(
                        request, _("Udmøntningen er importeret: %(summary)s") % {"summary": report.summary()}
                    )
                    return redirect(report.plan.get_absolute_url())
                context.update(report=report, upload=upload, confirm_form=PlanConfirmForm.for_upload(upload))
        elif confirming:
            context["error"] = " ".join(message for messages_ in form.errors.values() for message in messages_)
    return render(request, "exchange/import_plan.html", context, status=422 if context.get("error") else 200)


@internal_required
def export_plan_xlsx_view(request, pk: int):
    """The plan as an Excel workbook, to edit and import again."""
    try:
        plan = plan_for_page(pk)
    except ImplementationPlan.DoesNotExist as exc:
        raise Http404 from exc
    filename = download_name("udmøntning", plan.agreement.title, plan.committee.name, extension="xlsx")
    return attachment(export_plan_xlsx(plan), filename, XLSX_CONTENT_TYPE)


@internal_required
def export_ratings_xlsx_view(request, round_pk: int, plan_pk: int):
    """One round's ratings of a plan as an Excel workbook, to fill in and upload again."""
    try:
        round_ = round_for_page(round_pk)
        plan = selectors.plan_of_round(round_, plan_pk)
    except (FollowUpRound.DoesNotExist, ImplementationPlan.DoesNotExist) as exc:
        raise Http404 from exc
    filename = download_name("vurderinger", round_.name, plan.committee.name, extension="xlsx")
    return attachment(export_ratings_xlsx(plan, round_, request.user), filename, XLSX_CONTENT_TYPE)


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
            return render(request, "exchange/import_ratings.html", context, status=413)
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
                context["errors"] = [str(error) for error in exc.errors]
            else:
                if confirming:
                    messages.success(
                        request,
                        _("Vurderingerne er indlæst fra Excel: %(count)d ændret.") % {"count": len(report.changes)},
                    )
                    return redirect("followup:worklist", pk=round_.pk)
                context.update(report=report, confirm_form=RatingsConfirmForm.for_upload(upload, mode))
        elif confirming:
            context["errors"] = [message for messages_ in form.errors.values() for message in messages_]
    return render(request, "exchange/import_ratings.html", context, status=422 if context.get("errors") else 200)
