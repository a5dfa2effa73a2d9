from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from milepael.core.shortcuts import get_or_404
from milepael.organisation import permissions
from milepael.organisation.permissions import require

from . import selectors, services
from .forms import EmailSettingsForm

receives_notifications = require(permissions.can_receive_notifications)


def _inbox(request, *, status: int = 200):
    context = {"groups": selectors.inbox(request.user), "unread_messages": selectors.unread_count(request.user)}
    template = "notifications/_inbox.html" if request.htmx else "notifications/inbox.html"
    return render(request, template, context, status=status)


@receives_notifications
def inbox(request):
    """The user's messages, newest first; unread ones are marked until the user reads them."""
    return _inbox(request)


@require_POST
@receives_notifications
def mark_read(request):
    """Mark one group (`group`) or every message as read; htmx swaps the list in place."""
    group = request.POST.get("group") or None
    services.mark_read(user=request.user, group=group)
    if request.htmx:
        return _inbox(request)
    if group is None:
        messages.success(request, _("Alle beskeder er markeret som læst."))
    return redirect("notifications:inbox")


@receives_notifications
def open_message(request, pk: int):
    """Follow a message to the page it is about; the message (its group) counts as read."""
    notification = get_or_404(selectors.notification_of, request.user, pk)
    services.mark_read(user=request.user, group=notification.group)
    target = notification.url if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None) else "/"
    return redirect(target)


@receives_notifications
def email_settings(request):
    """Which kinds of message the user also gets by e-mail."""
    offered = selectors.kinds_for(request.user)
    initial = {"kinds": selectors.email_kinds(request.user)}
    form = EmailSettingsForm(request.POST if request.method == "POST" else None, offered=offered, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_email_kinds(user=request.user, kinds=form.cleaned_data["kinds"], offered=offered)
        messages.success(request, _("Dine indstillinger for e-mail er gemt."))
        return redirect("notifications:settings")
    status = 422 if form.errors else 200
    return render(request, "notifications/settings.html", {"form": form, "offered": offered}, status=status)
