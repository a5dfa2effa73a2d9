import pytest
from django.urls import reverse

from milepael.followup.models import Rating
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


# --- generating a report for a committee meeting, and again ------------------------------

ORDER = {
    "report": "1",
    "format": "pdf",
    "report_date": "2018-06-01",
    "committee": "Økonomiudvalget",
    "meeting_date": "2018-06-12",
    "case_id": "00.01.00-A00-1-18",
}


def _pdf_text(content: bytes) -> str:
    import io

    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_reports_page_offers_the_form_with_sensible_defaults(reader_client, rated_plan):
    from django.utils import timezone

    page = reader_client.get(reverse("reports:plan_reports", args=[rated_plan.pk]))
    html = page.content.decode()
    form = page.context["form"]
    assert form["report"].value() == "2" and form["format"].value() == "pdf"  # the latest round with ratings
    assert form["report_date"].value() == timezone.localdate()
    assert form["committee"].value() == rated_plan.committee.name
    assert not form["case_id"].value() and not form["meeting_date"].value()
    assert f'action="{reverse("reports:generate", args=[rated_plan.pk])}"' in html
    assert '<datalist id="committee-names">' in html and "Du har ikke dannet rapporter" in html


def test_a_report_for_a_meeting_is_headed_with_its_date_meeting_and_case_id(reader_client, reader, rated_plan):
    response = reader_client.post(reverse("reports:generate", args=[rated_plan.pk]), ORDER)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Dato: 1. juni 2018" in text and "Mødedato: 12. juni 2018" in text
    assert "Sagsid: 00.01.00-A00-1-18" in text
    job = ReportJob.objects.get()
    assert (job.report_date.isoformat(), job.meeting_date.isoformat(), job.case_id) == (
        "2018-06-01",
        "2018-06-12",
        "00.01.00-A00-1-18",
    )
    assert job.created_by == reader and job.status == ReportJob.Status.DONE and job.ratings_fingerprint
    assert job.content is None  # made in the request: generated again rather than kept


def test_a_wrong_case_id_or_meeting_date_is_named_and_what_was_typed_is_kept(reader_client, rated_plan):
    url = reverse("reports:generate", args=[rated_plan.pk])
    response = reader_client.post(url, {**ORDER, "case_id": "sagen?", "meeting_date": "2018-05-01"})
    html = response.content.decode()
    assert response.status_code == 200 and not ReportJob.objects.exists()
    assert "Sagsid »sagen?« ligner ikke et journalnummer" in html
    assert "Mødedatoen 1. maj 2018 ligger før rapportens dato 1. juni 2018." in html
    assert 'value="sagen?"' in html and 'value="2018-05-01"' in html


def test_generated_again_the_report_is_the_same_and_says_whether_its_ratings_changed(reader_client, reader, rated_plan):
    first = reader_client.post(reverse("reports:generate", args=[rated_plan.pk]), ORDER)
    job = ReportJob.objects.get()
    page = reader_client.get(reverse("reports:plan_reports", args=[rated_plan.pk])).content.decode()
    assert reverse("reports:regenerate", args=[job.pk]) in page and "Uændrede siden" in page
    again = reader_client.post(reverse("reports:regenerate", args=[job.pk]))
    assert again.status_code == 200 and again.content == first.content  # identical, byte for byte
    assert ReportJob.objects.count() == 2
    rating = Rating.objects.filter(round__ordinal=1, status=Rating.Status.APPROVED).first()
    rating.effort_comment, rating.version = "Rettet efter mødet.", rating.version + 1
    rating.save()
    page = reader_client.get(reverse("reports:plan_reports", args=[rated_plan.pk])).content.decode()
    assert "Ændret siden" in page
    job_page = reader_client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "ændret siden rapporten blev dannet" in job_page and "Dan igen" in job_page


def test_an_html_report_for_a_meeting_is_a_page_and_its_record_shows_it_again(reader_client, rated_plan):
    response = reader_client.post(reverse("reports:generate", args=[rated_plan.pk]), {**ORDER, "format": "html"})
    assert response.status_code == 200 and "Mødedato" in response.content.decode()
    job = ReportJob.objects.get()
    shown = reader_client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "12. juni 2018" in shown and "00.01.00-A00-1-18" in shown


def test_the_reports_page_runs_the_same_queries_for_a_bigger_plan_and_more_reports(
    reader_client, reader, rated_plan, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ReportJobFactory, add_initiative

    url = reverse("reports:plan_reports", args=[rated_plan.pk])
    with CaptureQueriesContext(connection) as small:
        reader_client.get(url)
    for number in range(1, 11):
        add_initiative(rated_plan, f"9.{number:02d}", department="Ejendomme")
        ReportJobFactory(plan=rated_plan, created_by=reader, round_ordinal=1, ratings_fingerprint="x")
    with CaptureQueriesContext(connection) as large:
        reader_client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_reports_record_page_runs_the_same_queries_for_a_bigger_plan(reader_client, reader, rated_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ReportJobFactory, add_initiative

    job = ReportJobFactory(
        plan=rated_plan, created_by=reader, round_ordinal=1, ratings_count=3, ratings_fingerprint="x"
    )
    url = reverse("reports:job", args=[job.pk])
    with CaptureQueriesContext(connection) as small:
        assert reader_client.get(url).status_code == 200
    round_1 = rated_plan.agreement.rounds.get(ordinal=1)
    for number in range(1, 11):
        initiative = add_initiative(rated_plan, f"9.{number:02d}", department="Ejendomme")
        Rating.objects.create(initiative=initiative, round=round_1, effort="green", economy="green", status="approved")
    with CaptureQueriesContext(connection) as large:
        page = reader_client.get(url).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "Hent udmoentning.xlsx" in page and "ændret siden rapporten blev dannet" in page
