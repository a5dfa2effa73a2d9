"""Danish error pages (400, 403, 404, 500) in the layout of the part of the site the visitor
was in: the public layout under /offentlig/, the internal layout everywhere else, each with a
way back. Set as handler400 … handler500 in config/urls.py; used whenever DEBUG is off.

400 and 500 are drawn from a standalone template without context processors: a request that
failed may have a bad Host, a broken session or no database behind it, and the error page must
still come out. 403 and 404 use the full layout (header, menu, language switch)."""

import contextlib

from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

PUBLIC_PREFIX = "/offentlig/"


def _is_public(request) -> bool:
    try:
        return request.path.startswith(reverse("public:index"))
    except Exception:  # an error page must not fail; the prefix is the fallback
        return request.path.startswith(PUBLIC_PREFIX)


def _texts(status: int) -> tuple[str, str]:
    texts = {
        400: (_("Forkert forespørgsel"), _("Adressen eller forespørgslen kunne ikke forstås.")),
        403: (_("Ingen adgang"), _("Du har ikke adgang til denne side.")),
        404: (
            _("Siden findes ikke"),
            _(
                "Vi kan ikke finde den side, du leder efter. Den kan være flyttet, eller adressen kan være skrevet forkert."
            ),
        ),
        500: (
            _("Der opstod en fejl"),
            _("Siden kunne ikke vises på grund af en fejl hos os. Prøv igen om lidt."),
        ),
    }
    return texts[status]


def _render_layout(request, status: int, response_class):
    """403 and 404: the page in the public or the internal layout (public pages are always Danish)."""
    public = _is_public(request)
    template = "errors/public.html" if public else "errors/internal.html"
    with translation.override("da") if public else contextlib.nullcontext():
        title, message = _texts(status)
        context = {"status": status, "title": title, "message": message}
        return response_class(loader.render_to_string(template, context, request=request))


def _render_standalone(request, status: int, response_class):
    """400 and 500: no context processors, no database, no session."""
    public = _is_public(request)
    language = "da" if public else translation.get_language() or "da"
    with translation.override(language):
        title, message = _texts(status)
        back = PUBLIC_PREFIX if public else "/"
        back_label = _("Til forsiden med status på budgetaftalen") if public else _("Til forsiden")
        content = loader.get_template("errors/standalone.html").render(
            {
                "status": status,
                "title": title,
                "message": message,
                "back": back,
                "back_label": back_label,
                "language": language,
            }
        )
    return response_class(content)


def page_not_found(request, exception=None):
    return _render_layout(request, 404, HttpResponseNotFound)


def permission_denied(request, exception=None):
    return _render_layout(request, 403, HttpResponseForbidden)


def bad_request(request, exception=None):
    return _render_standalone(request, 400, HttpResponseBadRequest)


def server_error(request):
    return _render_standalone(request, 500, HttpResponseServerError)
