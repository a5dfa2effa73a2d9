"""Single sign-on with OpenID Connect (mozilla-django-oidc).

The municipality's identity provider (IdP) says who the user is and which groups they are
in; this module turns that into a Django user and a Profile. When SSO is enabled the IdP
is the source of truth: the role and the departments are recomputed from the groups claim
on every login, so removing someone from a group at the IdP takes effect at their next
login.

How groups map (settings come from config/oidc_settings.py, i.e. from the environment):

- a group in MILEPAEL_OIDC_ADMIN_GROUPS → administrator;
- a group naming a known department → reporter for that department. A department group is
  either "<MILEPAEL_OIDC_DEPARTMENT_PREFIX><exact department name>" (default prefix
  "milepael-center:", e.g. "milepael-center:Ejendomme") or a group listed in
  MILEPAEL_OIDC_DEPARTMENT_GROUPS (for IdPs that send group ids rather than names);
- a group in MILEPAEL_OIDC_READER_GROUPS → reader;
- otherwise no Profile at all, so permissions.can_view_internal() is False (403).

The strongest role wins (administrator > reporter > reader). Department names that match
no Department are logged and ignored; departments are never created from claims.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from .models import Department, Profile

logger = logging.getLogger(__name__)

DEFAULT_ROLE_CLAIM = "groups"
DEFAULT_DEPARTMENT_PREFIX = "milepael-center:"


@dataclass(frozen=True)
class GroupMapping:
    """How the IdP's groups translate into Milepæl roles and departments."""

    role_claim: str = DEFAULT_ROLE_CLAIM
    admin_groups: frozenset[str] = frozenset()
    reader_groups: frozenset[str] = frozenset()
    department_prefix: str = DEFAULT_DEPARTMENT_PREFIX
    # Explicit group → department name, e.g. an Entra ID group object id.
    department_groups: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls) -> GroupMapping:
        return cls(
            role_claim=settings.MILEPAEL_OIDC_ROLE_CLAIM,
            admin_groups=frozenset(settings.MILEPAEL_OIDC_ADMIN_GROUPS),
            reader_groups=frozenset(settings.MILEPAEL_OIDC_READER_GROUPS),
            department_prefix=settings.MILEPAEL_OIDC_DEPARTMENT_PREFIX,
            department_groups=dict(settings.MILEPAEL_OIDC_DEPARTMENT_GROUPS),
        )


@dataclass(frozen=True)
class Access:
    """What the groups claim grants, before department names are checked against the database."""

    is_administrator: bool
    is_reader: bool
    department_names: tuple[str, ...]


def groups_from_claims(claims: Mapping, claim: str) -> list[str]:
    """The groups in `claim`: a list, or a single string. A dotted name such as
    "realm_access.roles" (Keycloak) reads a nested claim when no top-level claim has that name."""
    value = claims.get(claim)
    if value is None and "." in claim:
        value = claims
        for part in claim.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        logger.warning("OIDC claim %r is neither a list nor a string; no groups read", claim)
        return []
    return [str(group).strip() for group in value if str(group).strip()]


def access_from_groups(groups: Iterable[str], mapping: GroupMapping) -> Access:
    """Pure translation of group names; no database."""
    groups = set(groups)
    names: list[str] = []
    for group in sorted(groups):
        if group in mapping.department_groups:
            names.append(mapping.department_groups[group])
        elif mapping.department_prefix and group.startswith(mapping.department_prefix):
            name = group.removeprefix(mapping.department_prefix).strip()
            if name:
                names.append(name)
    return Access(
        is_administrator=bool(groups & mapping.admin_groups),
        is_reader=bool(groups & mapping.reader_groups),
        department_names=tuple(dict.fromkeys(names)),
    )


def resolve_departments(names: Iterable[str], *, username: str = "") -> list[Department]:
    """The departments with exactly these names; unknown names are logged, never created."""
    names = list(names)
    found = list(Department.objects.filter(name__in=names))
    unknown = sorted(set(names) - {department.name for department in found})
    if unknown:
        logger.warning("OIDC login %s: ignoring unknown department(s) %s", username or "?", ", ".join(unknown))
    return found


