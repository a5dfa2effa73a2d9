"""At most MILEPAEL_REPORT_RENDERS_PER_USER reports render at once per user; the next gets a
Danish 429 page with Retry-After, while other users go on."""

import pytest
from django.conf import settings
from django.urls import reverse

from milepael.core.ratelimit import concurrency_slot, user_slot_key
from tests.security.tally import attempt

pytestmark = pytest.mark.django_db

REPORTS = [
    ("plan PDF", lambda o: reverse("reports:plan_report", args=[o["plan"].pk, "pdf"])),
    ("follow-up DOCX", lambda o: reverse("reports:followup_report", args=[o["plan"].pk, 3, "docx"])),
    ("follow-up page", lambda o: reverse("reports:followup_report", args=[o["plan"].pk, 3, "html"])),
    ("term XLSX", lambda o: reverse("reports:term_report", args=[o["term"].pk, "xlsx"])),
]


def busy(user):
    """The user's render slots, all taken (as by reports still rendering in other requests)."""
    key = user_slot_key("report-renders", user)
    limit = settings.MILEPAEL_REPORT_RENDERS_PER_USER
    return [concurrency_slot(key, limit=limit) for _ in range(limit)]


@pytest.mark.parametrize("label,url", REPORTS, ids=[row[0] for row in REPORTS])
def test_one_render_too_many_at_once_gets_a_danish_429(client_for, user_for, objects, label, url):
    client = client_for("reader")
    held = busy(user_for("reader"))
    for slot in held:
        slot.__enter__()
    try:
        response = client.get(url(objects))
        html = response.content.decode()
        refused = (
            response.status_code == 429
            and int(response["Retry-After"]) > 0
            and "For mange rapporter på én gang" in html
            and "private" in response["Cache-Control"]
        )
        other = client_for("administrator").get(url(objects)).status_code == 200
    finally:
        for slot in held:
            slot.__exit__(None, None, None)
    assert attempt(refused and other), (label, response.status_code)
    assert attempt(client.get(url(objects)).status_code == 200), label
