import time

from django.conf import settings
from django.utils import translation


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


class CachingPolicyMiddleware:
    """One caching rule for every response, instead of one per view:

    - everything internal — pages, htmx partials, downloads, API JSON, errors — and every
      answer to a logged-in user is `Cache-Control: private, no-store`: internal data must not
      linger in a shared cache or in the browser cache of a shared municipal PC;
    - a public page (a view marked with `shared_cacheable`) never sets a cookie, so a shared
      cache can never hand a staff member's session to citizens; it stays `public` for
      anonymous visitors and becomes `private` when the request carries a session.

    It sits outside the session, CSRF and locale middleware (so it sees the cookies they set)
    and inside whitenoise (static files keep their long-lived public caching).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.milepael_shared_cacheable = False
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
