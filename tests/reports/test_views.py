import pytest
from django.urls import reverse

from milepael.reports import jobs
from milepael.reports.models import ReportJob


def test_anonymous_users_are_sent_to_the_login_page(client, rated_plan):
    for url in (
        reverse("reports:plan_reports", args=[rated_plan.pk]),
        reverse("reports:followup_report", args=[rated_plan.pk, 1, "pdf"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_reader_sees_the_links_and_downloads_every_format(reader_client, rated_plan):
    page = reader_client.get(reverse("reports:plan_reports", args=[rated_plan.pk]))
    assert page.status_code == 200
    assert reverse("reports:followup_report", args=[rated_plan.pk, 1, "docx"]) in page.content.decode()
    expected = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK"}
    for format, magic in expected.items():
        response = reader_client.get(reverse("reports:followup_report", args=[rated_plan.pk, 2, format]))
        assert response.status_code == 200
        assert response.content.startswith(magic)
        assert response["Content-Disposition"] == (
            f'attachment; filename="opfoelgning-2-budgetopfoelgning-2018-oekonomiudvalget.{format}"'
        )


def test_the_html_report_is_a_print_friendly_page(reader_client, rated_plan):
    response = reader_client.get(reverse("reports:followup_report", args=[rated_plan.pk, 1, "html"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "reports/report.css" in html and "Gule og røde smileys" in html
    assert "Forsinket indsats" in html and 'alt="Smileys for indsats pr. opfølgning.' in html


def test_an_unknown_round_is_not_found(reader_client, rated_plan):
    assert reader_client.get(reverse("reports:followup_report", args=[rated_plan.pk, 9, "pdf"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_large_plan_is_generated_in_the_background_with_progress(client, rated_plan, settings, monkeypatch, reader):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MILEPAEL_REPORT_BACKGROUND_THRESHOLD = rated_plan.initiatives.count()  # this plan counts as large
    task_backends.__init__()  # the backend handler caches settings (django_tasks may not be an installed app)
    try:
        client.force_login(reader)
        response = client.get(reverse("reports:followup_report", args=[rated_plan.pk, 1, "docx"]))
        job = ReportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
        assert "<progress" in client.get(response["Location"]).content.decode()
        jobs.run_job(str(job.pk))  # what the worker does
        job.refresh_from_db()
        assert job.status == ReportJob.Status.DONE and job.progress == 100
        download = client.get(reverse("reports:job_download", args=[job.pk]))
        assert download.content.startswith(b"PK")
        assert "opfoelgning-1-budgetopfoelgning-2018-oekonomiudvalget.docx" in download["Content-Disposition"]
    finally:
        task_backends.__init__()  # forget the dummy backend; the next test sees the configured one


def test_small_plans_return_at_once_even_with_a_task_backend(reader_client, rated_plan):
    assert jobs.background_available()  # the database backend from settings
    assert rated_plan.initiatives.count() < jobs.background_threshold()
    response = reader_client.get(reverse("reports:plan_report", args=[rated_plan.pk, "xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    # Recorded (every generated report is, for »Dan igen«), but made in the request: no file kept.
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.DONE and job.content is None
