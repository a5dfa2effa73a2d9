"""The follow-up report's smiley charts drawn with matplotlib (`core.charts.stacked_bar`): SVG
for the HTML page, PNG for Word. The data, the alt text and the data table are the report
model's (`document.SmileyChart`); the PDF draws the same data itself (plan_report.typ), so
no PDF waits for matplotlib.

Drawing costs tens of milliseconds per chart, and a round's counts change far less often
than its reports are opened, so charts are kept per data (same counts, same chart)."""

import functools
import textwrap

from milepael.core.charts import Chart, Segment, stacked_bar

from .document import PlanReport, SmileyChart


@functools.lru_cache(maxsize=64)
def _drawn(
    categories: tuple[str, ...], segments: tuple[Segment, ...], title: str, ylabel: str, alt_text: str, format: str
) -> Chart:
    return stacked_bar(list(categories), list(segments), title=title, ylabel=ylabel, alt_text=alt_text, format=format)


def draw(chart: SmileyChart, format: str) -> Chart:
    """`chart` as an image in `format` ("svg" or "png"), every segment in its smiley's colour
    and hatch pattern, with the chart's alt text."""
    segments = tuple(
        Segment(label=s.label, counts=tuple(s.counts), colour=s.colour, hatch=s.hatch) for s in chart.segments
    )
    # "2. budgetopfølgning 2018" over two lines: four rounds side by side must not collide.
    categories = tuple(textwrap.fill(category, width=16) for category in chart.categories)
    return _drawn(categories, segments, chart.title, chart.value_label, chart.alt_text, format)


def report_charts(report: PlanReport, format: str) -> list[tuple[SmileyChart, Chart]]:
    """The follow-up report's charts with their drawings in `format`: effort, then economy
    smileys of rounds 1..N. The implementation plan itself (no summary) has none."""
    if report.summary is None:
        return []
    return [(chart, draw(chart, format)) for chart in report.summary.charts]
