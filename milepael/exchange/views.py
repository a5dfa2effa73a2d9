from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from milepael.organisation.permissions import can_import, require

from .forms import PlanConfirmForm, PlanUploadForm
from .plan_import import import_plan
from .seed_plan import PlanFormatError, parse_plan_text


@require(can_import)
def import_plan_view(request):
    """Upload → preview (a dry run of the real import) → confirm. Nothing is saved before confirm."""
    context = {"form": PlanUploadForm()}
    if request.method == "POST":
        confirming = "confirm" in request.POST
        form = PlanConfirmForm(request.POST) if confirming else PlanUploadForm(request.POST, request.FILES)
        context["form"] = form if not confirming else PlanUploadForm()
        if form.is_valid():
            text = form.cleaned_data["text" if confirming else "file"]
            try:
                report = import_plan(parse_plan_text(text), dry_run=not confirming)
            except PlanFormatError as exc:
                context["error"] = exc
            else:
                if confirming:
                    messages.success(
                        request, _("Udmøntningen er importeret: %(summary)s") % {"summary": report.summary()}
                    )
                    return redirect(report.plan.get_absolute_url())
                context.update(report=report, confirm_form=PlanConfirmForm(initial={"text": text}))
        elif confirming:
            context["error"] = form.errors.as_text()
    return render(request, "exchange/import_plan.html", context, status=422 if context.get("error") else 200)
