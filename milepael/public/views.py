"""The public pages (no login, cacheable) and the administrators' publishing pages."""

import datetime
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_POST, require_safe

from milepael.followup.models import Rating
from milepael.organisation import permissions
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative

from . import selectors, services
from .forms import PublicCommentForm, PublicFilterForm

STATEMENT_DATE = datetime.date(2026, 11, 23)  # update when the statement is reviewed
PUBLIC_MAX_AGE = 300  # seconds: a new publication reaches everyone within five minutes


def _state(request):
    # condition() asks for the ETag and Last-Modified separately; compute them once.
    if not hasattr(request, "_public_state"):
        request._public_state = selectors.public_state()
    return request._public_state


def _etag(request, *args, **kwargs):
    return _state(request)[0]


def _last_modified(request, *args, **kwargs):
    return _state(request)[1]


def public_page(view):
    """No login, Danish, shared-cacheable, conditional GET on the published data.

    The public layout has no form, CSRF token or session use, and is always Danish (a
    shared cache must not serve one visitor's language choice to the next)."""

    @require_safe
    @cache_control(public=True, max_age=PUBLIC_MAX_AGE)
    @condition(etag_func=_etag, last_modified_func=_last_modified)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override("da"):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = "da"
        return response

    return wrapped


def _canonical(request, url: str) -> str:
    return request.build_absolute_uri(url)


@public_page
def index(request):
    return render(
        request,
        "public/index.html",
        {"entries": selectors.published_plans(), "canonical_url": _canonical(request, reverse("public:index"))},
    )


def _plan_or_404(plan_pk: int) -> ImplementationPlan:
    try:
        return selectors.public_plan(plan_pk)
    except ImplementationPlan.DoesNotExist as exc:
        raise Http404 from exc


@public_page
def plan(request, plan_pk: int):
    plan_ = _plan_or_404(plan_pk)
    rounds = selectors.published_rounds(plan_.agreement_id)
    form = PublicFilterForm(
        request.GET or None,
        themes=selectors.themes_of(plan_),
        departments=selectors.departments_of(plan_),
        latest_round=rounds[-1] if rounds else None,
    )
    filters = form.to_filter()
    groups = selectors.plan_overview(plan_, rounds, filters)
    context = {
        "plan": plan_,
        "rounds": rounds,
        "latest_round": rounds[-1] if rounds else None,
        "groups": groups,
        "counts": selectors.effort_counts(groups, rounds),
        "shown": sum(len(g.initiatives) for g in groups),
        "form": form,
        "filters": filters,
        "canonical_url": _canonical(request, reverse("public:plan", args=[plan_.pk])),
    }
    return render(request, "public/plan.html", context)


@public_page
def initiative(request, plan_pk: int, number: str):
    plan_ = _plan_or_404(plan_pk)
    rounds = selectors.published_rounds(plan_.agreement_id)
    try:
        initiative_ = selectors.public_initiative(plan_, number, rounds)
    except Initiative.DoesNotExist as exc:
        raise Http404 from exc
    latest = next((rating for _round, _m, rating in reversed(initiative_.public_by_round) if rating), None)
    context = {
        "plan": plan_,
        "initiative": initiative_,
        "rounds": rounds,
        "latest": latest,
        "canonical_url": _canonical(request, reverse("public:initiative", args=[plan_.pk, initiative_.number])),
    }
    return render(request, "public/initiative.html", context)


@require_safe
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def accessibility(request):
    with translation.override("da"):
        response = render(
            request,
            "public/accessibility.html",
            {
                "canonical_url": _canonical(request, reverse("public:accessibility")),
                "statement_date": STATEMENT_DATE,
                "contacts": selectors.published_plan_contacts(),
            },
        )
    response["Content-Language"] = "da"
    return response


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def robots_txt(request):
    """Search engines may index the public pages; the internal app is not for them."""
    lines = [
        "User-agent: *",
        f"Allow: {reverse('public:index')}",
        f"Disallow: {reverse('public:manage')}",
        "Allow: /static/",
        "Disallow: /",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- Publishing (administrators) -------------------------------------------------------

publisher_required = permissions.require(permissions.can_publish)


@publisher_required
def manage(request):
    rounds = list(
        FollowUpRound.objects.select_related("agreement", "publication", "publication__published_by").order_by(
            "-agreement__budget_year", "ordinal"
        )
    )
    return render(request, "public/manage.html", {"rounds": rounds})


@require_POST
@publisher_required
def manage_action(request, pk: int, action: str):
    round_ = get_object_or_404(FollowUpRound, pk=pk)
    try:
        if action == "publish":
            services.publish_round(round_, user=request.user)
            messages.success(request, _("Opfølgningen »%(round)s« er offentliggjort.") % {"round": round_.name})
        elif action == "unpublish":
            services.unpublish_round(round_, user=request.user)
            messages.success(
                request,
                _("Opfølgningen »%(round)s« er trukket tilbage fra de offentlige sider.") % {"round": round_.name},
            )
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("public:manage")


@publisher_required
def manage_comments(request, pk: int):
    round_ = get_object_or_404(FollowUpRound.objects.select_related("agreement", "publication"), pk=pk)
    ratings = list(
        Rating.objects.filter(round=round_, status=Rating.Status.APPROVED)
        .select_related("initiative", "initiative__responsible_department", "public_comment")
        .order_by("initiative__plan_id", "initiative__sort_key")
    )
    for rating in ratings:
        current = getattr(rating, "public_comment", None)
        initial = {"text": current.text if current else ""}
        rating.form = PublicCommentForm(
            request.POST if request.method == "POST" else None, prefix=f"r{rating.pk}", initial=initial
        )
    if request.method == "POST" and all(rating.form.is_valid() for rating in ratings):
        saved = 0
        for rating in ratings:
            if rating.form.has_changed():
                services.set_public_comment(rating, user=request.user, text=rating.form.cleaned_data["text"])
                saved += 1
        message = ngettext("%(count)s offentlig kommentar er gemt.", "%(count)s offentlige kommentarer er gemt.", saved)
        messages.success(request, message % {"count": saved})
        return redirect("public:manage_comments", pk=round_.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "public/manage_comments.html", {"round": round_, "ratings": ratings}, status=status)
