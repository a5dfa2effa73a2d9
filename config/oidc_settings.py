"""Single sign-on (OpenID Connect) settings, read from the environment.

SSO is on only when MILEPAEL_OIDC_CLIENT_ID is set; without it Milepæl keeps its own
user names and passwords (the embedded mode). config/settings.py applies this with
`apply_oidc_settings(globals(), os.environ)`.

| variable | default | meaning |
|---|---|---|
| MILEPAEL_OIDC_CLIENT_ID | (unset: SSO off) | the client id registered at the IdP |
| MILEPAEL_OIDC_CLIENT_SECRET | required | its secret |
| MILEPAEL_OIDC_AUTHORIZATION_ENDPOINT, _TOKEN_ENDPOINT, _USERINFO_ENDPOINT, _JWKS_ENDPOINT | required | from the IdP's .well-known/openid-configuration |
| MILEPAEL_OIDC_ISSUER | (not checked) | if set, the ID token's `iss` must equal it |
| MILEPAEL_OIDC_SCOPES | `openid email profile` | add e.g. `groups` if the IdP sends groups only for that scope |
| MILEPAEL_OIDC_SIGN_ALGO | `RS256` | ID token signature algorithm |
| MILEPAEL_OIDC_USE_PKCE | `1` | PKCE (S256) on the authorization code |
| MILEPAEL_OIDC_TIMEOUT_SECONDS | `10` | for calls to the IdP's token, userinfo and JWKS endpoints |
| MILEPAEL_OIDC_USERNAME_CLAIM | `preferred_username` | falls back to `sub` |
| MILEPAEL_OIDC_ROLE_CLAIM | `groups` | a dotted name reads a nested claim (`realm_access.roles`) |
| MILEPAEL_OIDC_ADMIN_GROUPS | (none) | comma-separated groups → administrator |
| MILEPAEL_OIDC_READER_GROUPS | (none) | comma-separated groups → reader |
| MILEPAEL_OIDC_DEPARTMENT_PREFIX | `milepael-center:` | `milepael-center:Ejendomme` → reporter for the department named exactly "Ejendomme" |
| MILEPAEL_OIDC_DEPARTMENT_GROUPS | (none) | `group=Department name;group2=Other name` for IdPs that send ids |
"""

from collections.abc import Mapping, MutableMapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_list, env_str

BACKEND = "milepael.organisation.oidc.MilepaelOIDCBackend"
CALLBACK_VIEW = "milepael.organisation.oidc.MilepaelOIDCCallbackView"

# Keys whose values are added to the existing list setting rather than replacing it.
LIST_ADDITIONS = ("INSTALLED_APPS", "AUTHENTICATION_BACKENDS")

_REQUIRED = {
    "MILEPAEL_OIDC_CLIENT_SECRET": "OIDC_RP_CLIENT_SECRET",
    "MILEPAEL_OIDC_AUTHORIZATION_ENDPOINT": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "MILEPAEL_OIDC_TOKEN_ENDPOINT": "OIDC_OP_TOKEN_ENDPOINT",
    "MILEPAEL_OIDC_USERINFO_ENDPOINT": "OIDC_OP_USER_ENDPOINT",
    "MILEPAEL_OIDC_JWKS_ENDPOINT": "OIDC_OP_JWKS_ENDPOINT",
}


def _department_groups(env: Mapping[str, str]) -> dict[str, str]:
    """`group=Department name;…` — semicolons, because department names may hold commas."""
    mapping = {}
    for pair in env.get("MILEPAEL_OIDC_DEPARTMENT_GROUPS", "").split(";"):
        if not pair.strip():
            continue
        group, sep, name = pair.partition("=")
        if not sep or not group.strip() or not name.strip():
            raise ImproperlyConfigured(f"MILEPAEL_OIDC_DEPARTMENT_GROUPS: expected group=Department name, got {pair!r}")
        mapping[group.strip()] = name.strip()
    return mapping


