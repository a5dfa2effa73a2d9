"""Rate limits on the API (penetration test: 400 token requests in 2 s were all answered).

Per user (MILEPAEL_API_RATE_USER) and per anonymous address (MILEPAEL_API_RATE_ANON,
the client address behind the proxy); refused with 429, a Danish `detail` and `Retry-After`.
Wrong tokens count against the address, so tokens cannot be guessed at full speed."""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.MILEPAEL_API_RATE_USER = "3/min"
    settings.MILEPAEL_API_RATE_ANON = "2/min"


def assert_throttled(response):
    assert response.status_code == 429, response.content
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("For mange forespørgsler. Prøv igen om ")
    assert "private" in response["Cache-Control"]


def test_a_user_is_throttled_after_the_rate_and_others_are_not(low_rates, reader, administrator, round_plan):
    client = token_client(reader)
    assert [client.get("/api/initiatives/").status_code for _ in range(3)] == [200, 200, 200]
    assert_throttled(client.get("/api/initiatives/"))
    assert token_client(administrator).get("/api/initiatives/").status_code == 200


def test_the_limit_is_per_user_not_per_token_or_address(low_rates, reader, round_plan):
    client = token_client(reader)
    for number in range(3):
        client.get("/api/rounds/", REMOTE_ADDR=f"192.0.2.{number}")
    assert_throttled(client.get("/api/rounds/", REMOTE_ADDR="192.0.2.99"))


def test_anonymous_requests_are_throttled_per_address(low_rates):
    anonymous = APIClient()
    assert [anonymous.get("/api/ratings/").status_code for _ in range(2)] == [401, 401]
    assert_throttled(anonymous.get("/api/ratings/"))
    assert APIClient(REMOTE_ADDR="192.0.2.7").get("/api/ratings/").status_code == 401


def test_guessing_tokens_is_throttled_per_address(low_rates):
    guesser = APIClient()
    codes = [guesser.get("/api/ratings/", HTTP_AUTHORIZATION=f"Token {n:040d}").status_code for n in range(3)]
    assert codes == [401, 401, 429]


def test_behind_the_proxy_the_anonymous_limit_is_per_client_not_per_proxy(low_rates, settings):
    settings.MILEPAEL_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(2):
        APIClient().get("/api/ratings/", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    assert_throttled(APIClient().get("/api/ratings/", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.66", **proxy))
    assert APIClient().get("/api/ratings/", HTTP_X_FORWARDED_FOR="198.51.100.5", **proxy).status_code == 401


def test_the_schema_documents_429(client):
    operations = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path, methods in operations.items():
        for method, operation in methods.items():
            assert "429" in operation["responses"], (method, path)


# --- Pagination bounds (penetration test: an offset above the schema's maximum was accepted) ---


def test_an_offset_above_the_schemas_maximum_is_refused_in_danish(reader, round_plan, client):
    maximum = client.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/initiatives/"]["get"]
    offset = next(p for p in maximum["parameters"] if p["name"] == "offset")["schema"]["maximum"]
    api = token_client(reader)
    assert api.get("/api/initiatives/", {"offset": offset}).status_code == 200
    response = api.get("/api/initiatives/", {"offset": offset + 1})
    assert response.status_code == 400
    assert response.json() == {"offset": [f"offset må højst være {offset}."]}
