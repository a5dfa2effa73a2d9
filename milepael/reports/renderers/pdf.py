"""The reports as tagged PDFs (PDF/UA-1) with typst: each typst template lays out the JSON
data of its report model. The plan report's smiley charts are drawn by the template from
the report's numbers; the term report's key figures come as SVG charts."""

import dataclasses
import datetime
import json
import threading
import unicodedata
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from milepael.core.charts import key_figure_chart

from ..agreement import AgreementReport
from ..document import PlanReport, SmileyCounts
from ..term_builders import TermReport
from .base import AGREEMENT, PLAN, TERM, Progress, Renderer, register

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "reports"
# DKFDS's typeface (installed by `make install` with npm); typst's embedded fonts otherwise.
FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "dkfds" / "dist" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
FONTS = ["IBM Plex Sans", "Libertinus Serif"]
# An initiative's table is kept on one page when it is estimated at no more than PAGE_LINES
# lines. A kept table taller than the page would run off it, so the estimate errs high: a
# page holds about 60 lines of 9.5 pt text, the text column about 48 characters a line.
PAGE_LINES = 30
TEXT_COLUMN_CHARACTERS = 44
_COMPILING = threading.Lock()


@cache
def _compiler():
    """One typst compiler per process: the fonts are read once, and typst keeps what it has
    laid out before (the same table twice is laid out once)."""
    # Imported here: only workers that render a PDF pay for loading the typst compiler.
    import typst

    font_paths = [str(FONT_DIR)] if FONT_DIR.is_dir() else []
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=font_paths)
    return typst.Compiler(font_paths=fonts, ignore_system_fonts=True)


@cache
def _typeface_characters() -> frozenset[int] | None:
    """The characters the report typeface draws (every weight has the same set); None
    without the typeface, when typst's embedded fonts are used and it cannot be known."""
    regular = FONT_DIR / "IBMPlexSans-Regular.ttf"
    if not regular.is_file():
        return None
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(regular).getBestCmap())


class _Drawable(dict):
    """A `str.translate` table for text the typeface can draw. PDF/UA-1 makes typst refuse
    a document with a character no font has (a fullwidth ＜ pasted into a milestone, an
    emoji), so such a character becomes its compatibility form (＜ → <) or "?"."""

    def __missing__(self, code: int) -> str:
        drawn = _typeface_characters() or frozenset()
        char = chr(code)
        if code in drawn or unicodedata.category(char)[0] in "CZ":  # controls and spaces are not drawn
            replacement = char
        else:
            compatible = unicodedata.normalize("NFKC", char)
            replacement = compatible if all(ord(part) in drawn for part in compatible) else "?"
        self[code] = replacement
        return replacement


_DRAWABLE = _Drawable()


def _drawable(value):
    """`value` (JSON-ready data) with every string made drawable by the typeface."""
    if isinstance(value, str):
        return value.translate(_DRAWABLE)
    if isinstance(value, dict):
        return {key: _drawable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_drawable(item) for item in value]
    return value


def compile_typst(template: Path, data: dict, *, date: datetime.date | None = None) -> bytes:
    """Lay out `data` (JSON-ready; the template reads `sys.inputs.data`) with a typst
    template as a tagged PDF/UA-1 in the DKFDS typeface. Every report PDF goes through
    here, so fonts and the accessibility standard are set in one place; it adds
    `fonts`, the list the template's `set text(font: data.fonts)` uses. `date` is the
    document's creation date (the same report twice is the same file)."""
    timestamp = datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC) if date else None
    if _typeface_characters() is not None:
        data = _drawable(data)
    with _COMPILING:  # the compiler is shared by the process's threads
        return _compiler().compile(
            input=str(template),
            root=str(template.parent),  # whatever the process's working directory is
            format="pdf",
            sys_inputs={"data": json.dumps({**data, "fonts": FONTS}, ensure_ascii=False)},
            # PDF/UA-1 makes typst refuse a document without a title or an image without alt text.
            pdf_standards=["ua-1"],
            timestamp=timestamp,
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

    def document_date(self, report) -> datetime.date | None:
        """The PDF's creation date: the report's own date where it has one."""
        return None

    def lay_out(self, report, progress: Progress | None = None) -> bytes:
        return compile_typst(self.template, self.payload(report), date=self.document_date(report))


@register
class PlanPdf(PdfRenderer):
    """The implementation plan or a follow-up report (plan_report.typ)."""

    report_kind = PLAN
    template = TEMPLATES / "plan_report.typ"

    def document_date(self, report: PlanReport) -> datetime.date:
        return report.meta.date

    def payload(self, report: PlanReport) -> dict:
        data = report.as_dict()
        for theme, theme_data in zip(report.themes, data["themes"], strict=True):
            for initiative, initiative_data in zip(theme.initiatives, theme_data["initiatives"], strict=True):
                initiative_data["keep_together"] = initiative.estimated_lines(TEXT_COLUMN_CHARACTERS) <= PAGE_LINES
        return data


def _counts(counts: SmileyCounts) -> dict:
    return {"label": counts.label, "cells": counts.cells}


@register
class AgreementPdf(PdfRenderer):
    """The whole agreement (agreement_report.typ): the summary across committees, then each
    committee's report laid out as the plan report's PDF, each from a new page."""

    report_kind = AGREEMENT
    template = TEMPLATES / "agreement_report.typ"

    def document_date(self, report: AgreementReport) -> datetime.date | None:
        return report.plans[0].meta.date if report.plans else None

    def payload(self, report: AgreementReport) -> dict:
        plan_pdf = PlanPdf()
        colophon = gettext("Dannet %(date)s.") % {"date": report.generated_on} if report.generated_on else ""
        return {
            "document_title": report.document_title,
            "title": report.title,
            "agreement": report.agreement,
            "round_name": report.round_name,
            "colophon": colophon,
            "labels": {
                "page": gettext("Side"),
                "page_of": gettext("af"),
                "no_plans": gettext("Ingen udmøntninger endnu."),
                **report.labels,
            },
            "by_committee": [_counts(counts) for counts in report.by_committee],
            "total": _counts(report.total),
            "economy_tables": [dataclasses.asdict(table) for table in report.economy_tables],
            "plans": [plan_pdf.payload(plan) for plan in report.plans],
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
