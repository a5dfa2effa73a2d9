"""Every expensive report goes the same way as a large plan's: the agreement's report and the
election term's status report are rendered by the worker when they cover at least
MILEPAEL_REPORT_BACKGROUND_THRESHOLD initiatives, and every render and Excel export counts
against the user's concurrency limit."""

import pytest
from django.urls import reverse
from django_tasks import task_backends

from milepael.core.ratelimit import concurrency_slot, user_slot_key
from milepael.reports import jobs
from milepael.reports.models import ReportJob
from milepael.term.models import Objective


@pytest.fixture
def worker_queue(settings):
    """A task backend that queues (the worker is played by jobs.run_job), and a threshold of
    one initiative, so that the small fixtures count as large."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MILEPAEL_REPORT_BACKGROUND_THRESHOLD = 1
    task_backends.__init__()  # the backend handler caches settings
    yield
    task_backends.__init__()  # the next test sees the configured backend


def _follow_to_the_file(client, response):
    """The job page of a queued report, the worker's run, then the file."""
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
    assert "<progress" in client.get(response["Location"]).content.decode()
    jobs.run_job(str(job.pk))  # what the worker does
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    job_page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert reverse("reports:job_download", args=[job.pk]) in job_page
    return job, client.get(reverse("reports:job_download", args=[job.pk]))


@pytest.mark.django_db(transaction=True)
def test_a_large_agreements_excel_report_is_made_by_the_worker(reader_client, rated_plan, worker_queue):
    url = reverse("reports:agreement_report", args=[rated_plan.agreement.pk, 1, "xlsx"])
    job, download = _follow_to_the_file(reader_client, reader_client.get(url))
    assert job.kind == ReportJob.Kind.AGREEMENT and job.agreement == rated_plan.agreement
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert download["Content-Disposition"].endswith('.xlsx"')
    # »Dan igen« queues the same report once more.
    again = reader_client.post(reverse("reports:regenerate", args=[job.pk]))
    newest = ReportJob.objects.order_by("-created_at").first()
    assert again.status_code == 302 and newest != job and newest.kind == ReportJob.Kind.AGREEMENT


@pytest.mark.django_db(transaction=True)
def test_a_large_terms_status_report_is_made_by_the_worker(reader_client, seed_term, rated_plan, worker_queue):
    Objective.objects.filter(area__term=seed_term).first().initiatives.add(*rated_plan.initiatives.all())
    url = reverse("reports:term_report", args=[seed_term.pk, "docx"])
    job, download = _follow_to_the_file(reader_client, reader_client.get(url))
    assert job.kind == ReportJob.Kind.TERM and job.term == seed_term
    assert download.status_code == 200 and download.content.startswith(b"PK")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("url_of", "filename"),
    [
        (lambda plan: reverse("exchange:export_plan_xlsx", args=[plan.pk]), "udmoentning-"),
        (
            lambda plan: reverse(
                "exchange:export_ratings_xlsx", args=[plan.agreement.rounds.get(ordinal=1).pk, plan.pk]
            ),
            "vurderinger-",
        ),
    ],
    ids=["plan as Excel", "ratings as Excel"],
)
def test_a_large_plans_excel_export_is_made_by_the_worker(staff_client, rated_plan, worker_queue, url_of, filename):
    job, download = _follow_to_the_file(staff_client, staff_client.get(url_of(rated_plan)))
    assert job.kind == ReportJob.Kind.EXPORT and job.plan == rated_plan
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert f'filename="{filename}' in download["Content-Disposition"]
    # Exports are not the plan's reports: the reports page does not list them for »Dan igen«.
    page = staff_client.get(reverse("reports:plan_reports", args=[rated_plan.pk])).content.decode()
    assert reverse("reports:regenerate", args=[job.pk]) not in page


def test_small_agreement_and_term_reports_come_at_once_and_are_not_recorded(reader_client, rated_plan, seed_term):
    assert jobs.background_available()  # the database backend from settings
    agreement = reader_client.get(reverse("reports:agreement_report", args=[rated_plan.agreement.pk, 1, "xlsx"]))
    term = reader_client.get(reverse("reports:term_report", args=[seed_term.pk, "pdf"]))
    assert agreement.status_code == 200 and agreement.content.startswith(b"PK")
    assert term.status_code == 200 and term.content.startswith(b"%PDF")
    assert not ReportJob.objects.exists()


def test_an_unknown_round_of_a_large_agreement_is_not_found_and_queues_nothing(reader_client, rated_plan, settings):
    settings.MILEPAEL_REPORT_BACKGROUND_THRESHOLD = 1
    response = reader_client.get(reverse("reports:agreement_report", args=[rated_plan.agreement.pk, 9, "xlsx"]))
    assert response.status_code == 404 and not ReportJob.objects.exists()


@pytest.mark.parametrize(
    "url_of",
    [
        lambda plan: reverse("reports:agreement_report", args=[plan.agreement.pk, 1, "xlsx"]),
        lambda plan: reverse("exchange:export_plan_xlsx", args=[plan.pk]),
        lambda plan: reverse("exchange:export_ratings_xlsx", args=[plan.agreement.rounds.get(ordinal=1).pk, plan.pk]),
    ],
    ids=["agreement report", "plan as Excel", "ratings as Excel"],
)
def test_renders_and_exports_share_the_users_concurrency_limit(
    staff_client, administrator, rated_plan, settings, url_of
):
    settings.MILEPAEL_REPORT_RENDERS_PER_USER = 1
    with concurrency_slot(user_slot_key("report-renders", administrator), limit=1):  # a render under way
        refused = staff_client.get(url_of(rated_plan))
    assert refused.status_code == 429 and refused["Retry-After"]
    assert staff_client.get(url_of(rated_plan)).status_code == 200  # the slot is free again


def test_generating_for_a_committee_meeting_counts_against_the_limit(reader_client, reader, rated_plan, settings):
    settings.MILEPAEL_REPORT_RENDERS_PER_USER = 1
    with concurrency_slot(user_slot_key("report-renders", reader), limit=1):
        response = reader_client.post(
            reverse("reports:generate", args=[rated_plan.pk]), {"report": "1", "format": "pdf"}
        )
    assert response.status_code == 429 and not ReportJob.objects.exists()