def role_for(access: Access, departments: list[Department]) -> str | None:
    if access.is_administrator:
        return Profile.Role.ADMINISTRATOR
    if departments:
        return Profile.Role.REPORTER
    if access.is_reader:
        return Profile.Role.READER
    return None


@transaction.atomic
def apply_claims_access(user, claims: Mapping, mapping: GroupMapping | None = None) -> Profile | None:
    """Set the user's Profile (role and departments) from the claims, replacing what was there.

    No known group → the Profile is deleted, so the user can log in but sees nothing internal.
    """
    mapping = mapping or GroupMapping.from_settings()
    access = access_from_groups(groups_from_claims(claims, mapping.role_claim), mapping)
    departments = resolve_departments(access.department_names, username=user.get_username())
    role = role_for(access, departments)
    if role is None:
        deleted, _detail = Profile.objects.filter(user=user).delete()
        logger.info(
            "OIDC login %s: no group grants a role%s", user.get_username(), " (profile removed)" if deleted else ""
        )
        # The reverse one-to-one may be cached on the instance; drop it so role_of() sees no profile.
        relation = user._meta.get_field("profile")
        if relation.is_cached(user):
            relation.delete_cached_value(user)
        return None
    profile, _created = Profile.objects.update_or_create(user=user, defaults={"role": role})
    profile.departments.set(departments if role != Profile.Role.READER else [])
    user.profile = profile
    return profile


def _claim_text(claims: Mapping, name: str, max_length: int) -> str:
    value = claims.get(name)
    return str(value).strip()[:max_length] if value else ""


class MilepaelOIDCBackend(OIDCAuthenticationBackend):
    """Users are found by user name (preferred_username, else sub), not by e-mail.

    E-mail is not a safe key: it may be missing, shared or reassigned. A local superuser is
    never logged in through SSO: their rights would not come from the IdP.
    """

    def username_from_claims(self, claims: Mapping) -> str:
        claim = settings.MILEPAEL_OIDC_USERNAME_CLAIM
        max_length = get_user_model()._meta.get_field("username").max_length
        return _claim_text(claims, claim, max_length) or _claim_text(claims, "sub", max_length)

    def describe_user_by_claims(self, claims):
        return f"username {self.username_from_claims(claims)!r}"

    def verify_claims(self, claims) -> bool:
        return bool(self.username_from_claims(claims))

    def verify_token(self, token, **kwargs):
        """mozilla-django-oidc checks signature, expiry and nonce; also check audience and issuer."""
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.InvalidTokenError as exc:  # expired, not yet valid…: a 400, not a 500
            raise SuspiciousOperation(f"OIDC token refused: {exc}") from exc
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("OIDC token audience does not include this client.")
        issuer = settings.MILEPAEL_OIDC_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("OIDC token issuer is not the configured issuer.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: the UserInfo response must be about the ID token's subject.
        if str(claims.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("OIDC userinfo subject differs from the ID token subject.")
        return claims

    def filter_users_by_claims(self, claims):
        username = self.username_from_claims(claims)
        if not username:
            return self.UserModel.objects.none()
        users = self.UserModel.objects.filter(**{f"{self.UserModel.USERNAME_FIELD}__iexact": username})
        if any(user.is_superuser for user in users):
            raise SuspiciousOperation(f"OIDC login refused for the local superuser {username!r}.")
        return users

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(self.username_from_claims(claims))  # no usable password
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        with transaction.atomic():
            user.email = _claim_text(claims, "email", 254)
            user.first_name = _claim_text(claims, "given_name", 150)
            user.last_name = _claim_text(claims, "family_name", 150)
            user.save(update_fields=["email", "first_name", "last_name"])
            apply_claims_access(user, claims)
        return user


class MilepaelOIDCCallbackView(OIDCAuthenticationCallbackView):
    """A failed SSO login goes back to the login page with a message, not to the front page."""

    @property
    def failure_url(self):
        return f"{resolve_url(settings.LOGIN_URL)}?sso=fejl"
