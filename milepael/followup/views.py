from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from milepael.core import smileys
from milepael.core.downloads import attachment
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.models import Department
from milepael.organisation.permissions import administrator_required, internal_required
from milepael.plans import selectors as plan_selectors
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative

from . import calendar, selectors, services
from .forms import ApproveForm, EconomyRevisionForm, OpenRoundForm, RatingForm, ReopenRoundForm, ReturnForm
from .models import Rating
from .tasks import send_reminders_now


def _round_or_404(pk: int) -> FollowUpRound:
    try:
        return selectors.round_for_page(pk)
    except FollowUpRound.DoesNotExist as exc:
        raise Http404 from exc


def _validation_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@internal_required
def rounds_index(request):
    return render(
        request,
        "followup/rounds.html",
        {
            "rounds": selectors.rounds_with_events(),
            "can_manage": permissions.can_manage_rounds(request.user),
            "open_form": OpenRoundForm(),
            "reopen_form": ReopenRoundForm(),
        },
    )


@internal_required
def round_detail(request, pk: int):
    round_ = _round_or_404(pk)
    return render(
        request,
        "followup/round_detail.html",
        {
            "round": round_,
            "progress": selectors.round_progress(round_),
            "events": round_.events.select_related("by"),
            "can_manage": permissions.can_manage_rounds(request.user),
            "open_form": OpenRoundForm(),
            "reopen_form": ReopenRoundForm(),
        },
    )


@require_POST
@administrator_required
def round_action(request, pk: int, action: str):
    round_ = _round_or_404(pk)
    try:
        if action == "open":
            form = OpenRoundForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Angiv en gyldig frist for at åbne opfølgningen."))
            services.open_round(round_, user=request.user, deadline=form.cleaned_data["deadline"])
            # The departments hear about it right away (by the worker), not at the next cron run.
            transaction.on_commit(send_reminders_now.enqueue)
            messages.success(request, _("Opfølgningen »%(round)s« er åbnet.") % {"round": round_.name})
        elif action == "close":
            services.close_round(round_, user=request.user)
            messages.success(request, _("Opfølgningen »%(round)s« er lukket.") % {"round": round_.name})
        elif action == "reopen":
            services.reopen_round(round_, user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Opfølgningen »%(round)s« er genåbnet.") % {"round": round_.name})
        else:
            raise Http404
    except ValidationError as error:
        _validation_messages(request, error)
    return redirect("followup:round", pk=round_.pk)


@internal_required
def worklist(request, pk: int):
    round_ = _round_or_404(pk)
    initiatives = selectors.worklist(round_, request.user)
    for initiative in initiatives:
        initiative.can_rate = permissions.can_rate(request.user, initiative)
    return render(request, "followup/worklist.html", {"round": round_, "initiatives": initiatives})


@internal_required
def rate(request, pk: int, initiative_pk: int):
    round_ = _round_or_404(pk)
    initiative = get_object_or_404(
        Initiative.objects.select_related("plan__agreement", "responsible_department", "theme"),
        pk=initiative_pk,
        plan__agreement_id=round_.agreement_id,
    )
    if not permissions.can_rate(request.user, initiative):
        raise PermissionDenied
    milestone = services.milestone_for(initiative, round_)
    milestone_blank = milestone is None or milestone.is_blank
    rating = Rating.objects.filter(initiative=initiative, round=round_).select_related("updated_by").first()
    conflict = None
    if request.method == "POST":
        form = RatingForm(request.POST, milestone_blank=milestone_blank)
        if form.is_valid():
            try:
                services.save_rating(
                    initiative=initiative,
                    round_=round_,
                    user=request.user,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                    submit="submit" in request.POST,
                )
            except services.RatingConflict as exc:
                # Keep what the user typed; show what is stored now beside it.
                conflict = exc.current
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, field_errors)
                else:
                    form.add_error(None, error.messages)
            else:
                if "submit" in request.POST:
                    messages.success(
                        request, _("Vurderingen af %(number)s er indsendt.") % {"number": initiative.number}
                    )
                else:
                    messages.success(request, _("Kladden til %(number)s er gemt.") % {"number": initiative.number})
                return redirect("followup:worklist", pk=round_.pk)
    else:
        initial = {"version": rating.version if rating else 0}
        if rating:
            initial.update(
                effort=rating.effort,
                effort_comment=rating.effort_comment,
                economy=rating.economy,
                economy_comment=rating.economy_comment,
                alternative_financing=rating.alternative_financing,
            )
        elif milestone_blank:
            initial["effort"] = smileys.NO_MILESTONE
        form = RatingForm(initial=initial, milestone_blank=milestone_blank)
    earlier = selectors.attach_round_data(
        [initiative], list(FollowUpRound.objects.filter(agreement_id=round_.agreement_id, ordinal__lt=round_.ordinal))
    )[0].by_round
    context = {
        "round": round_,
        "initiative": initiative,
        "milestone": milestone,
        "rating": rating,
        "form": form,
        "conflict": conflict,
        "earlier": earlier,
        "baseline": services.current_economy_baseline(initiative),
        "editable": round_.is_open
        and not (rating and rating.status == Rating.Status.APPROVED and not permissions.is_administrator(request.user)),
    }
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    return render(request, "followup/rate.html", context, status=status)


