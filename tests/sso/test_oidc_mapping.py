"""From the IdP's claims to a Milepæl user, role and departments — no network."""

import logging
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from milepael.organisation import permissions
from milepael.organisation.models import Department, Profile
from milepael.organisation.oidc import (
    GroupMapping,
    MilepaelOIDCBackend,
    access_from_groups,
    apply_claims_access,
    groups_from_claims,
)

from .conftest import apply_sso_settings

MAPPING = GroupMapping(
    admin_groups=frozenset({"milepael-okonomi"}),
    reader_groups=frozenset({"milepael-laesere"}),
    department_groups={"3f2a-guid": "Center for Børn, Unge og Familie"},
)

FAKE_IDP_ENV = {
    "MILEPAEL_OIDC_CLIENT_ID": "milepael",
    "MILEPAEL_OIDC_CLIENT_SECRET": "secret",
    "MILEPAEL_OIDC_AUTHORIZATION_ENDPOINT": "https://idp.invalid/authorize",
    "MILEPAEL_OIDC_TOKEN_ENDPOINT": "https://idp.invalid/token",
    "MILEPAEL_OIDC_USERINFO_ENDPOINT": "https://idp.invalid/userinfo",
    "MILEPAEL_OIDC_JWKS_ENDPOINT": "https://idp.invalid/jwks",
    "MILEPAEL_OIDC_ADMIN_GROUPS": "milepael-okonomi",
    "MILEPAEL_OIDC_READER_GROUPS": "milepael-laesere",
    "MILEPAEL_OIDC_ISSUER": "https://idp.invalid",
}


# --- reading the groups claim -------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "claim", "expected"),
    [
        ({"groups": ["a", " b ", ""]}, "groups", ["a", "b"]),
        ({"groups": "a"}, "groups", ["a"]),
        ({}, "groups", []),
        ({"groups": None}, "groups", []),
        ({"groups": {"a": 1}}, "groups", []),
        ({"groups": 7}, "groups", []),
        ({"realm_access": {"roles": ["x", "y"]}}, "realm_access.roles", ["x", "y"]),
        ({"realm_access": ["not", "a", "mapping"]}, "realm_access.roles", []),
        ({"https://ns/roles": ["r"]}, "https://ns/roles", ["r"]),
    ],
)
def test_groups_are_read_from_a_list_a_string_or_a_nested_claim(claims, claim, expected):
    assert groups_from_claims(claims, claim) == expected


def test_department_groups_come_from_the_prefix_or_the_explicit_mapping():
    access = access_from_groups(
        ["milepael-center:Ejendomme", "milepael-center:Ejendomme", "3f2a-guid", "milepael-center:", "andet"], MAPPING
    )
    assert set(access.department_names) == {"Ejendomme", "Center for Børn, Unge og Familie"}
    assert len(access.department_names) == 2
    assert not access.is_administrator
    assert not access.is_reader


def test_group_names_must_match_exactly():
    access = access_from_groups(["Milepael-Okonomi", "milepael-laesere-gamle", "Milepael-Center:Ejendomme"], MAPPING)
    assert access == access_from_groups([], MAPPING)


# --- role and departments on the Profile --------------------------------------------------


@pytest.fixture
def ejendomme(db):
    return Department.objects.create(name="Ejendomme")


@pytest.fixture
def sso_user(db):
    return get_user_model().objects.create_user("sso-bruger")


def claims(*groups):
    return {"sub": "42", "groups": list(groups)}


def test_department_group_makes_a_reporter_for_that_department(sso_user, ejendomme):
    profile = apply_claims_access(sso_user, claims("milepael-center:Ejendomme"), MAPPING)
    assert profile.role == Profile.Role.REPORTER
    assert list(profile.departments.all()) == [ejendomme]


