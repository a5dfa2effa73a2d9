"""config/oidc_settings.py: SSO is configured from the environment, and only when asked for."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.oidc_settings import BACKEND, apply_oidc_settings, oidc_settings

from .test_oidc_mapping import FAKE_IDP_ENV

# With SSO off, only Milepæl's own MILEPAEL_OIDC_* settings exist, at their defaults (the code
# reads them plainly); nothing of mozilla-django-oidc is configured.
SSO_OFF = {
    "MILEPAEL_OIDC_ENABLED": False,
    "MILEPAEL_OIDC_ISSUER": "",
    "MILEPAEL_OIDC_USERNAME_CLAIM": "preferred_username",
    "MILEPAEL_OIDC_ROLE_CLAIM": "groups",
    "MILEPAEL_OIDC_ADMIN_GROUPS": [],
    "MILEPAEL_OIDC_READER_GROUPS": [],
    "MILEPAEL_OIDC_DEPARTMENT_PREFIX": "milepael-center:",
    "MILEPAEL_OIDC_DEPARTMENT_GROUPS": {},
}


def test_sso_is_off_without_a_client_id():
    assert oidc_settings({}) == SSO_OFF
    assert oidc_settings({"MILEPAEL_OIDC_CLIENT_ID": "  "}) == SSO_OFF
    # The mapping variables are not read while SSO is off.
    assert oidc_settings({"MILEPAEL_OIDC_ADMIN_GROUPS": "a", "MILEPAEL_OIDC_USE_PKCE": "ture"}) == SSO_OFF


def test_a_client_id_without_the_endpoints_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="MILEPAEL_OIDC_TOKEN_ENDPOINT"):
        oidc_settings({"MILEPAEL_OIDC_CLIENT_ID": "milepael", "MILEPAEL_OIDC_CLIENT_SECRET": "s"})


def test_settings_from_the_environment():
    values = oidc_settings(
        FAKE_IDP_ENV
        | {
            "MILEPAEL_OIDC_ADMIN_GROUPS": "a, b,,",
            "MILEPAEL_OIDC_DEPARTMENT_GROUPS": "guid-1=Center for Børn, Unge og Familie; guid-2 = Ejendomme ;",
        }
    )
    assert values["MILEPAEL_OIDC_ENABLED"] is True
    assert values["OIDC_RP_CLIENT_ID"] == "milepael"
    assert values["OIDC_OP_USER_ENDPOINT"] == "https://idp.invalid/userinfo"
    assert values["OIDC_OP_JWKS_ENDPOINT"] == "https://idp.invalid/jwks"
    assert values["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert values["OIDC_USE_PKCE"] is True
    assert values["OIDC_TIMEOUT"] == 10
    assert values["MILEPAEL_OIDC_ROLE_CLAIM"] == "groups"
    assert values["MILEPAEL_OIDC_ADMIN_GROUPS"] == ["a", "b"]
    assert values["MILEPAEL_OIDC_READER_GROUPS"] == ["milepael-laesere"]
    assert values["MILEPAEL_OIDC_DEPARTMENT_PREFIX"] == "milepael-center:"
    assert values["MILEPAEL_OIDC_DEPARTMENT_GROUPS"] == {
        "guid-1": "Center for Børn, Unge og Familie",
        "guid-2": "Ejendomme",
    }


def test_a_malformed_department_mapping_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="DEPARTMENT_GROUPS"):
        oidc_settings(FAKE_IDP_ENV | {"MILEPAEL_OIDC_DEPARTMENT_GROUPS": "just-a-group"})


def test_apply_adds_the_app_and_backend_after_the_existing_ones():
    namespace = {
        "INSTALLED_APPS": ["django.contrib.auth", "axes"],
        "AUTHENTICATION_BACKENDS": ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"],
    }
    apply_oidc_settings(namespace, FAKE_IDP_ENV)
    apply_oidc_settings(namespace, FAKE_IDP_ENV)  # idempotent
    assert namespace["INSTALLED_APPS"] == ["django.contrib.auth", "axes", "mozilla_django_oidc"]
    # Axes stays first so that it still sees every attempt.
    assert namespace["AUTHENTICATION_BACKENDS"] == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        BACKEND,
    ]
    assert namespace["OIDC_RP_CLIENT_SECRET"] == "secret"


def test_apply_without_sso_changes_nothing_but_milepaels_own_sso_settings():
    namespace = {"AUTHENTICATION_BACKENDS": ["x"]}
    apply_oidc_settings(namespace, {})
    assert namespace == {"AUTHENTICATION_BACKENDS": ["x"], **SSO_OFF}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MILEPAEL_OIDC_USE_PKCE", "ture"),
        ("MILEPAEL_OIDC_TIMEOUT_SECONDS", "ti"),
        ("MILEPAEL_OIDC_TIMEOUT_SECONDS", "0"),
    ],
)
def test_a_mistyped_value_is_a_configuration_error_naming_it(variable, value):
    with pytest.raises(ImproperlyConfigured, match=f"{variable}={value}"):
        oidc_settings(FAKE_IDP_ENV | {variable: value})
