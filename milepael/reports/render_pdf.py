"""The report as a tagged PDF (PDF/UA-1) with typst: the template lays out the JSON data."""

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import charts
from .builders import PlanReport

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "reports" / "plan_report.typ"
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
    data["fonts"] = FONTS
    data["charts"] = []
    if report.summary is not None:
        for kind in ("effort", "economy"):
            chart = charts.smiley_distribution(report.summary.by_round, kind, format="svg")
            data["charts"].append({"svg": chart.content.decode("utf-8"), "alt": chart.alt_text})
    return data


def render_pdf(report: PlanReport) -> bytes:
    import typst

    font_paths = [str(FONT_DIR)] if FONT_DIR.is_dir() else []
    return typst.compile(
        str(TEMPLATE),
        format="pdf",
        font_paths=font_paths,
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(payload(report), ensure_ascii=False)},
        pdf_standards=["ua-1"],
    )
