"""The report model of the election-term status report (seed 002): built once, as plain
data, from `term.selectors.term_for_page`; the typst (PDF), Word and Excel renderers only
lay it out.

Layout as the seed: a title and an introduction, then per area a heading and a
three-column table (strategic objective | actions taken | results). Each key figure is
drawn as a chart (the renderers call `core.charts.key_figure_chart` with `series`) and also
given as a small table of its values. Building runs a fixed number of queries, whatever
the number of areas, objectives and key figures.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from milepael.core import charts
from milepael.core.charts import Series
from milepael.core.formatting import danish_date, danish_number, file_stem
from milepael.term import selectors as term_selectors
from milepael.term.models import ElectionTerm

from .document import Paragraph, rich_paragraphs


@dataclass
class KeyFigureBlock:
    """A key figure: the chart's data (`series`, for the renderers to draw), its alt text
    and its values formatted the Danish way for the data table."""

    name: str
    unit: str
    description: str
    series: Series
    alt_text: str
    chart_title: str
    values: list[tuple[str, str]]  # (period, "5,7"): the data table under the chart

    @property
    def value_heading(self) -> str:
        return f"{_('Værdi')} ({self.unit})" if self.unit else _("Værdi")

    @property
    def values_text(self) -> str:
        """One line for a spreadsheet cell: 2013: 5,7 pct.; 2014: 5,9 pct."""
        unit = f" {self.unit}" if self.unit else ""
        return "; ".join(f"{period}: {value}{unit}" for period, value in self.values)


@dataclass
class ObjectiveBlock:
    title: str
    subtitle: list[Paragraph]
    actions: list[Paragraph]
    results: list[Paragraph]
    initiatives: list[str]  # "7.04. Borgerrådgiver", as the plan names them
    key_figures: list[KeyFigureBlock] = field(default_factory=list)


@dataclass
class AreaBlock:
    name: str  # as it reads (Ledelse og organisation), not the document's capitals
    objectives: list[ObjectiveBlock]


@dataclass
class TermReport:
    """Everything a renderer needs; no model instances, no queries."""

    document_title: str
    title: str
    term_name: str
    years: str
    committee: str
    header: list[tuple[str, str]]
    intro: list[Paragraph]
    column_labels: dict[str, str]  # the three columns of each area's table
    labels: dict[str, str]  # the other headings and notes every layout shows
    areas: list[AreaBlock]
    generated_on: str
    file_stem: str

    def filename(self, extension: str) -> str:
        return f"{self.file_stem}.{extension}"

    def as_dict(self) -> dict:
        """JSON-ready data (the typst template reads this): the series (Decimals) are left
        out, the value-table heading is added. The renderer adds the chart images."""
        data = dataclasses.asdict(self)
        for area, area_data in zip(self.areas, data["areas"], strict=True):
            for objective, objective_data in zip(area.objectives, area_data["objectives"], strict=True):
                for figure, figure_data in zip(objective.key_figures, objective_data["key_figures"], strict=True):
                    del figure_data["series"]
                    figure_data["value_heading"] = figure.value_heading
        return data


def _column_labels() -> dict[str, str]:
    return {
        "objective": _("Strategisk målsætning"),
        "actions": _("Iværksatte tiltag / konkrete indsatser"),
        "results": _("Resultater"),
    }


def _labels() -> dict[str, str]:
    return {
        "page": _("Side"),
        "page_of": _("af"),
        "initiatives": _("Tilknyttede indsatser"),
        "key_figure": _("Nøgletal"),
        "period": _("Periode"),
        "no_objectives": _("Området har ingen målsætninger."),
        "no_areas": _("Statusrapporten har ingen områder."),
        "no_values": _("Nøgletallet har ingen værdier endnu."),
    }


def _key_figure(key_figure) -> KeyFigureBlock:
    series = key_figure.series()  # the prefetched values: no query
    decimals = charts.decimals_of(series)
    return KeyFigureBlock(
        name=key_figure.name,
        unit=key_figure.unit,
        description=key_figure.description,
        series=series,
        alt_text=charts.alt_text(series),
        chart_title=charts.chart_title(series),
        values=[(period, danish_number(value, decimals)) for period, value in series.points],
    )


def build_term_report(term: ElectionTerm | int, *, today: datetime.date | None = None) -> TermReport:
    """The election term's status report. `term` is a pk or a term loaded by
    `term.selectors.term_for_page` (anything else is loaded again, with its prefetches).
    Raises ElectionTerm.DoesNotExist for an unknown pk."""
    if not isinstance(term, ElectionTerm) or "areas" not in getattr(term, "_prefetched_objects_cache", {}):
        term = term_selectors.term_for_page(term.pk if isinstance(term, ElectionTerm) else term)
    areas = [
        AreaBlock(
            name=str(area),
            objectives=[
                ObjectiveBlock(
                    title=objective.title,
                    subtitle=rich_paragraphs(objective.subtitle),
                    actions=rich_paragraphs(objective.actions),
                    results=rich_paragraphs(objective.results),
                    initiatives=[str(initiative) for initiative in objective.initiatives.all()],
                    key_figures=[_key_figure(key_figure) for key_figure in objective.key_figures.all()],
                )
                for objective in area.objectives.all()
            ],
        )
        for area in term.areas.all()
    ]
    years = f"{term.start_year}-{term.end_year}"
    header = [(_("Udvalg"), term.committee.name), (_("Valgperiode"), years)]
    return TermReport(
        document_title=term.title or term.name,
        title=term.title or term.name,
        term_name=term.name,
        years=years,
        committee=term.committee.name,
        header=header,
        intro=rich_paragraphs(term.intro),
        column_labels=_column_labels(),
        labels=_labels(),
        areas=areas,
        generated_on=danish_date(today or timezone.localdate()),
        # status-valgperioden-2014-2017-oekonomiudvalget
        file_stem=file_stem(_("status"), term.name, term.committee.name),
    )
