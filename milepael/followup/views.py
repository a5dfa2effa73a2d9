from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from milepael.core.downloads import attachment
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.models import Department
from milepael.organisation.permissions import internal_required, require
from milepael.plans import selectors as plan_selectors
from milepael.plans.models import FollowUpRound, Initiative

from . import calendar, selectors, services
from .forms import ApproveForm, EconomyRevisionForm, OpenRoundForm, RatingForm, ReopenRoundForm, ReturnForm
from .tasks import send_reminders_now


def _validation_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _initiative_to_rate(request, round_pk: int, initiative_pk: int) -> tuple[FollowUpRound, Initiative]:
    """The round and the initiative of its agreement that the user rates, fetched with the right
    (like healthchecks' _get_rw_check_for_user): 404 when either does not exist or the initiative
    belongs to another agreement, 403 when the user may not rate it."""
    round_ = get_or_404(selectors.round_for_page, round_pk)
    initiative = get_or_404(selectors.initiative_to_rate, round_, initiative_pk)
    if not permissions.can_rate(request.user, initiative):
        raise PermissionDenied
    return round_, initiative


@internal_required
def rounds_index(request):
    return render(
        request,
        "followup/rounds.html",
        {
            "rounds": selectors.rounds_with_events(),
            "can_manage": permissions.can_manage_rounds(request.user),
        },
    )


@internal_required
def round_detail(request, pk: int):
    round_ = get_or_404(selectors.round_with_events, pk)
    return render(
        request,
        "followup/round_detail.html",
        {
            "round": round_,
            "progress": selectors.round_progress(round_),
            "events": round_.events.all(),
            "can_manage": permissions.can_manage_rounds(request.user),
            "open_form": OpenRoundForm(),
            "reopen_form": ReopenRoundForm(),
        },
    )


@require_POST
@require(permissions.can_manage_rounds)
def round_action(request, pk: int, action: str):
    round_ = get_or_404(selectors.round_for_page, pk)
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
    round_ = get_or_404(selectors.round_for_page, pk)
    initiatives = selectors.worklist(round_, request.user)
    for initiative in initiatives:
        initiative.can_rate = permissions.can_rate(request.user, initiative)
    return render(request, "followup/worklist.html", {"round": round_, "initiatives": initiatives})


def _add_service_errors(form: RatingForm, error: ValidationError) -> None:
    """The rules' messages on the fields they are about (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


@internal_required
def rate(request, pk: int, initiative_pk: int):
    round_, initiative = _initiative_to_rate(request, pk, initiative_pk)
    page = selectors.rating_page(round_, initiative)
    conflict = None
    if request.method == "POST":
        form = RatingForm(request.POST, milestone_blank=page.milestone_blank)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.save_rating(
                    initiative=initiative,
                    round_=round_,
                    user=request.user,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                    submit=submit,
                )
            except services.RatingConflict as exc:
                # Keep what the user typed; show what is stored now beside it.
                conflict = exc.current
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                if submit:
                    message = _("Vurderingen af %(number)s er indsendt.")
                else:
                    message = _("Kladden til %(number)s er gemt.")
                messages.success(request, message % {"number": initiative.number})
                return redirect("followup:worklist", pk=round_.pk)
    else:
        initial = RatingForm.initial_for(page.rating, milestone_blank=page.milestone_blank)
        form = RatingForm(initial=initial, milestone_blank=page.milestone_blank)
    context = {
        "round": round_,
        "initiative": initiative,
        "milestone": page.milestone,
        "rating": page.rating,
        "form": form,
        "conflict": conflict,
        "earlier": page.earlier,
        "baseline": page.baseline,
        "editable": round_.is_open and (page.rating is None or permissions.can_edit_rating(request.user, page.rating)),
    }
    status = 409 if conflict else (422 if request.method == "POST" else 200)
    return render(request, "followup/rate.html", context, status=status)


@require(permissions.can_review)
def review(request, pk: int):
    round_ = get_or_404(selectors.round_for_page, pk)
    return render(
        request,
        "followup/review.html",
        {"round": round_, "ratings": selectors.ratings_to_review(round_), "progress": selectors.round_progress(round_)},
    )


@require_POST
@require(permissions.can_review)
def review_action(request, rating_pk: int, action: str):
    rating = get_or_404(selectors.rating_for_review, rating_pk)
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
        "ratings": selectors.ratings_by_round(initiative, request.user),
        "revisions": selectors.economy_revisions(initiative),
        "history": selectors.initiative_history(initiative, request.user),
        "can_revise_economy": permissions.can_revise_economy(request.user),
    }
    return render(request, "followup/initiative_detail.html", context)


@internal_required
def plan_smileys(request, plan_pk: int):
    plan = get_or_404(plan_selectors.plan_for_page, plan_pk)
    return render(
        request, "followup/plan_smileys.html", {"plan": plan, "overview": selectors.smiley_overview(plan, request.user)}
    )


@require(permissions.can_revise_economy)
def economy_revision(request, initiative_pk: int):
    initiative = get_or_404(selectors.initiative_for_revision, initiative_pk)
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
        {"initiative": initiative, "form": form, "revisions": selectors.economy_revisions(initiative)},
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
    links = [
        (department, request.build_absolute_uri(reverse("followup:calendar", args=[calendar.feed_token(department)])))
        for department in selectors.departments_reported_for(request.user)
    ]
    return render(request, "followup/calendar_links.html", {"links": links})
