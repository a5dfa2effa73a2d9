from django.conf import settings
from django.utils import timezone

from milepael.core.clientip import client_ip

from . import buffer
from .models import AccessLogEntry

# Static files, health checks and the public pages reveal nothing internal.
UNLOGGED_PREFIXES = ("/static/", "/sundhed/", "/offentlig/", "/robots.txt", "/favicon")
EXPORT_MARKERS = (".pdf", ".docx", ".xlsx", "/eksport", "/download")


def _kind(request) -> str:
    if request.method not in ("GET", "HEAD"):
        return AccessLogEntry.Kind.WRITE
    path = request.path.lower()
    if any(marker in path for marker in EXPORT_MARKERS) or request.GET.get("format") in ("pdf", "docx", "xlsx"):
        return AccessLogEntry.Kind.EXPORT
    return AccessLogEntry.Kind.READ


class AccessLogMiddleware:
    """Logs every request of a logged-in user to internal pages, and failed logins; the entry
    is written by the access log's writer, never in the request (buffer.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.MILEPAEL_ACCESS_LOG or request.path.startswith(UNLOGGED_PREFIXES):
            return response
        user = getattr(request, "user", None)
        failed_login = (
            request.method == "POST" and request.path.startswith("/konto/log-ind") and response.status_code == 200
        )
        if failed_login:
            kind, username = AccessLogEntry.Kind.LOGIN_FAILED, request.POST.get("username", "")[:150]
        elif user is not None and user.is_authenticated:
            kind, username = _kind(request), user.get_username()
        else:
            return response
        entry = AccessLogEntry(
            at=timezone.now(),
            user=user if user is not None and user.is_authenticated else None,
            username=username,
            kind=kind,
            method=request.method[:10],
            path=request.get_full_path()[:500],
            status=response.status_code,
            # The client behind the proxy, as the login lockout sees it (core/clientip.py).
            ip_address=client_ip(request),
        )
        buffer.add(entry)
        return response
