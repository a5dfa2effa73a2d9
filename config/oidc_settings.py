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


def _get(env: Mapping[str, str], name: str, default: str = "") -> str:
    return env.get(name, default).strip()


def _list(env: Mapping[str, str], name: str) -> list[str]:
    return [item.strip() for item in env.get(name, "").split(",") if item.strip()]


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    return _get(env, name, str(default)).lower() in {"1", "true", "yes", "on"}


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


def oidc_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """The Django settings for SSO. INSTALLED_APPS and AUTHENTICATION_BACKENDS hold additions
    to the existing lists (see apply_oidc_settings); everything else is a plain setting.
    Returns only MILEPAEL_OIDC_ENABLED=False when MILEPAEL_OIDC_CLIENT_ID is unset."""
    client_id = _get(env, "MILEPAEL_OIDC_CLIENT_ID")
    if not client_id:
        return {"MILEPAEL_OIDC_ENABLED": False}
    missing = [name for name in _REQUIRED if not _get(env, name)]
    if missing:
        raise ImproperlyConfigured(f"MILEPAEL_OIDC_CLIENT_ID is set, so set {', '.join(missing)} too.")
    try:
        timeout = float(_get(env, "MILEPAEL_OIDC_TIMEOUT_SECONDS", "10"))
    except ValueError as exc:
        raise ImproperlyConfigured("MILEPAEL_OIDC_TIMEOUT_SECONDS must be a number.") from exc
    return {
        "MILEPAEL_OIDC_ENABLED": True,
        "INSTALLED_APPS": ["mozilla_django_oidc"],
        "AUTHENTICATION_BACKENDS": [BACKEND],
        "OIDC_RP_CLIENT_ID": client_id,
        **{setting: _get(env, name) for name, setting in _REQUIRED.items()},
        "OIDC_RP_SIGN_ALGO": _get(env, "MILEPAEL_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": _get(env, "MILEPAEL_OIDC_SCOPES", "openid email profile"),
        "OIDC_USE_PKCE": _bool(env, "MILEPAEL_OIDC_USE_PKCE", True),
        "OIDC_TIMEOUT": timeout,
        "OIDC_CREATE_USER": True,
        "OIDC_CALLBACK_CLASS": CALLBACK_VIEW,
        "MILEPAEL_OIDC_ISSUER": _get(env, "MILEPAEL_OIDC_ISSUER"),
        "MILEPAEL_OIDC_USERNAME_CLAIM": _get(env, "MILEPAEL_OIDC_USERNAME_CLAIM", "preferred_username"),
        "MILEPAEL_OIDC_ROLE_CLAIM": _get(env, "MILEPAEL_OIDC_ROLE_CLAIM", "groups"),
        "MILEPAEL_OIDC_ADMIN_GROUPS": _list(env, "MILEPAEL_OIDC_ADMIN_GROUPS"),
        "MILEPAEL_OIDC_READER_GROUPS": _list(env, "MILEPAEL_OIDC_READER_GROUPS"),
        "MILEPAEL_OIDC_DEPARTMENT_PREFIX": env.get("MILEPAEL_OIDC_DEPARTMENT_PREFIX", "milepael-center:"),
        "MILEPAEL_OIDC_DEPARTMENT_GROUPS": _department_groups(env),
    }


def apply_oidc_settings(namespace: MutableMapping[str, Any], env: Mapping[str, str]) -> None:
    """Merge oidc_settings(env) into a settings module's namespace (`globals()`)."""
    for key, value in oidc_settings(env).items():
        if key in LIST_ADDITIONS:
            namespace[key] = [*namespace.get(key, []), *(item for item in value if item not in namespace.get(key, []))]
        else:
            namespace[key] = value
