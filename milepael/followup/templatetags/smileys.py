from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Face shape, colour and words together: never colour alone (WCAG 1.4.1).
FACES = {
    "green": ("smile", _("Glad")),
    "yellow": ("neutral", _("Neutral")),
    "red": ("frown", _("Sur")),
    "none": ("none", _("Ingen milepæl")),
    "": ("unrated", _("Ikke vurderet")),
}
MEANINGS = {
    ("effort", "green"): _("milepæl opfyldt"),
    ("effort", "yellow"): _("ikke fuldt opfyldt, men realistisk"),
    ("effort", "red"): _("ikke opfyldt og ikke realistisk"),
    ("economy", "green"): _("budget overholdt"),
    ("economy", "red"): _("budget ikke overholdt"),
}


@register.inclusion_tag("followup/_smiley.html")
def smiley(value: str | None, kind: str = "effort", verbose: bool = False):
    """A smiley as face + text. `kind` is "effort" or "economy"; verbose adds the meaning."""
    value = value or ""
    shape, label = FACES.get(value, FACES[""])
    return {
        "value": value or "unrated",
        "shape": shape,
        "label": label,
        "meaning": MEANINGS.get((kind, value)) if verbose else None,
        "kind_label": _("Indsats") if kind == "effort" else _("Økonomi"),
    }
