"""The reports as tagged PDFs (PDF/UA-1) with typst: each template lays out the JSON data
of its report model (the plan and follow-up reports, the election-term status report)."""

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from milepael.core.charts import key_figure_chart

from . import charts
from .builders import PlanReport
from .term_builders import TermReport

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "reports"
TEMPLATE = TEMPLATES / "plan_report.typ"
TERM_TEMPLATE = TEMPLATES / "term_report.typ"
# DKFDS's typeface (installed by `make install` with npm); typst's embedded fonts otherwise.
FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "dkfds" / "dist" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
FONTS = ["IBM Plex Sans", "Libertinus Serif"]


def labels() -> dict:
    return {
        "page": _("Side"),
        "summary_heading": _("Resumé"),
        "counts_heading": _("Antal smileys pr. tema"),
        "count_columns": [
            _("Tema"),
            _("Indsats: glad"),
            _("Indsats: neutral"),
            _("Indsats: sur"),
            _("Ingen milepæl"),
            _("Indsats: ikke vurderet"),
            _("Økonomi: glad"),
            _("Økonomi: sur"),
            _("Økonomi: ikke vurderet"),
        ],
        "attention_heading": _("Gule og røde smileys"),
        "attention_columns": [
            _("Indsats"),
            _("Vurdering af"),
            _("Smiley"),
            _("Kommentar"),
            _("Alternativ finansiering"),
        ],
        "no_attention": _("Ingen gule eller røde smileys i denne opfølgning."),
        "revisions_heading": _("Reviderede økonomier"),
        "revision_columns": [_("Indsats"), _("Revideret økonomi"), _("Godkendt af Kommunalbestyrelsen")],
        "no_revisions": _("Ingen reviderede økonomier."),
    }


def payload(report: PlanReport) -> dict:
    data = report.as_dict()
    data["labels"] = labels()
    data["charts"] = []
    if report.summary is not None:
        for kind in ("effort", "economy"):
            chart = charts.smiley_distribution(report.summary.by_round, kind, format="svg")
            data["charts"].append({"svg": chart.content.decode("utf-8"), "alt": chart.alt_text})
    return data


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
