"""The smiley as face + word in templates: `{% load smileys %}{% smiley value "effort" %}`."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from milepael.core.smileys import FACES, MEANINGS, UNRATED

register = template.Library()


@register.simple_tag
def smiley(value: str | None, kind: str = "effort", verbose: bool = False) -> SafeString:
    """A smiley as face + text. `kind` is "effort" or "economy"; verbose adds the meaning.

    The markup depends on nothing but these and the language, and a page may show thousands
    (a worklist row has ten): each is rendered once per process (templates are fixed while it
    runs; in DEBUG, where they may change, every time)."""
    arguments = (value or UNRATED, kind, bool(verbose), translation.get_language())
    return _render(*arguments) if settings.DEBUG else _rendered(*arguments)


def _render(value: str, kind: str, verbose: bool, language: str | None) -> SafeString:
    shape, label = FACES.get(value, FACES[UNRATED])
    context = {
        "value": value or "unrated",
        "shape": shape,
        "label": label,
        "meaning": MEANINGS.get((kind, value)) if verbose else None,
        "kind_label": _("Indsats") if kind == "effort" else _("Økonomi"),
    }
    with translation.override(language):
        return render_to_string("core/_smiley.html", context)


_rendered = lru_cache(maxsize=512)(_render)