def test_administrator_group_wins_over_department_and_reader_groups(sso_user, ejendomme):
    profile = apply_claims_access(
        sso_user, claims("milepael-laesere", "milepael-center:Ejendomme", "milepael-okonomi"), MAPPING
    )
    assert profile.role == Profile.Role.ADMINISTRATOR
    assert permissions.is_administrator(sso_user)


def test_reporter_wins_over_reader(sso_user, ejendomme):
    profile = apply_claims_access(sso_user, claims("milepael-laesere", "milepael-center:Ejendomme"), MAPPING)
    assert profile.role == Profile.Role.REPORTER


def test_reader_group_makes_a_reader_without_departments(sso_user):
    profile = apply_claims_access(sso_user, claims("milepael-laesere"), MAPPING)
    assert profile.role == Profile.Role.READER
    assert not profile.departments.exists()


def test_unknown_department_is_logged_and_never_created(sso_user, ejendomme, caplog):
    with caplog.at_level(logging.WARNING, logger="milepael.organisation.oidc"):
        apply_claims_access(sso_user, claims("milepael-center:Ejendomme", "milepael-center:Nyt Center"), MAPPING)
    assert "Nyt Center" in caplog.text
    assert list(Department.objects.values_list("name", flat=True)) == ["Ejendomme"]


def test_department_name_must_match_exactly(sso_user, ejendomme):
    assert apply_claims_access(sso_user, claims("milepael-center:ejendomme"), MAPPING) is None


def test_only_unknown_departments_give_no_role(sso_user):
    assert apply_claims_access(sso_user, claims("milepael-center:Findes ikke"), MAPPING) is None
    assert not Profile.objects.filter(user=sso_user).exists()


def test_no_known_group_gives_no_role_and_internal_pages_are_forbidden(sso_user):
    assert apply_claims_access(sso_user, claims("alle-medarbejdere"), MAPPING) is None
    assert permissions.role_of(sso_user) is None
    assert not permissions.can_view_internal(sso_user)


def test_no_groups_claim_at_all_gives_no_role(sso_user):
    assert apply_claims_access(sso_user, {"sub": "42"}, MAPPING) is None


def test_each_login_replaces_role_and_departments(sso_user, ejendomme):
    okonomi = Department.objects.create(name="Økonomi og Styring")
    apply_claims_access(sso_user, claims("milepael-center:Ejendomme"), MAPPING)

    profile = apply_claims_access(sso_user, claims("milepael-center:Økonomi og Styring"), MAPPING)
    assert profile.role == Profile.Role.REPORTER
    assert list(profile.departments.all()) == [okonomi]
    assert Profile.objects.filter(user=sso_user).count() == 1

    apply_claims_access(sso_user, claims("alle-medarbejdere"), MAPPING)
    assert not Profile.objects.filter(user=sso_user).exists()
    # The same user object (as the login request holds it) no longer has a role either.
    assert permissions.role_of(sso_user) is None


def test_mapping_is_read_from_settings(settings, sso_user, ejendomme):
    settings.MILEPAEL_OIDC_ROLE_CLAIM = "roles"
    settings.MILEPAEL_OIDC_ADMIN_GROUPS = ["boss"]
    settings.MILEPAEL_OIDC_DEPARTMENT_PREFIX = "dept/"
    assert apply_claims_access(sso_user, {"roles": ["dept/Ejendomme"]}).role == Profile.Role.REPORTER
    assert apply_claims_access(sso_user, {"roles": ["boss"]}).role == Profile.Role.ADMINISTRATOR
    assert apply_claims_access(sso_user, {"groups": ["boss"]}) is None


# --- the authentication backend -----------------------------------------------------------


@pytest.fixture
def backend(settings, db):
    apply_sso_settings(settings, FAKE_IDP_ENV)
    return MilepaelOIDCBackend()


@pytest.fixture
def userinfo(monkeypatch):
    """Answer the userinfo call with the given claims instead of asking the network."""
    answer = {}
    monkeypatch.setattr(OIDCAuthenticationBackend, "get_userinfo", lambda self, *args: answer)
    return answer