@administrator_required
def review(request, pk: int):
    round_ = _round_or_404(pk)
    return render(
        request,
        "followup/review.html",
        {"round": round_, "ratings": selectors.ratings_to_review(round_), "progress": selectors.round_progress(round_)},
    )


@require_POST
@administrator_required
def review_action(request, rating_pk: int, action: str):
    rating = get_object_or_404(Rating.objects.select_related("initiative", "round"), pk=rating_pk)
    try:
        if action == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Ugyldig anmodning."))
            services.approve_rating(rating, user=request.user, expected_version=form.cleaned_data["version"])
            messages.success(request, _("%(number)s er godkendt.") % {"number": rating.initiative.number})
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Skriv hvorfor vurderingen sendes retur."))
            services.return_rating(
                rating,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                remark=form.cleaned_data["remark"],
            )
            messages.success(
                request, _("%(number)s er sendt retur til centret.") % {"number": rating.initiative.number}
            )
        else:
            raise Http404
    except services.RatingConflict:
        messages.error(
            request,
            _("%(number)s er ændret, siden du åbnede siden. Se den nye version, før du godkender eller sender retur.")
            % {"number": rating.initiative.number},
        )
    except ValidationError as error:
        _validation_messages(request, error)
    return redirect("followup:review", pk=rating.round_id)


@internal_required
def initiative_detail(request, plan_pk: int, number: str):
    """The initiative with its milestones, ratings per round, economy revisions and history."""
    initiative = get_or_404(plan_selectors.initiative_for_page, plan_pk, number)
    context = {
        "initiative": initiative,
        "plan": initiative.plan,
        "ratings": selectors.ratings_by_round(initiative),
        "revisions": selectors.economy_revisions(initiative),
        "history": selectors.initiative_history(initiative),
        "can_revise_economy": permissions.can_revise_economy(request.user),
    }
    return render(request, "followup/initiative_detail.html", context)


@internal_required
def plan_smileys(request, plan_pk: int):
    plan = get_object_or_404(ImplementationPlan.objects.select_related("agreement", "committee"), pk=plan_pk)
    return render(request, "followup/plan_smileys.html", {"plan": plan, "overview": selectors.smiley_overview(plan)})


@internal_required
def economy_revision(request, initiative_pk: int):
    initiative = get_object_or_404(Initiative.objects.select_related("plan__agreement"), pk=initiative_pk)
    if not permissions.can_revise_economy(request.user):
        raise PermissionDenied
    form = EconomyRevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_economy(initiative, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Den reviderede økonomi for %(number)s er gemt.") % {"number": initiative.number}
            )
            return redirect(initiative.get_absolute_url())
    return render(
        request,
        "followup/economy_revision.html",
        {"initiative": initiative, "form": form, "revisions": initiative.economy_revisions.all()},
        status=422 if form.errors else 200,
    )


def deadline_calendar(request, token: str):
    """iCal feed of a department's round deadlines (signed address, no login)."""
    try:
        department = calendar.department_from_token(token)
    except (signing.BadSignature, Department.DoesNotExist) as exc:
        raise Http404 from exc
    return attachment(
        calendar.ical_for(department, request.get_host()),
        "milepael-frister.ics",
        "text/calendar; charset=utf-8",
        inline=True,
    )


@internal_required
def calendar_links(request):
    """The calendar address for each department the user reports for (all for administrators)."""
    departments = Department.objects.order_by("name")
    if not permissions.is_administrator(request.user):
        departments = departments.filter(pk__in=permissions.department_ids(request.user))
    links = [
        (d, request.build_absolute_uri(reverse("followup:calendar", args=[calendar.feed_token(d)])))
        for d in departments
    ]
    return render(request, "followup/calendar_links.html", {"links": links})
