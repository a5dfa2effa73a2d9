"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

- Skipped (with the reason) when /usr/bin/chromium is absent; CI installs it with apt.
- Never `playwright install`: the browser is the system's.
- The live server listens on 127.0.0.1 and the browser may talk to nothing else.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the main thread; Django's ORM would refuse
# to run there. The tests themselves are synchronous, so this is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# pytest-django's live server would otherwise bind "localhost" (which may resolve to ::1).
os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"] = "127.0.0.1"

HERE = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ALLOWED_HOST = "127.0.0.1"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium) – browser tests skipped")
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK", "timezone_id": "Europe/Copenhagen"}


def _only_local(route):
    host = urlsplit(route.request.url).hostname
    if host == ALLOWED_HOST or route.request.url.startswith(("data:", "about:")):
        route.continue_()
    else:
        route.abort("blockedbyclient")


@pytest.fixture
def demo(transactional_db):
    """The demo data (`manage.py load_demo`): round 1 closed with approved ratings, round 2 open."""
    from milepael.demo.services import load_demo

    load_demo()


@pytest.fixture
def browse(new_context, live_server):
    """`browse(username=None)` → a page in a fresh browser context, logged in as `username`
    (a demo user) or anonymous. Requests to anything but the live server are blocked."""
    assert urlsplit(live_server.url).hostname == ALLOWED_HOST, live_server.url

    def open_page(username: str | None = None):
        context = new_context(base_url=live_server.url)
        # Generous: in CI the other test worker may be rendering PDFs on the second core.
        context.set_default_timeout(30_000)
        context.route("**/*", _only_local)
        if username:
            context.add_cookies([_session_cookie(username, live_server.url)])
        return context.new_page()

    return open_page


def _session_cookie(username: str, url: str) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return results.response["violations"]


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{url}:"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            html = re.sub(r"\s+", " ", node["html"])[:200]
            lines.append(f"    {', '.join(map(str, node['target']))}: {html}")
            lines.append(f"      {node.get('failureSummary', '')}".replace("\n", " "))
    return "\n".join(lines)


class AxeChecker:
    """Collects violations over many pages, so one run reports every page's problems."""

    def __init__(self):
        self.failures: list[str] = []

    def check(self, page, label: str = "", ignore: set[str] = frozenset()) -> None:
        page.wait_for_load_state("load")
        # Contrast is only checked meaningfully with the design system's CSS applied.
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "IBM Plex Sans" in font, f"DKFDS stylesheet not applied on {page.url} ({font})"
        violations = [v for v in axe_violations(page) if v["id"] not in ignore]
        if violations:
            self.failures.append(format_violations(f"{label} {page.url}".strip(), violations))

    def assert_clean(self) -> None:
        assert not self.failures, "axe (WCAG 2.1 A/AA) violations:\n" + "\n".join(self.failures)


@pytest.fixture
def axe():
    return AxeChecker()


# True when the focused element shows a focus indicator: an outline or box shadow on the
# element, or, for DKFDS radios and checkboxes (the input is visually hidden), on its label.
FOCUS_VISIBLE_JS = """(el) => {
  const shows = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  // A visually hidden element's own outline is not seen (DKFDS hides the radio input itself).
  const seen = parseFloat(style.opacity) > 0 && box.width > 2 && box.height > 2 && style.visibility !== 'hidden';
  if (seen && shows(style)) return true;
  if ((el.type === 'radio' || el.type === 'checkbox') && el.id) {
    const label = document.querySelector(`label[for="${el.id}"]`);
    if (label) return shows(getComputedStyle(label)) || shows(getComputedStyle(label, '::before'));
  }
  return false;
}"""


def focused(page) -> dict:
    """What has the keyboard focus: tag, type, name, id, text, and whether focus is visible."""
    handle = page.evaluate_handle("document.activeElement")
    info = handle.evaluate(
        "(el) => ({tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id || '',"
        " text: (el.innerText || el.value || '').trim().slice(0, 80), checked: !!el.checked})"
    )
    info["visible"] = info["tag"] == "body" or handle.evaluate(FOCUS_VISIBLE_JS)
    return info


def tab_to(page, predicate, *, limit: int = 40) -> dict:
    """Press Tab until `predicate(focused(page))`; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        assert info["visible"], f"focus is not visible on {info}"
        if predicate(info):
            return info
    raise AssertionError(f"never reached the element with Tab (last focus: {info})")


# The two sizes every page is checked at: a municipal laptop and a phone.
VIEWPORTS = {"1366×900": {"width": 1366, "height": 900}, "390×844": {"width": 390, "height": 844}}

# Collected before any page script runs: every refusal by the Content Security Policy.
CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber));
"""


class CspWatch:
    """Watches a page for CSP violations: the `securitypolicyviolation` event and the console's
    "Content Security Policy" messages. `check(page, label)` after each navigation."""

    def __init__(self):
        self.failures: list[str] = []
        self._console: list[str] = []

    def attach(self, page) -> None:
        page.add_init_script(CSP_WATCH)
        page.on("console", lambda message: self._console.append(message.text))

    def check(self, page, label: str = "") -> None:
        page.wait_for_load_state("load")
        events = page.evaluate("window.__csp || []")
        console = [text for text in self._console if "Content Security Policy" in text]
        self._console.clear()
        if events or console:
            shown = "; ".join(events[:5] + [text[:120] for text in console[:2]])
            self.failures.append(f"{label} {page.url}: {len(events)} events, {len(console)} messages: {shown}")

    def forget(self, page) -> None:
        """This page's violations are a known exception: not counted."""
        page.wait_for_load_state("load")
        self._console.clear()

    def assert_clean(self) -> None:
        assert not self.failures, "CSP violations:\n" + "\n".join(self.failures)


@pytest.fixture
def csp():
    return CspWatch()
