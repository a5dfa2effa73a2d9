"""The administrators' publishing pages: which closed rounds the public pages show, and the
public comments. Internal layout, login, never cached (the public pages are in views.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import require

from . import selectors, services
from .forms import PublicCommentForm


@require(permissions.can_publish)
def manage(request):
    return render(request, "public/manage.html", {"rounds": selectors.rounds_for_publishing()})


@require_POST
@require(permissions.can_publish)
def manage_action(request, pk: int, action: str):
    round_ = get_or_404(selectors.round_to_publish, pk)
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
