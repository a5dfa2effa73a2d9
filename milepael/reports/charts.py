"""The report's smiley charts: effort or economy smileys per round as stacked bars
(`core.charts.stacked_bar`), in the smileys' colours and hatch patterns, with the counts
as alt text. `report_charts` is the one list every layout of a follow-up report shows."""

from django.utils.translation import gettext as _

from milepael.core import smileys
from milepael.core.charts import Chart, Segment, stacked_bar

from .builders import PlanReport, SmileyCounts

KINDS = ("effort", "economy")  # the order the charts appear in


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


def report_charts(report: PlanReport, format: str) -> list[Chart]:
    """The follow-up report's charts in `format` ("svg" or "png"): effort, then economy
    smileys of rounds 1..N. The implementation plan itself (no summary) has none."""
    if report.summary is None:
        return []
    return [smiley_distribution(report.summary.by_round, kind, format=format) for kind in KINDS]