def login(backend, userinfo, **claims):
    userinfo.clear()
    userinfo.update({"sub": "42", **claims})
    return backend.get_or_create_user("access-token", "id-token", {"sub": "42"})


def test_backend_creates_the_user_from_the_claims(backend, userinfo, ejendomme):
    user = login(
        backend,
        userinfo,
        preferred_username="anna",
        email="anna@kommune.dk",
        given_name="Anna",
        family_name="Andersen",
        groups=["milepael-center:Ejendomme"],
    )
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "anna",
        "anna@kommune.dk",
        "Anna",
        "Andersen",
    )
    assert not user.has_usable_password()
    assert not user.is_staff
    assert not user.is_superuser
    assert user.profile.role == Profile.Role.REPORTER


def test_backend_falls_back_to_sub_and_updates_the_same_user(backend, userinfo):
    first = login(backend, userinfo, groups=["milepael-laesere"])
    assert first.username == "42"
    again = login(backend, userinfo, email="ny@kommune.dk", groups=["milepael-okonomi"])
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.email == "ny@kommune.dk"
    assert again.profile.role == Profile.Role.ADMINISTRATOR


def test_backend_matches_user_names_regardless_of_case(backend, userinfo):
    local = get_user_model().objects.create_user("Anna")
    assert login(backend, userinfo, preferred_username="anna").pk == local.pk


def test_backend_does_not_match_users_by_email(backend, userinfo):
    local = get_user_model().objects.create_user("local-anna", email="anna@kommune.dk")
    user = login(backend, userinfo, preferred_username="anna", email="anna@kommune.dk")
    assert user.pk != local.pk


def test_backend_refuses_to_log_in_a_local_superuser(backend, userinfo):
    get_user_model().objects.create_superuser("admin", password="x-long-password-1")
    with pytest.raises(SuspiciousOperation):
        login(backend, userinfo, preferred_username="admin", groups=["milepael-okonomi"])


def test_backend_refuses_userinfo_about_another_subject(backend, monkeypatch):
    monkeypatch.setattr(OIDCAuthenticationBackend, "get_userinfo", lambda self, *args: {"sub": "666"})
    with pytest.raises(SuspiciousOperation):
        backend.get_userinfo("access-token", "id-token", {"sub": "42"})


def test_backend_refuses_claims_without_a_user_name(backend):
    assert not backend.verify_claims({"email": "x@kommune.dk"})
    assert backend.verify_claims({"sub": "42"})


# --- ID token checks added on top of mozilla-django-oidc's ---------------------------------


@pytest.fixture
def signing_key(settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings.OIDC_RP_IDP_SIGN_KEY = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return key


def id_token(key, **claims) -> str:
    now = int(time.time())
    payload = {"iss": "https://idp.invalid", "aud": "milepael", "sub": "42", "nonce": "n", "iat": now, "exp": now + 60}
    return jwt.encode(payload | claims, key, algorithm="RS256")


def test_id_token_with_the_right_audience_and_issuer_is_accepted(backend, signing_key):
    backend = MilepaelOIDCBackend()  # reads OIDC_RP_IDP_SIGN_KEY
    assert backend.verify_token(id_token(signing_key), nonce="n")["sub"] == "42"
    assert backend.verify_token(id_token(signing_key, aud=["other", "milepael"]), nonce="n")["sub"] == "42"


@pytest.mark.parametrize(
    "claims",
    [{"aud": "another-client"}, {"aud": []}, {"iss": "https://evil.invalid"}, {"nonce": "replayed"}],
)
def test_id_token_for_another_client_issuer_or_nonce_is_refused(backend, signing_key, claims):
    backend = MilepaelOIDCBackend()
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(id_token(signing_key, **claims), nonce="n")


def test_expired_id_token_is_refused(backend, signing_key):
    backend = MilepaelOIDCBackend()
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(id_token(signing_key, exp=int(time.time()) - 600), nonce="n")
