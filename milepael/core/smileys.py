"""The smiley vocabulary, named once: the stored values, the faces and words every output
shows, what each smiley means, and the colours and hatch patterns of the charts.

Effort (*indsats*) is rated per milestone with three smileys, economy (*økonomi*) with two
(seed 000). A smiley can be absent in three ways, and they mean different things:

- `NO_MILESTONE` ("none", effort only): the department says the round has no milestone
  to rate. It is a rating, counted and shown as *Ingen milepæl*.
- `UNRATED` (""): a rating row exists (a draft, say) but that smiley is not given yet.
- no rating row at all (`None` where a rating is looked up): nobody has started. Outputs
  show it as not rated, so `value_of(rating, kind)` maps it to `UNRATED`.
"""

from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

GREEN = "green"
YELLOW = "yellow"
RED = "red"
NO_MILESTONE = "none"
UNRATED = ""

EFFORT_VALUES = (GREEN, YELLOW, RED, NO_MILESTONE)
ECONOMY_VALUES = (GREEN, RED)

# Face shape and word together: never colour alone (WCAG 1.4.1). The shapes are the ones
# the SVG partial (core/_smiley.html), the Word pictures and the PDF template draw.
FACES = {
    GREEN: ("smile", _("Glad")),
    YELLOW: ("neutral", _("Neutral")),
    RED: ("frown", _("Sur")),
    NO_MILESTONE: ("none", _("Ingen milepæl")),
    UNRATED: ("unrated", _("Ikke vurderet")),
}
MEANINGS = {
    ("effort", GREEN): _("milepæl opfyldt"),
    ("effort", YELLOW): _("ikke fuldt opfyldt, men realistisk"),
    ("effort", RED): _("ikke opfyldt og ikke realistisk"),
    ("economy", GREEN): _("budget overholdt"),
    ("economy", RED): _("budget ikke overholdt"),
}
# Charts and pictures: a colour and, so colour is never the only cue, a hatch pattern.
# Not rated is white: nothing is filled in yet.
COLOURS = {GREEN: "#2e8540", YELLOW: "#ffcc33", RED: "#d9362c", NO_MILESTONE: "#bfbfbf", UNRATED: "#ffffff"}
HATCHES = {GREEN: "", YELLOW: "..", RED: "//", NO_MILESTONE: "xx", UNRATED: ""}

# The key under which `tally` counts the unrated ("" is no name for a template to use).
UNRATED_KEY = "unrated"
# What `tally` counts, per kind, in the order every table and chart shows the counts.
TALLY_KEYS = {
    "effort": (*EFFORT_VALUES, UNRATED_KEY),
    "economy": (*ECONOMY_VALUES, UNRATED_KEY),
}


def value_of(rating, kind: str) -> str:
    """The `kind` ("effort" or "economy") smiley of `rating`; `UNRATED` when there is no
    rating at all (None) or the smiley is not given."""
    if rating is None:
        return UNRATED
    return getattr(rating, kind) or UNRATED


def tally(values: Iterable[str | None], kind: str) -> dict[str, int]:
    """How many of `values` (smileys of `kind`, "effort" or "economy") are each smiley: a
    count for every key of `TALLY_KEYS[kind]`, zeros included, the unrated (`UNRATED` or
    None) under `UNRATED_KEY`. Which ratings to count is the caller's rule; the counting is
    this. Raises ValueError for a value that is no smiley of `kind`."""
    counted = Counter(value or UNRATED_KEY for value in values)
    keys = TALLY_KEYS[kind]
    unknown = set(counted) - set(keys)
    if unknown:
        raise ValueError(f"not {kind} smileys: {sorted(unknown)}")
    return {key: counted[key] for key in keys}
