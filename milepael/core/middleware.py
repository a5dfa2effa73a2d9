import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from . import dataversion


class DanishFirstLocaleMiddleware:
    """Danish unless the user chose another language with the switch (stored in a cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: municipal
    PCs are often set up in English, and the product's users work in Danish.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the thread's previous language afterwards, so nothing after
        # the request (other requests on the thread, tests) inherits this user's choice.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def shared_cacheable(view):
    """Mark `view` as public and shared-cacheable (the public pages, robots.txt): the only
    responses CachingPolicyMiddleware does not make private."""
    view.milepael_shared_cacheable = True
    return view


def cached_response(*query_params: str):
    """Mark a `shared_cacheable` view's whole anonymous response as kept in the cache under the
    data version (CachingPolicyMiddleware serves it before the view runs, with an ETag).
    Only a query string made of `query_params` is stored, so made-up parameters cannot fill
    the cache (they are still answered, rendered each time)."""

    def mark(view):
        view.milepael_cached_response = frozenset(query_params)
        return view

    return mark


# Browsers and proxies keep a public page this long, then revalidate it with its ETag.
PUBLIC_MAX_AGE = 60
# How long a stored response lives; a write makes it unreachable long before (new version).
RESPONSE_CACHE_SECONDS = 10 * 60
# Each process also keeps the last responses it served in its own memory, under the same
# key (so the shared cache is asked only for the data version, not for 100 kB of page):
# the key changes with the version, so this copy can never be staler than the shared one.
_NEARBY = LocMemCache("milepael-public-responses", {"TIMEOUT": RESPONSE_CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": 64}})


class CachingPolicyMiddleware:
    """One caching rule for every response, instead of one per view:

    - everything internal — pages, htmx partials, downloads, API JSON, errors — and every
      answer to a logged-in user is `Cache-Control: private, no-store`: internal data must not
      linger in a shared cache or in the browser cache of a shared municipal PC;
    - a public page (a view marked with `shared_cacheable`) never sets a cookie, so a shared
      cache can never hand a staff member's session to citizens; it stays `public` for
      anonymous visitors and becomes `private` when the request carries a session;
    - a public page also marked `cached_response` is, for a request without a session cookie,
      answered from the cache before any other middleware or the view runs (a 304 when the
      ETag matches), keyed by the data version (core/dataversion.py), the address and the
      language; a request with a session neither reads nor fills that cache.

    It sits outside the session, CSRF and locale middleware (so it sees the cookies they set)
    and inside whitenoise (static files keep their long-lived public caching).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.milepael_shared_cacheable = False
        cached = _response_cache_of(request)
        if cached is not None:
            return cached.serve(request, self._respond)
        return self._respond(request)

    def _respond(self, request):
        response = self.get_response(request)
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES or _logged_in(request)
        if request.milepael_shared_cacheable and response.status_code < 400:
            response.cookies.clear()
            if has_session:
                _replace_cache_control(response, "private", keep_max_age=True)
            return response
        _replace_cache_control(response, "private, no-store", keep_max_age=False)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.milepael_shared_cacheable = getattr(view_func, "milepael_shared_cacheable", False)


def _logged_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _replace_cache_control(response, directives: str, *, keep_max_age: bool) -> None:
    """Set Cache-Control to `directives`, dropping `public` (and max-age unless kept)."""
    kept = []
    for part in response.get("Cache-Control", "").split(","):
        name = part.strip().split("=")[0].lower()
        if name == "max-age" and keep_max_age:
            kept.append(part.strip())
    response["Cache-Control"] = ", ".join([directives, *kept])
    if not keep_max_age:
        # Expires would otherwise let an old-style cache keep it.
        del response["Expires"]


class SessionRefreshMiddleware:
    """The session's inactivity timeout (SESSION_COOKIE_AGE), renewed at most once every
    MILEPAEL_SESSION_REFRESH_SECONDS instead of saving the session on every request
    (SESSION_SAVE_EVERY_REQUEST): a page view within the minute writes nothing. Sessions stay
    on the server, so logging out still ends them; an idle session ends at most a minute
    earlier than the timeout says.

    It sits inside SessionMiddleware, so the session it marks modified is saved (and its
    expiry moved on) on the way out; a session no one opened (the public pages) is left alone."""

    KEY = "_milepael_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.session_key is None or session.is_empty():
            return response
        now = int(now_seconds())
        if now - session.get(self.KEY, 0) >= settings.MILEPAEL_SESSION_REFRESH_SECONDS:
            session[self.KEY] = now  # modified: saved with a new expiry by SessionMiddleware
        return response


def session_renewed_at_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: login saves the session with a fresh timeout, so the
    minute until the next renewal starts then."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionRefreshMiddleware.KEY] = int(now_seconds())


def now_seconds() -> float:
    """The clock the refresh goes by (a function, so tests can move it)."""
    return time.time()


class _ResponseCache:
    """The whole response of a public page for anonymous visitors, stored under a key of the
    data version, the address and the language, and an ETag derived from that key: an
    unchanged page costs neither a query nor a render, and a conditional GET not even the
    cache read. Any write to the data changes the version, so the key, so the ETag."""

    def __init__(self, request, allowed_params: frozenset[str]):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in {code for code, _name in settings.LANGUAGES}:
            language = settings.LANGUAGE_CODE
        # Host and scheme too: the canonical links are absolute.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(f"{dataversion.current()}|{language}|{address}".encode()).hexdigest()
        self.key = f"milepael:public-response:{digest}"
        self.etag = f'"{digest[:32]}"'
        self.storable = request.method == "GET" and set(request.GET) <= allowed_params

    def serve(self, request, respond):
        asked = {etag.removeprefix("W/") for etag in parse_etags(request.headers.get("If-None-Match", ""))}
        if self.etag in asked or "*" in asked:
            return self._not_modified()
        stored = _NEARBY.get(self.key)
        if stored is None:
            stored = cache.get(self.key)
            if stored is not None:
                _NEARBY.set(self.key, stored)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = respond(request)
        if response.status_code == 200:
            response["ETag"] = self.etag
            if self.storable and not response.streaming and not response.cookies:
                stored = (200, list(response.items()), response.content)
                cache.set(self.key, stored, RESPONSE_CACHE_SECONDS)
                _NEARBY.set(self.key, stored)
        return response

    def _not_modified(self):
        response = HttpResponseNotModified()
        response["ETag"] = self.etag
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response


def _response_cache_of(request) -> _ResponseCache | None:
    """The response cache for this request, or None: only GET/HEAD without a session (a staff
    member never gets, nor stores, the anonymous page) to a view marked `cached_response`."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    allowed = getattr(match.func, "milepael_cached_response", None)
    if allowed is None or not getattr(match.func, "milepael_shared_cacheable", False):
        return None
    return _ResponseCache(request, allowed)
