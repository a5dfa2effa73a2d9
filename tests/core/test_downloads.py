"""Every file Milepæl hands out is private and never stored by a cache, and says its name."""

import pytest
from django.urls import reverse

from milepael.exchange.term_import import import_term_file
from milepael.followup import calendar
from milepael.organisation.models import Profile
from milepael.plans.models import FollowUpRound
from milepael.reports.models import ReportJob
from tests.conftest import TERM_SEED
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PLAN_STEM = "udmoentning-aftale-om-budget-2018-oekonomiudvalget"
FOLLOWUP_STEM = "opfoelgning-1-budgetopfoelgning-2018-oekonomiudvalget"
TERM_STEM = "status-valgperioden-2014-2017-oekonomiudvalget"


def downloads(plan, term, job, reader) -> list[tuple[str, str]]:
    """(url, expected Content-Disposition) of every kind of download."""
    round_1 = FollowUpRound.objects.get(agreement=plan.agreement, ordinal=1)
    reporter = user_with_role(Profile.Role.REPORTER, ["Ejendomme"])
    return [
        *[
            (reverse("reports:plan_report", args=[plan.pk, format]), f'attachment; filename="{PLAN_STEM}.{format}"')
            for format in ("pdf", "docx", "xlsx")
        ],
        (
            reverse("reports:followup_report", args=[plan.pk, 1, "docx"]),
            f'attachment; filename="{FOLLOWUP_STEM}.docx"',
        ),
        *[
            (reverse("reports:term_report", args=[term.pk, format]), f'attachment; filename="{TERM_STEM}.{format}"')
            for format in ("pdf", "docx", "xlsx")
        ],
        (reverse("exchange:export_plan_xlsx", args=[plan.pk]), f'attachment; filename="{PLAN_STEM}.xlsx"'),
        (
            reverse("exchange:export_ratings_xlsx", args=[round_1.pk, plan.pk]),
            'attachment; filename="vurderinger-1-budgetopfoelgning-2018-oekonomiudvalget.xlsx"',
        ),
        (
            calendar.feed_path(reporter),
            'inline; filename="milepael-frister.ics"',
        ),
        (reverse("reports:job_download", args=[job.pk]), f'attachment; filename="{FOLLOWUP_STEM}.xlsx"'),
    ]


def test_every_download_is_private_not_stored_and_named(reader_client, reader, seed_plan):
    term = import_term_file(TERM_SEED.read_bytes()).term
    job = ReportJob.objects.create(
        plan=seed_plan,
        round_ordinal=1,
        format="xlsx",
        status=ReportJob.Status.DONE,
        progress=100,
        filename=f"{FOLLOWUP_STEM}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        content=b"PK finished report",
        created_by=reader,
    )
    for url, disposition in downloads(seed_plan, term, job, reader):
        response = reader_client.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url
        assert response["Content-Disposition"] == disposition
        assert response["X-Content-Type-Options"] == "nosniff"
