"""The reports as tagged PDFs (PDF/UA-1) with typst: each typst template lays out the JSON
data of its report model, plus the charts as SVG."""

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from milepael.core.charts import key_figure_chart

from ..builders import PlanReport
from ..charts import report_charts
from ..term_builders import TermReport
from .base import PLAN, TERM, Progress, Renderer, register

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "reports"
# DKFDS's typeface (installed by `make install` with npm); typst's embedded fonts otherwise.
FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "dkfds" / "dist" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
FONTS = ["IBM Plex Sans", "Libertinus Serif"]


def compile_typst(template: Path, data: dict) -> bytes:
    """Lay out `data` (JSON-ready; the template reads `sys.inputs.data`) with a typst
    template as a tagged PDF/UA-1 in the DKFDS typeface. Every report PDF goes through
    here, so fonts and the accessibility standard are set in one place; it adds
    `fonts`, the list the template's `set text(font: data.fonts)` uses."""
    # Imported here: only workers that render a PDF pay for loading the typst compiler.
    import typst

    font_paths = [str(FONT_DIR)] if FONT_DIR.is_dir() else []
    return typst.compile(
        str(template),
        format="pdf",
        font_paths=font_paths,
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps({**data, "fonts": FONTS}, ensure_ascii=False)},
        # PDF/UA-1 makes typst refuse a document without a title or an image without alt text.
        pdf_standards=["ua-1"],
    )


def _typst_svg(svg: bytes) -> str:
    """The chart's SVG for typst: its text set in the report's typeface (typst sees only
    the fonts given to it, and DejaVu Sans is not among them)."""
    return svg.decode("utf-8").replace("font-family: 'DejaVu Sans'", f"font-family: '{FONTS[0]}'")


class PdfRenderer(Renderer):
    identifier = "pdf"
    verbose_name = _("PDF")
    content_type = "application/pdf"
    extension = "pdf"
    template: Path

    def payload(self, report) -> dict:
        """The JSON-ready data the typst template reads."""
        raise NotImplementedError

    def render(self, report, progress: Progress | None = None) -> bytes:
        return compile_typst(self.template, self.payload(report))


@register
class PlanPdf(PdfRenderer):
    """The implementation plan or a follow-up report (plan_report.typ)."""

    report_kind = PLAN
    template = TEMPLATES / "plan_report.typ"

    def payload(self, report: PlanReport) -> dict:
        charts = report_charts(report, "svg")
        return {
            **report.as_dict(),
            "charts": [{"svg": chart.content.decode("utf-8"), "alt": chart.alt_text} for chart in charts],
        }


@register
class TermPdf(PdfRenderer):
    """The election-term status report (term_report.typ), each key figure drawn as a chart."""

    report_kind = TERM
    template = TEMPLATES / "term_report.typ"

    def payload(self, report: TermReport) -> dict:
        data = report.as_dict()
        for area, area_data in zip(report.areas, data["areas"], strict=True):
            for objective, objective_data in zip(area.objectives, area_data["objectives"], strict=True):
                for figure, figure_data in zip(objective.key_figures, objective_data["key_figures"], strict=True):
                    figure_data["svg"] = (
                        _typst_svg(key_figure_chart(figure.series, format="svg").content) if figure.values else ""
                    )
        return data
