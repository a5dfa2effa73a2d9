"""Charts: one chart code for every output (SVG for web pages and PDF, PNG for Word).

Two kinds: `stacked_bar` (categories × segments of counts, such as the smileys per
round) and `key_figure_chart` (a key figure's values per period as columns). Colour is
never the only cue: every segment also has a hatch pattern, a legend entry and its count,
every column its value, and every chart an alt text.

matplotlib is imported inside the functions, so the web process starts without it and
only pays for it the first time a chart is drawn. Figures are built with the object API
on the Agg canvas (no pyplot, no global figure state), so rendering is thread-safe. The
same data gives the same file (fixed SVG ids, no dates in the metadata). SVG carries no CSS
(`without_css`): inline in a page under our CSP, and in a typst PDF, it looks the same.
"""

import functools
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .formatting import danish_number

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
TEXT_COLOUR = "#1a1a1a"
BAR_COLOUR = "#0059b3"  # DKFDS primary blue: 7:1 contrast against white
PNG_DPI = 200  # sharp when Word scales the image to the page width


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the file's bytes and type, its alt text and its title."""

    content: bytes
    content_type: str
    alt_text: str
    title: str


@dataclass(frozen=True)
class Series:
    """A key figure's values in period order: what a chart or a data table needs."""

    name: str
    unit: str
    points: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class Segment:
    """One stacked part of every bar: its legend label, a count per category, its look."""

    label: str
    counts: tuple[int, ...]
    colour: str
    hatch: str = ""
    text_colour: str = TEXT_COLOUR


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise ValueError(f"unknown chart format {format!r}; use one of {sorted(FORMATS)}")


