"""The renderer registry: every report comes in HTML, PDF, Word and Excel, each from one
registered class; the pages offer exactly what is registered, and anything else is 404."""

import pytest
from django.urls import reverse

from milepael.reports.builders import build_plan_report
from milepael.reports.renderers import AGREEMENT, PLAN, TERM, UnknownFormat, renderer_for, renderers_of
from milepael.reports.services import render_plan_report
from milepael.reports.term_builders import build_term_report
from tests.term.factories import ElectionTermFactory, KeyFigureFactory, KeyFigureValueFactory, ObjectiveFactory

EXPECTED = [("html", "HTML", False), ("pdf", "PDF", True), ("docx", "Word", True), ("xlsx", "Excel", True)]


@pytest.mark.parametrize("kind", [PLAN, TERM, AGREEMENT])
def test_every_report_comes_in_html_pdf_word_and_excel_in_that_order(kind):
    renderers = renderers_of(kind)
    assert [(r.identifier, str(r.verbose_name), r.downloadable) for r in renderers] == EXPECTED
    assert [r.extension for r in renderers] == ["html", "pdf", "docx", "xlsx"]
    assert all(r.report_kind == kind and renderer_for(kind, r.identifier) is r for r in renderers)


def test_an_unknown_format_is_a_clear_error():
    with pytest.raises(UnknownFormat, match="no renderer for the plan report in format 'odt'"):
        renderer_for(PLAN, "odt")


def test_the_report_page_shows_what_the_html_renderer_renders(reader_client, rated_plan):
    body = render_plan_report(rated_plan, 1, "html").content.decode()
    assert body.lstrip().startswith('<article class="mp-report">') and "<html" not in body
    page = reader_client.get(reverse("reports:followup_report", args=[rated_plan.pk, 1, "html"])).content.decode()
    assert body in page


def test_the_headings_come_from_the_report_model_in_every_layout(reader_client, rated_plan):
    from .textcheck import docx_text

    report = build_plan_report(rated_plan, 1)
    report.labels["attention_heading"] = "Særlige opmærksomhedspunkter"
    assert "Særlige opmærksomhedspunkter" in renderer_for(PLAN, "html").render(report).decode()
    assert "Særlige opmærksomhedspunkter" in docx_text(renderer_for(PLAN, "docx").render(report))


def test_the_reports_page_links_every_registered_format(reader_client, rated_plan):
    page = reader_client.get(reverse("reports:plan_reports", args=[rated_plan.pk])).content.decode()
    for renderer in renderers_of(PLAN):
        url = reverse("reports:followup_report", args=[rated_plan.pk, 1, renderer.identifier])
        download = " download" if renderer.downloadable else ""
        assert f'<a href="{url}"{download}>Opfølgning 1. budgetopfølgning 2018 som {renderer.verbose_name}</a>' in page
        assert f'<a href="{reverse("reports:plan_report", args=[rated_plan.pk, renderer.identifier])}"' in page


@pytest.mark.parametrize(
    "url",
    [
        lambda o: reverse("reports:plan_report", args=[o["plan"].pk, "odt"]),
        lambda o: reverse("reports:followup_report", args=[o["plan"].pk, 1, "csv"]),
        lambda o: reverse("reports:term_report", args=[o["term"].pk, "txt"]),
    ],
    ids=["plan", "follow-up", "term"],
)
def test_a_format_no_renderer_has_is_not_found(reader_client, rated_plan, url):
    objects = {"plan": rated_plan, "term": ElectionTermFactory()}
    assert reader_client.get(url(objects)).status_code == 404


def test_the_term_report_is_also_a_print_friendly_page(reader_client, db):
    objective = ObjectiveFactory(title="Sygefravær", actions="<p>Indsats for nedbringelse</p>")
    key_figure = KeyFigureFactory(objective=objective, name="Sygefravær", unit="pct.")
    for position in (1, 2):
        KeyFigureValueFactory(key_figure=key_figure, position=position)
    term = objective.area.term
    response = reader_client.get(reverse("reports:term_report", args=[term.pk, "html"]))
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "reports/report.css" in html and "data-print" in html and "onclick" not in html
    assert "<h2>" in html and "Sygefravær" in html and "Indsats for nedbringelse" in html
    report = build_term_report(term.pk)
    (figure,) = report.areas[0].objectives[0].key_figures
    assert f'alt="{figure.alt_text}"' in html and 'src="data:image/svg+xml;base64,' in html
    assert f'<th scope="col">{report.labels["period"]}</th>' in html
