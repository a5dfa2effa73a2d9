"""The admin shows the records that change only through services (ratings, economy revisions,
round events) and the access log, and lets nobody add, change or delete them by hand."""

import pytest
from django.urls import reverse

from milepael.audit.models import AccessLogEntry
from tests.factories import RatingFactory

pytestmark = pytest.mark.django_db

READ_ONLY = ["followup_rating", "followup_economyrevision", "followup_roundevent", "audit_accesslogentry"]


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "x"))
    return client


@pytest.mark.parametrize("model", READ_ONLY)
def test_read_only_records_are_listed_but_cannot_be_added(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_a_rating_cannot_be_changed_or_deleted_in_the_admin(superuser_client):
    rating = RatingFactory()
    page = superuser_client.get(reverse("admin:followup_rating_change", args=[rating.pk]))
    assert page.status_code == 200  # shown read-only
    assert b'name="_save"' not in page.content
    assert (
        superuser_client.post(reverse("admin:followup_rating_delete", args=[rating.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert superuser_client.get(reverse("admin:followup_rating_history", args=[rating.pk])).status_code == 200


def test_the_access_log_cannot_be_deleted_in_the_admin(superuser_client):
    entry = AccessLogEntry.objects.create(username="laeser", kind="read", method="GET", path="/", status=200)
    response = superuser_client.post(reverse("admin:audit_accesslogentry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
