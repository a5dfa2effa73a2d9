"""A clerk makes the round's report for the committee meeting on the reports page, in a real
browser at desktop and phone width: the form (and its errors) and the list of reports made
before pass axe, the PDF downloads headed with the meeting, and »Dan igen« makes it again."""

import io

import pypdf
import pytest
from django.urls import reverse

from milepael.demo.services import seed_plan
from milepael.reports.models import ReportJob

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = [(1366, 900), (390, 844)]


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.mark.parametrize("width,height", SIZES, ids=["desktop", "phone"])
def test_a_clerk_makes_the_report_for_the_meeting_and_makes_it_again(demo, browse, axe, width, height):
    plan = seed_plan()
    page = browse("laeser")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(reverse("reports:plan_reports", args=[plan.pk]))
    axe.check(page, f"rapporter {width}")

    # A case id in the wrong form: named, with what was typed kept.
    page.get_by_label("Mødedato").fill("2018-04-30")
    page.get_by_label("Sagsid").fill("sagen?")
    with page.expect_navigation():
        page.get_by_role("button", name="Dan rapporten").click()
    assert "Sagsid »sagen?« ligner ikke et journalnummer" in page.content()
    assert page.get_by_label("Sagsid").input_value() == "sagen?"
    axe.check(page, f"rapporter med fejl {width}")

    page.get_by_label("Rapportens dato").fill("2018-04-20")
    page.get_by_label("Sagsid").fill("00.01.00-A00-1-18")
    with page.expect_download() as download:
        page.get_by_role("button", name="Dan rapporten").click()
    text = _pdf_text(download.value.path())
    assert "Mødedato: 30. april 2018" in text and "Sagsid: 00.01.00-A00-1-18" in text
    assert "Af de 35 indsatser har" in text

    page.goto(reverse("reports:plan_reports", args=[plan.pk]))
    assert "Uændrede siden" in page.content()
    axe.check(page, f"rapporter med tidligere rapport {width}")
    with page.expect_download() as again:
        page.get_by_role("button", name="Dan igen").first.click()
    assert again.value.path().read_bytes() == download.value.path().read_bytes()
    assert ReportJob.objects.count() == 2
    axe.assert_clean()


def test_a_large_plans_report_shows_its_progress_bar(demo, browse, axe, settings):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MILEPAEL_REPORT_BACKGROUND_THRESHOLD = 1  # the seed plan counts as large
    task_backends.__init__()
    try:
        plan = seed_plan()
        page = browse("laeser")
        page.goto(reverse("reports:plan_reports", args=[plan.pk]))
        with page.expect_navigation():
            page.get_by_role("button", name="Dan rapporten").click()
        assert page.locator("progress#job-bar").count() == 1
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            axe.check(page, f"rapport dannes {width}")
        axe.assert_clean()
    finally:
        task_backends.__init__()