def _draw(draw: Callable, *, format: str, size: tuple[float, float], settings: dict) -> bytes:
    """The one set-up and save: Danish-ready text settings plus the chart's own
    `settings`, a constrained figure of `size` inches, `draw(axes)`, then the file."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    common = {
        "font.family": "DejaVu Sans",
        "text.color": TEXT_COLOUR,
        "axes.labelcolor": TEXT_COLOUR,
        "xtick.color": TEXT_COLOUR,
        "ytick.color": TEXT_COLOUR,
        "text.parse_math": False,  # a label such as "$1 $2" is text, not TeX
    }
    with rc_context({**common, **settings}):
        figure = Figure(figsize=size, layout="constrained")
        FigureCanvasAgg(figure)
        draw(figure.add_subplot())
        buffer = io.BytesIO()
        metadata = {"Date": None} if format == "svg" else {"Software": None}
        figure.savefig(buffer, format=format, dpi=PNG_DPI, metadata=metadata)
    content = buffer.getvalue()
    return without_css(content) if format == "svg" else content


# --- SVG without CSS ----------------------------------------------------------------------
# Our Content-Security-Policy has no 'unsafe-inline' for styles, so a browser ignores every
# `style="…"` attribute and <style> element of an inline SVG: matplotlib's charts came out
# as black boxes. Presentation attributes (fill="…") are no CSS and always apply; typst
# reads them as well. So each style declaration becomes its attribute.

_STYLE_ATTRIBUTE_RE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT_RE = re.compile(r"\s*<style\b[^>]*>(.*?)</style>", re.DOTALL)
_UNIVERSAL_RULE_RE = re.compile(r"^\s*\*\s*\{([^}]*)\}\s*$", re.DOTALL)
_SVG_OPEN_RE = re.compile(r"<svg\b")
# A font missing on the reader's machine falls back to sans-serif, not the default serif.
_FONT_FALLBACK = "sans-serif"


def _declarations(css: str) -> list[tuple[str, str]]:
    pairs = []
    for declaration in css.split(";"):
        name, colon, value = declaration.partition(":")
        if colon and name.strip():
            pairs.append((name.strip(), value.strip()))
    return pairs


def _attributes(css: str) -> str:
    """`fill: #fff; font-family: 'DejaVu Sans'` as ` fill="#fff" font-family="DejaVu Sans, sans-serif"`."""
    parts = []
    for name, value in _declarations(css):
        if name == "font-family":
            value = f"{value.replace(chr(39), '')}, {_FONT_FALLBACK}"
        parts.append(f' {name}="{html.escape(value, quote=True)}"')
    return "".join(parts)


def without_css(svg: bytes) -> bytes:
    """matplotlib's `svg` with every `style` attribute as presentation attributes and its
    one stylesheet rule (`*{stroke-linejoin: round; …}`) as attributes of the root, which
    every element inherits unless it sets its own. Raises ValueError for any other CSS, so
    a matplotlib upgrade that adds some is noticed, not silently dropped."""
    text = svg.decode("utf-8")
    inherited = ""
    for match in _STYLE_ELEMENT_RE.finditer(text):
        rule = _UNIVERSAL_RULE_RE.match(match.group(1))
        if rule is None:
            raise ValueError(f"unexpected CSS in a chart: {match.group(1)!r}")
        inherited += _attributes(rule.group(1))
    text = _STYLE_ELEMENT_RE.sub("", text)
    text = _STYLE_ATTRIBUTE_RE.sub(lambda m: _attributes(m.group(1)), text)
    text = _SVG_OPEN_RE.sub(lambda m: m.group(0) + inherited, text, count=1)
    return text.encode("utf-8")


# --- stacked bars -------------------------------------------------------------------------


def stacked_bar(
    categories: list[str],
    segments: list[Segment],
    *,
    title: str,
    ylabel: str = "",
    alt_text: str,
    format: str = "svg",
    size: tuple[float, float] = (6.4, 3.2),
    horizontal: bool = False,
) -> Chart:
    """A stacked bar chart of counts, one bar per category: vertical bars, or with
    `horizontal` one row per category (long names such as departments), top to bottom, the
    legend under the bars. The same data is drawn once (kept per data)."""
    _check_format(format)
    content = _stacked_bar_content(tuple(categories), tuple(segments), title, ylabel, format, size, horizontal)
    return Chart(content, FORMATS[format], alt_text, title)


@functools.lru_cache(maxsize=128)
def _stacked_bar_content(
    categories: tuple[str, ...],
    segments: tuple[Segment, ...],
    title: str,
    ylabel: str,
    format: str,
    size: tuple[float, float],
    horizontal: bool,
) -> bytes:
    positions = list(range(len(categories)))

    def draw(axes) -> None:
        from matplotlib.ticker import MaxNLocator

        starts = [0] * len(categories)
        for segment in segments:
            look = {"color": segment.colour, "hatch": segment.hatch, "edgecolor": TEXT_COLOUR, "linewidth": 0.6}
            if horizontal:
                bars = axes.barh(positions, segment.counts, left=starts, height=0.6, label=segment.label, **look)
            else:
                bars = axes.bar(positions, segment.counts, bottom=starts, width=0.55, label=segment.label, **look)
            labels = [str(count) if count else "" for count in segment.counts]
            axes.bar_label(
                bars,
                labels=labels,
                label_type="center",
                color=segment.text_colour,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
            starts = [b + c for b, c in zip(starts, segment.counts, strict=True)]
        count_axis = axes.xaxis if horizontal else axes.yaxis
        count_axis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
        axes.spines[["top", "right"]].set_visible(False)
        if horizontal:
            axes.set_yticks(positions, categories)
            axes.set_ylim(len(categories) - 0.4, -0.6)  # the first category on top
            axes.set_xlim(0, max([*starts, 1]) * 1.05)
            if ylabel:
                axes.set_xlabel(ylabel)
            handles, labels = axes.get_legend_handles_labels()
            axes.figure.legend(handles, labels, loc="outside lower left", ncols=5, frameon=False)
            return
        axes.set_xticks(positions, categories)
        # Room for four bars (a year's rounds): one or two bars stay bars, not a wall.
        axes.set_xlim(-0.6, max(len(categories), 4) - 0.4)
        if ylabel:
            axes.set_ylabel(ylabel)
        axes.set_ylim(0, max([*starts, 1]) * 1.05)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)

    settings = {
        "font.size": 9,
        "hatch.color": TEXT_COLOUR,
        "hatch.linewidth": 0.6,
        "svg.hashsalt": "milepael-reports",  # same data, same file
    }
    return _draw(draw, format=format, size=size, settings=settings)


# --- key figures --------------------------------------------------------------------------


def decimals_of(series: Series) -> int:
    """As many decimals as the data has (at most 2), so 5,7 stays 5,7 and 12 stays 12."""
    exponents = [-value.normalize().as_tuple().exponent for _period, value in series.points]
    return max([0, *[min(exponent, 2) for exponent in exponents]])


def _with_unit(number: str, unit: str) -> str:
    return f"{number} {unit}" if unit else number


def alt_text(series: Series) -> str:
    """One Danish sentence (or two) saying what the chart shows, for screen readers."""
    points = series.points
    if not points:
        return _("%(name)s: ingen værdier.") % {"name": series.name}
    decimals = decimals_of(series)

    def value(index: int) -> str:
        return _with_unit(danish_number(points[index][1], decimals), series.unit)

    if len(points) == 1:
        return _("%(name)s var %(value)s i %(period)s.") % {
            "name": series.name,
            "value": value(0),
            "period": points[0][0],
        }
    first, last = points[0][1], points[-1][1]
    if last < first:
        sentence = _("%(name)s faldt fra %(first)s i %(first_period)s til %(last)s i %(last_period)s.")
    elif last > first:
        sentence = _("%(name)s steg fra %(first)s i %(first_period)s til %(last)s i %(last_period)s.")
    else:
        sentence = _("%(name)s var %(first)s i både %(first_period)s og %(last_period)s.")
    text = sentence % {
        "name": series.name,
        "first": value(0),
        "first_period": points[0][0],
        "last": value(-1),
        "last_period": points[-1][0],
    }
    values = [v for _period, v in points]
    highest = values.index(max(values))
    lowest = values.index(min(values))
    if highest not in (0, len(points) - 1):
        text += " " + _("Højest var %(value)s i %(period)s.") % {"value": value(highest), "period": points[highest][0]}
    if lowest not in (0, len(points) - 1):
        text += " " + _("Lavest var %(value)s i %(period)s.") % {"value": value(lowest), "period": points[lowest][0]}
    return text


def chart_title(series: Series) -> str:
    """Sygefravær (pct.): the key figure's name and unit."""
    return f"{series.name} ({series.unit})" if series.unit else series.name


