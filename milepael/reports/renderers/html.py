"""The reports as print-friendly HTML: the body of the report page (an <article>), which
the report views place in the site's layout. Charts are SVG images with alt text (data
URIs: an <img> keeps matplotlib's inline styles away from the page's CSP)."""

import base64

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from milepael.core.charts import Chart, key_figure_chart

from ..agreement import AgreementReport
from ..charts import report_charts
from ..document import PlanReport
from ..term_builders import TermReport
from .base import AGREEMENT, PLAN, TERM, Progress, Renderer, register


def data_uri(chart: Chart) -> str:
    return f"data:{chart.content_type};base64,{base64.b64encode(chart.content).decode('ascii')}"


class HtmlRenderer(Renderer):
    identifier = "html"
    verbose_name = _("HTML")
    content_type = "text/html; charset=utf-8"
    extension = "html"
    downloadable = False
    template: str

    def context(self, report) -> dict:
        return {"report": report}

    def lay_out(self, report, progress: Progress | None = None) -> bytes:
        return render_to_string(self.template, self.context(report)).encode("utf-8")


@register
class PlanHtml(HtmlRenderer):
    """The implementation plan or a follow-up report, with the smiley charts and their data."""

    report_kind = PLAN
    template = "reports/_plan_report.html"

    def context(self, report: PlanReport) -> dict:
        charts = [(chart, data_uri(drawn)) for chart, drawn in report_charts(report, "svg")]
        return {"report": report, "charts": charts}


@register
class AgreementHtml(HtmlRenderer):
    """The whole agreement: the summary across committees, then each plan's report as PlanHtml lays it out."""

    report_kind = AGREEMENT
    template = "reports/_agreement_report.html"

    def context(self, report: AgreementReport) -> dict:
        sections = [PlanHtml().context(plan) for plan in report.plans]
        return {"report": report, "sections": sections}


@register
class TermHtml(HtmlRenderer):
    """The election-term status report, each key figure as a chart and a table of its values."""

    report_kind = TERM
    template = "reports/_term_report.html"

    def context(self, report: TermReport) -> dict:
        # (area, [(objective, [(key figure, chart image or "")])]): the template cannot look
        # a figure's chart up by itself.
        areas = [
            (
                area,
                [
                    (
                        objective,
                        [
                            (figure, data_uri(key_figure_chart(figure.series, format="svg")) if figure.values else "")
                            for figure in objective.key_figures
                        ],
                    )
                    for objective in area.objectives
                ],
            )
            for area in report.areas
        ]
        return {"report": report, "areas": areas}
