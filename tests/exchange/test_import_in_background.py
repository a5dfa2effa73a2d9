"""A large plan's confirmed import runs in the background: the user follows a progress page
that says what is happening (polled by htmx), then gets a link to the plan; a failure shows
the Danish error with its place. The file imported is the one the user confirmed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from milepael.core.richtext import html_to_text
from milepael.exchange import jobs
from milepael.exchange.models import PlanImportJob
from milepael.plans.models import Initiative
from tests.exchange.pages import confirm_data

pytestmark = pytest.mark.django_db
URL = reverse("exchange:import_plan")


@pytest.fixture
def task_backend(settings):
    """A task backend outside the request (the worker is played by calling `run_job`), and
    a threshold the seed's 35 initiatives reach."""
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MILEPAEL_IMPORT_BACKGROUND_THRESHOLD = 35
    task_backends.__init__()  # the handler caches settings
    yield
    task_backends.__init__()


def confirm(client, content: bytes):
    preview = client.post(URL, {"file": SimpleUploadedFile("plan.txt", content, content_type="text/plain")})
    return client.post(URL, confirm_data(preview))


def test_a_large_plan_is_imported_in_the_background_with_progress(staff_client, plan_seed_bytes, task_backend):
    response = confirm(staff_client, plan_seed_bytes)
    job = PlanImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exchange:import_job", args=[job.pk])
    assert Initiative.objects.count() == 0  # nothing imported in the request
    page = staff_client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'hx-trigger="load delay:1s"' in page and "<script" not in page.split("</header>")[1]
    assert "importeres i baggrunden" in html_to_text(page)

    jobs.run_job(str(job.pk))  # what the worker does
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert Initiative.objects.count() == 35
    assert Initiative.history.first().history_user.username == "okonomi"  # who confirmed it
    part = staff_client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in part  # polling stops
    assert "Udmøntningen er importeret: 201 oprettet" in html_to_text(part)
    assert job.plan.get_absolute_url() in part


def test_a_failed_background_import_shows_the_error_with_its_place(staff_client, plan_seed_bytes, task_backend):
    confirm(staff_client, plan_seed_bytes)
    job = PlanImportJob.objects.get()
    # What the worker reads is what was confirmed: spoil the stored copy to see a located error.
    lines = plan_seed_bytes.split(b"\n")
    lines[2] = b"Dato: den 45. smarch"
    PlanImportJob.objects.filter(pk=job.pk).update(content=b"\n".join(lines))
    jobs.run_job(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and Initiative.objects.count() == 0
    text = html_to_text(staff_client.get(reverse("exchange:import_job", args=[job.pk])).content.decode())
    assert "Filen kan ikke importeres. Intet er gemt." in text
    assert "Linje 3" in text, text


def test_small_plans_are_imported_in_the_request(staff_client, plan_seed_bytes, settings, task_backend):
    settings.MILEPAEL_IMPORT_BACKGROUND_THRESHOLD = 36
    response = confirm(staff_client, plan_seed_bytes)
    assert response.status_code == 302 and not PlanImportJob.objects.exists()
    assert Initiative.objects.count() == 35


def test_only_those_who_may_import_see_an_import_job(reader_client, plan_seed_bytes, administrator):
    job = PlanImportJob.objects.create(filename="plan.txt", format="txt", content=b"", created_by=administrator)
    assert reader_client.get(reverse("exchange:import_job", args=[job.pk])).status_code == 403