def _milepael_settings(env: Mapping[str, str], *, enabled: bool) -> dict[str, Any]:
    """The MILEPAEL_OIDC_* settings milepael/organisation/oidc.py reads. They exist whether or
    not SSO is on, so the code reads them plainly (settings.MILEPAEL_OIDC_ROLE_CLAIM)."""
    return {
        "MILEPAEL_OIDC_ENABLED": enabled,
        "MILEPAEL_OIDC_ISSUER": env_str("MILEPAEL_OIDC_ISSUER", env=env, strip=True),
        "MILEPAEL_OIDC_USERNAME_CLAIM": env_str(
            "MILEPAEL_OIDC_USERNAME_CLAIM", "preferred_username", env=env, strip=True
        ),
        "MILEPAEL_OIDC_ROLE_CLAIM": env_str("MILEPAEL_OIDC_ROLE_CLAIM", "groups", env=env, strip=True),
        "MILEPAEL_OIDC_ADMIN_GROUPS": env_list("MILEPAEL_OIDC_ADMIN_GROUPS", env=env),
        "MILEPAEL_OIDC_READER_GROUPS": env_list("MILEPAEL_OIDC_READER_GROUPS", env=env),
        # Not stripped: a prefix may end in a space ("Center ").
        "MILEPAEL_OIDC_DEPARTMENT_PREFIX": env_str("MILEPAEL_OIDC_DEPARTMENT_PREFIX", "milepael-center:", env=env),
        "MILEPAEL_OIDC_DEPARTMENT_GROUPS": _department_groups(env),
    }


def oidc_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """The Django settings for SSO. INSTALLED_APPS and AUTHENTICATION_BACKENDS hold additions
    to the existing lists (see apply_oidc_settings); everything else is a plain setting.

    When MILEPAEL_OIDC_CLIENT_ID is unset, SSO is off: MILEPAEL_OIDC_ENABLED is False, the
    other MILEPAEL_OIDC_* settings have their defaults (the environment is not read for them,
    as nothing uses them), and no app, backend or OIDC_* setting of mozilla-django-oidc is added."""
    client_id = env_str("MILEPAEL_OIDC_CLIENT_ID", env=env, strip=True)
    if not client_id:
        return _milepael_settings({}, enabled=False)
    missing = [name for name in _REQUIRED if not env_str(name, env=env, strip=True)]
    if missing:
        raise ImproperlyConfigured(f"MILEPAEL_OIDC_CLIENT_ID is set, so set {', '.join(missing)} too.")
    return {
        **_milepael_settings(env, enabled=True),
        "INSTALLED_APPS": ["mozilla_django_oidc"],
        "AUTHENTICATION_BACKENDS": [BACKEND],
        "OIDC_RP_CLIENT_ID": client_id,
        **{setting: env_str(name, env=env, strip=True) for name, setting in _REQUIRED.items()},
        "OIDC_RP_SIGN_ALGO": env_str("MILEPAEL_OIDC_SIGN_ALGO", "RS256", env=env, strip=True),
        "OIDC_RP_SCOPES": env_str("MILEPAEL_OIDC_SCOPES", "openid email profile", env=env, strip=True),
        "OIDC_USE_PKCE": env_bool("MILEPAEL_OIDC_USE_PKCE", True, env=env),
        "OIDC_TIMEOUT": env_float("MILEPAEL_OIDC_TIMEOUT_SECONDS", 10.0, env=env, minimum=0.1),
        "OIDC_CREATE_USER": True,
        "OIDC_CALLBACK_CLASS": CALLBACK_VIEW,
    }


def apply_oidc_settings(namespace: MutableMapping[str, Any], env: Mapping[str, str]) -> None:
    """Merge oidc_settings(env) into a settings module's namespace (`globals()`)."""
    for key, value in oidc_settings(env).items():
        if key in LIST_ADDITIONS:
            namespace[key] = [*namespace.get(key, []), *(item for item in value if item not in namespace.get(key, []))]
        else:
            namespace[key] = value
