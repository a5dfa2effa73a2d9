"""Report charts: one chart code for every output (SVG for HTML and PDF, PNG for Word).

`stacked_bar` is generic (categories × segments of counts); `smiley_distribution` uses
it for the smileys per round. Colour is never the only cue: each segment also has a
hatch pattern, a legend entry and its count written on it, and every chart carries alt
text. matplotlib is imported inside the functions (object API, Agg canvas, no pyplot), so
rendering is thread-safe and the web process does not pay for it until a chart is drawn.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from milepael.core import smileys

from .builders import SmileyCounts

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
TEXT_COLOUR = "#1a1a1a"
PNG_DPI = 200


@dataclass(frozen=True)
class Segment:
    """One stacked part of every bar: its legend label, a count per category, its look."""

    label: str
    counts: tuple[int, ...]
    colour: str
    hatch: str = ""
    text_colour: str = TEXT_COLOUR


@dataclass(frozen=True)
class Chart:
    content: bytes
    content_type: str
    alt_text: str
    title: str


def stacked_bar(
    categories: list[str],
    segments: list[Segment],
    *,
    title: str,
    ylabel: str = "",
    alt_text: str,
    format: str = "svg",
    size: tuple[float, float] = (6.4, 3.2),
) -> Chart:
    """A vertical stacked bar chart of counts, one bar per category."""
    if format not in FORMATS:
        raise ValueError(f"unknown chart format {format!r}; use one of {sorted(FORMATS)}")
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    settings = {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "text.color": TEXT_COLOUR,
        "axes.labelcolor": TEXT_COLOUR,
        "xtick.color": TEXT_COLOUR,
        "ytick.color": TEXT_COLOUR,
        "hatch.color": TEXT_COLOUR,
        "hatch.linewidth": 0.6,
        "text.parse_math": False,
        "svg.hashsalt": "milepael-reports",  # same data, same file
    }
    positions = list(range(len(categories)))
    with rc_context(settings):
        figure = Figure(figsize=size, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        bottoms = [0] * len(categories)
        for segment in segments:
            bars = axes.bar(
                positions,
                segment.counts,
                bottom=bottoms,
                width=0.55,
                color=segment.colour,
                hatch=segment.hatch,
                edgecolor=TEXT_COLOUR,
                linewidth=0.6,
                label=segment.label,
            )
            labels = [str(count) if count else "" for count in segment.counts]
            axes.bar_label(
                bars,
                labels=labels,
                label_type="center",
                color=segment.text_colour,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
            bottoms = [b + c for b, c in zip(bottoms, segment.counts, strict=True)]
        axes.set_xticks(positions, categories)
        axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
        if ylabel:
            axes.set_ylabel(ylabel)
        axes.set_ylim(0, max([*bottoms, 1]) * 1.05)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        buffer = io.BytesIO()
        metadata = {"Date": None} if format == "svg" else {"Software": None}
        figure.savefig(buffer, format=format, dpi=PNG_DPI, metadata=metadata)
    return Chart(buffer.getvalue(), FORMATS[format], alt_text, title)


def _counts_sentence(group: SmileyCounts, kind: str) -> str:
    if kind == "effort":
        return _("%(round)s: %(green)d glade, %(yellow)d neutrale, %(red)d sure, %(none)d uden milepæl") % {
            "round": group.label,
            **group.effort,
        }
    return _("%(round)s: %(green)d glade, %(red)d sure") % {"round": group.label, **group.economy}


def smiley_distribution(by_round: list[SmileyCounts], kind: str, *, format: str = "svg") -> Chart:
    """Effort (kind "effort") or economy ("economy") smileys per round, stacked."""
    values = smileys.EFFORT_VALUES if kind == "effort" else smileys.ECONOMY_VALUES
    segments = [
        Segment(
            label=str(smileys.FACES[value][1]),
            counts=tuple(getattr(group, kind)[value] for group in by_round),
            colour=smileys.COLOURS[value],
            hatch=smileys.HATCHES[value],
        )
        for value in values
    ]
    title = _("Smileys for indsats pr. opfølgning") if kind == "effort" else _("Smileys for økonomi pr. opfølgning")
    alt = f"{title}. " + "; ".join(_counts_sentence(group, kind) for group in by_round) + "."
    return stacked_bar(
        [group.label for group in by_round],
        segments,
        title=title,
        ylabel=_("Antal indsatser"),
        alt_text=alt,
        format=format,
    )
