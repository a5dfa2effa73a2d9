"""The administrators' publishing pages: which closed rounds the public pages show, and the
public comments. Internal layout, login, never cached (the public pages are in views.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from milepael.core.actions import run_action
from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import require

from . import selectors, services
from .forms import PublicCommentForm, PublishForm


@require(permissions.can_publish)
def manage(request):
    return render(request, "public/manage.html", {"rounds": selectors.rounds_for_publishing()})


@require(permissions.can_publish)
def publish(request, pk: int):
    """Publishing, confirmed: a preview of exactly what citizens will see (counts and the first
    initiatives), a warning about initiatives that will show as not rated, and a tick box."""
    round_ = get_or_404(selectors.round_to_publish, pk)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_round(round_, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opfølgningen »%(round)s« er offentliggjort.") % {"round": round_.name})
            return redirect("public:manage")
    context = {"round": round_, "form": form, "preview": selectors.publish_preview(round_)}
    return render(request, "public/publish.html", context, status=422 if form.errors else 200)


def _unpublish(request, round_) -> str:
    services.unpublish_round(round_, user=request.user)
    return _("Opfølgningen »%(round)s« er trukket tilbage fra de offentlige sider.") % {"round": round_.name}


@require_POST
@require(permissions.can_publish)
def manage_action(request, pk: int, action: str):
    round_ = get_or_404(selectors.round_to_publish, pk)
    run_action(request, {"unpublish": lambda: _unpublish(request, round_)}, action)
    return redirect("public:manage")


@require(permissions.can_publish)
def manage_comments(request, pk: int):
    round_ = get_or_404(selectors.round_to_publish, pk)
    ratings = selectors.ratings_for_public_comments(round_)
    for rating in ratings:
        current = getattr(rating, "public_comment", None)
        initial = {"text": current.text if current else ""}
        rating.form = PublicCommentForm(
            request.POST if request.method == "POST" else None, prefix=f"r{rating.pk}", initial=initial
        )
        rating.form.summary_prefix = rating.initiative.number
    if request.method == "POST" and all(rating.form.is_valid() for rating in ratings):
        saved = 0
        for rating in ratings:
            if rating.form.has_changed():
                services.set_public_comment(rating, user=request.user, text=rating.form.cleaned_data["text"])
                saved += 1
        if saved:
            message = ngettext(
                "%(count)s offentlig kommentar er gemt.", "%(count)s offentlige kommentarer er gemt.", saved
            )
            messages.success(request, message % {"count": saved})
        else:
            messages.info(request, _("Ingen offentlige kommentarer er ændret."))
        return redirect("public:manage_comments", pk=round_.pk)
    status = 422 if request.method == "POST" else 200
    context = {"round": round_, "ratings": ratings, "forms": [rating.form for rating in ratings]}
    return render(request, "public/manage_comments.html", context, status=status)
