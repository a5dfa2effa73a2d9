from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import internal_required, require

from . import selectors, services
from .forms import CarryOverForm


@internal_required
def home(request):
    return render(request, "plans/home.html", {"agreements": selectors.agreements_with_plans()})


@require(permissions.can_carry_over)
def carry_over(request, pk: int):
    """Choose → preview (a dry run of the real carry-over) → confirm. Nothing is saved before confirm."""
    plan = get_or_404(selectors.plan_for_page, pk)
    form = CarryOverForm(request.POST or None, plan=plan)
    context = {"plan": plan, "form": form}
    if request.method == "POST" and form.is_valid():
        confirming = "confirm" in request.POST
        try:
            report = services.carry_over(
                source_plan=plan, user=request.user, dry_run=not confirming, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if confirming:
                messages.success(
                    request,
                    _("Videreført til »%(agreement)s«: %(created)d indsatser oprettet, %(skipped)d sprunget over.")
                    % {
                        "agreement": report.agreement_title,
                        "created": len(report.created),
                        "skipped": len(report.skipped),
                    },
                )
                return redirect("followup:plan", pk=report.plan_pk)
            context.update(report=report, hidden_values=form.hidden_values())
    status = 422 if form.errors else 200
    return render(request, "plans/carry_over.html", context, status=status)