def key_figure_chart(series: Series, *, format: str = "svg") -> Chart:
    """The series as a column chart in `format` ("svg" or "png"), with its alt text."""
    _check_format(format)
    return Chart(_key_figure_content(series, format), FORMATS[format], alt_text(series), chart_title(series))


@functools.lru_cache(maxsize=128)
def _key_figure_content(series: Series, format: str) -> bytes:
    decimals = decimals_of(series)
    periods = [period for period, _value in series.points]
    values = [float(value) for _period, value in series.points]

    def draw(axes) -> None:
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        bars = axes.bar(range(len(values)), values, color=BAR_COLOUR, width=0.6)
        axes.bar_label(bars, labels=[danish_number(v, decimals) for v in values], padding=3)
        axes.set_xticks(range(len(values)), periods)
        axes.set_title(chart_title(series), loc="left", fontsize=12, fontweight="bold")
        if series.unit:
            axes.set_ylabel(series.unit)
        bottom, top = min(0.0, *values), (max(values, default=0.0) or 1.0) * 1.15
        axes.set_ylim(bottom, top)
        ticks = [t for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(bottom, top) if t <= top]
        axes.set_yticks(ticks)
        tick_decimals = 0 if all(float(t).is_integer() for t in ticks) else max(decimals, 1)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: danish_number(y, tick_decimals)))
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color="#d9d9d9", linewidth=0.6)
        axes.set_axisbelow(True)

    settings = {
        "font.size": 10,
        "svg.fonttype": "none",  # real text: selectable, searchable, and small
        "svg.hashsalt": "milepael",  # stable ids, so the same data gives the same file
    }
    return _draw(draw, format=format, size=(6.4, 3.4), settings=settings)


_ROOT_RE = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_ID_RE = re.compile(r'\bid="([^"]+)"')
_REF_RE = re.compile(r'(href="#|url\(#)([^")]+)')


def inline_svg(series: Series, element_id: str) -> SafeString:
    """The key-figure chart as markup for an HTML page (see `inline`)."""
    return inline(key_figure_chart(series, format="svg"), element_id)


def inline(chart: Chart, element_id: str) -> SafeString:
    """An SVG `chart` as markup for an HTML page: no XML prolog, `role="img"` labelled by
    its own <title> and <desc>, and every internal id prefixed with `element_id` so two
    charts on one page never share an id."""
    svg = chart.content.decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = _ID_RE.sub(lambda m: f'id="{element_id}-{m.group(1)}"', svg)
    svg = _REF_RE.sub(lambda m: f"{m.group(1)}{element_id}-{m.group(2)}", svg)
    root = _ROOT_RE.search(svg)
    opening = re.sub(r'\s(?:width|height)="[^"]*"', "", root.group(0))
    opening = opening.replace(
        "<svg",
        f'<svg id="{element_id}" width="100%" role="img" aria-labelledby="{element_id}-title {element_id}-desc"'
        ' class="mp-chart" focusable="false"',
        1,
    )
    labels = (
        f'<title id="{element_id}-title">{html.escape(chart.title)}</title>'
        f'<desc id="{element_id}-desc">{html.escape(chart.alt_text)}</desc>'
    )
    # matplotlib escapes every text it writes; the title and description are escaped above.
    return mark_safe(svg[: root.start()] + opening + labels + svg[root.end() :])  # noqa: S308
