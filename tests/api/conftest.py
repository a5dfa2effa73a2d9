import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users are made in almost every test here; real password hashing would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROLE_FIXTURES = {
    "reader": "reader",
    "reporter_own": "ejendomme_reporter",
    "reporter_other": "other_reporter",
    "administrator": "administrator",
}


def token_client(user, **kwargs) -> APIClient:
    """A system calling with the user's token (as `manage.py drf_create_token USER` makes it)."""
    client = APIClient(**kwargs)
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api_client_for(request):
    """api_client_for("reader") etc.: a token client for that role; "anonymous": none."""

    def make(role: str) -> APIClient:
        if role == "anonymous":
            return APIClient()
        return token_client(request.getfixturevalue(ROLE_FIXTURES[role]))

    return make


@pytest.fixture
def admin_api(administrator) -> APIClient:
    return token_client(administrator)


@pytest.fixture
def reporter_api(request) -> APIClient:
    """Ejendomme's reporter (3.04 is theirs, 7.11 is not)."""
    return token_client(request.getfixturevalue("ejendomme_reporter"))


@pytest.fixture
def reader_api(reader) -> APIClient:
    return token_client(reader)
