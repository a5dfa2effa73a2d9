"""The smiley as face + word in templates: `{% load smileys %}{% smiley value "effort" %}`."""

from django import template
from django.utils.translation import gettext_lazy as _

from milepael.core.smileys import FACES, MEANINGS, UNRATED

register = template.Library()


@register.inclusion_tag("core/_smiley.html")
def smiley(value: str | None, kind: str = "effort", verbose: bool = False):
    """A smiley as face + text. `kind` is "effort" or "economy"; verbose adds the meaning."""
    value = value or UNRATED
    shape, label = FACES.get(value, FACES[UNRATED])
    return {
        "value": value or "unrated",
        "shape": shape,
        "label": label,
        "meaning": MEANINGS.get((kind, value)) if verbose else None,
        "kind_label": _("Indsats") if kind == "effort" else _("Økonomi"),
    }
