"""No URL escapes the permission matrices (like pretix's base/test_urls.py).

Walks the whole urlconf, through every include, and fails naming each URL that has no row
in the web MATRIX (test_permissions.py) or the API MATRIX (test_api_permissions.py) and is
not on the allow-list below. A matrix row counts for the URL its address resolves to, so a
row cannot claim a URL it does not actually request.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.security import test_api_permissions, test_permissions

pytestmark = pytest.mark.django_db

# URLs deliberately outside the matrices, each with the reason and where it is tested.
ALLOWED_NAMESPACES = {
    # Django's admin: its own login and is_staff check, not Milepæl's permission predicates.
    "admin",
}
ALLOWED_NAMES = {
    # The account pages themselves: anyone may log in and out (tests/security/test_security.py).
    "login",
    "logout",
    # The language switch is for everyone, logged in or not (tests/plans/test_plan_pages.py).
    "set_language",
    # Health check for the monitoring, public by design (tests/security/test_security.py).
    "health",
    # The public pages, tested as public in tests/public/test_public_pages.py.
    "public:index",
    "public:plan",
    "public:initiative",
    "public:accessibility",
    # A folded public plan page's themes, as a page and as htmx rows (tests/public/test_folded_plan.py).
    "public:theme",
    "public:theme_rows",
    # Open data of published plans and the feed of published rounds: public by design, the same
    # for every role and anonymous (tests/public/test_open_data.py, which also checks that no
    # unpublished or internal field leaves).
    "public:plan_data",
    "public:open_data",
    "public:feed",
    "robots_txt",
    # The browsers' /favicon.ico: a redirect to the static icon (tests/core/test_error_pages.py).
    "favicon",
    # The OpenAPI schema is public (tests/api/test_schema.py::test_schema_is_served_to_anyone).
    "api:schema",
}
# Routes only present with single sign-on on (MILEPAEL_OIDC_CLIENT_ID); mozilla-django-oidc's
# login, callback and logout, tested end to end in tests/sso.
ALLOWED_WHEN_SSO_IS_ON = {"oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}
# Unnamed routes (by their pattern), outside the admin.
ALLOWED_UNNAMED = {
    # The API's catch-all: any other address under /api/ is a JSON 404 for everyone.
    "api/^(?P<path>.*/)$",
}


def walk(patterns, namespace: str | None = None, prefix: str = ""):
    """(name with namespace, or None; route pattern) of every URL, recursively through includes.
    Static files are served by whitenoise's middleware, not the urlconf, so they never appear."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), namespace


def urls_of_the_urlconf() -> tuple[dict[str, str], set[str]]:
    """Named URLs (name → route) outside the allowed namespaces, and the unnamed routes."""
    named, unnamed = {}, set()
    for name, route, namespace in walk(get_resolver().url_patterns):
        if namespace and namespace.split(":")[0] in ALLOWED_NAMESPACES:
            continue
        if name:
            named[name] = route
        else:
            unnamed.add(route)
    return named, unnamed


def names_in_the_matrices(objects) -> set[str]:
    urls = [url(objects) for _label, _method, url, _codes in test_permissions.MATRIX]
    urls += [url(objects) for _name, _method, url, _body, _codes in test_api_permissions.MATRIX]
    return {resolve(urlsplit(url).path).view_name for url in urls}


def test_every_url_has_a_row_in_a_permission_matrix(objects):
    named, _unnamed = urls_of_the_urlconf()
    covered = names_in_the_matrices(objects)
    missing = sorted(
        f"{name} (/{route})"
        for name, route in named.items()
        if name not in covered and name not in ALLOWED_NAMES | ALLOWED_WHEN_SSO_IS_ON
    )
    assert not missing, "URLs without a row in a permission matrix: " + ", ".join(missing)


def test_every_unnamed_route_is_accounted_for():
    _named, unnamed = urls_of_the_urlconf()
    assert unnamed <= ALLOWED_UNNAMED, f"unnamed routes outside the allow-list: {sorted(unnamed - ALLOWED_UNNAMED)}"


def test_the_allow_list_names_only_urls_that_exist_and_no_matrix_url(objects):
    """So the allow-list cannot rot: a renamed URL fails here instead of being silently allowed."""
    named, unnamed = urls_of_the_urlconf()
    assert set(named) >= ALLOWED_NAMES, sorted(ALLOWED_NAMES - set(named))
    assert unnamed >= ALLOWED_UNNAMED
    assert not ALLOWED_NAMES & names_in_the_matrices(objects)


def test_the_walk_reaches_into_every_include():
    """A guard against a walk that finds too little and so passes vacuously."""
    named, _unnamed = urls_of_the_urlconf()
    assert {"plans:home", "followup:rate", "reports:job_download", "api:rating-approve", "public:publish"} <= set(named)
