from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from milepael.organisation.permissions import can_import, internal_required, require
from milepael.plans.models import ImplementationPlan

from .formats import IMPORT_ERRORS, import_upload
from .forms import PlanConfirmForm, PlanUploadForm
from .xlsx_plan import XLSX_CONTENT_TYPE, export_filename, export_plan_xlsx


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
    plan = get_object_or_404(ImplementationPlan.objects.select_related("agreement", "committee"), pk=pk)
    response = HttpResponse(export_plan_xlsx(plan), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(plan, "xlsx"))
    patch_cache_control(response, private=True, no_store=True)
    return response
