"""The reports as tagged PDFs (PDF/UA-1) with typst: each template lays out the JSON data
of its report model (the plan and follow-up reports, the election-term status report)."""

import json
from pathlib import Path

from django.conf import settings

from milepael.core.charts import key_figure_chart

from .builders import PlanReport
from .charts import report_charts
from .term_builders import TermReport

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "reports"
TEMPLATE = TEMPLATES / "plan_report.typ"
TERM_TEMPLATE = TEMPLATES / "term_report.typ"
# DKFDS's typeface (installed by `make install` with npm); typst's embedded fonts otherwise.
FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "dkfds" / "dist" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
FONTS = ["IBM Plex Sans", "Libertinus Serif"]


def payload(report: PlanReport) -> dict:
    charts = report_charts(report, "svg")
    return {
        **report.as_dict(),
        "charts": [{"svg": chart.content.decode("utf-8"), "alt": chart.alt_text} for chart in charts],
    }


def compile_typst(template: Path, data: dict) -> bytes:
    """Lay out `data` (JSON-ready; the template reads `sys.inputs.data`) with a typst
    template as a tagged PDF/UA-1 in the DKFDS typeface. Every report PDF goes through
    here, so fonts and the accessibility standard are set in one place; it adds
    `fonts`, the list the template's `set text(font: data.fonts)` uses."""
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


def render_pdf(report: PlanReport) -> bytes:
    return compile_typst(TEMPLATE, payload(report))


def _typst_svg(svg: bytes) -> str:
    """The chart's SVG for typst: its text set in the report's typeface (typst sees only
    the fonts given to it, and DejaVu Sans is not among them)."""
    return svg.decode("utf-8").replace("font-family: 'DejaVu Sans'", f"font-family: '{FONTS[0]}'")


def term_payload(report: TermReport) -> dict:
    data = report.as_dict()
    for area, area_data in zip(report.areas, data["areas"], strict=True):
        for objective, objective_data in zip(area.objectives, area_data["objectives"], strict=True):
            for figure, figure_data in zip(objective.key_figures, objective_data["key_figures"], strict=True):
                figure_data["svg"] = (
                    _typst_svg(key_figure_chart(figure.series, format="svg").content) if figure.values else ""
                )
    return data


def render_term_pdf(report: TermReport) -> bytes:
    """The election-term status report as a tagged PDF (PDF/UA-1)."""
    return compile_typst(TERM_TEMPLATE, term_payload(report))
