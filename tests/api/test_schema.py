"""The OpenAPI schema: generated without warnings, valid, and served at /api/schema/."""

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import reset_generator_stats

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings_and_validates(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (an unresolvable field, an enum
    # name collision) into an error; --validate checks it against the OpenAPI 3 spec.
    reset_generator_stats()  # count this generation's warnings only, not earlier ones in the process
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    assert "openapi: 3.0.3" in text
    assert "/api/ratings/{id}/approve/:" in text


def test_schema_is_served_to_anyone(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Milepæl API"
    assert {
        "/api/agreements/",
        "/api/plans/",
        "/api/initiatives/",
        "/api/initiatives/{id}/history/",
        "/api/rounds/",
        "/api/ratings/",
        "/api/ratings/{id}/approve/",
        "/api/ratings/{id}/return/",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"
    # Only JSON: no browsable-API HTML or form bodies to document (or to fuzz).
    body = schema["paths"]["/api/ratings/"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json"}


def test_schema_documents_the_error_responses(client):
    operations = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert set(operations["/api/ratings/"]["post"]["responses"]) == {"200", "201", "400", "401", "403", "409", "429"}
    assert set(operations["/api/initiatives/{id}/"]["get"]["responses"]) == {"200", "401", "403", "404", "429"}
