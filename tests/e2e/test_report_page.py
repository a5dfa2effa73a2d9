"""The committee report page in a real browser under the site's CSP (script-src 'self';
style-src 'self'): the print button prints, and nothing on the page is refused."""

import pytest
from django.urls import reverse

from milepael.demo.services import seed_plan
from milepael.term.models import ElectionTerm

pytestmark = pytest.mark.django_db(transaction=True)

# window.print is replaced before any page script runs, so the test sees the call (a real
# print dialog would block headless Chromium); CSP violations are collected as they happen.
# (No wait_for_function: Playwright polls it with eval, which the CSP rightly refuses.)
WATCH = """
window.__printed = 0;
window.print = () => { window.__printed += 1; };
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def _open_watched(browse, url: str):
    page = browse("laeser")
    page.add_init_script(WATCH)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, console


def _assert_no_csp_violation(page, console: list[str]) -> None:
    assert page.evaluate("window.__csp") == []
    assert [text for text in console if "Content Security Policy" in text] == []


@pytest.mark.parametrize("ordinal", [1, None], ids=["follow-up report", "implementation plan"])
def test_udskriv_prints_the_plan_report_and_the_page_breaks_no_csp_rule(demo, browse, ordinal):
    plan = seed_plan()
    if ordinal is None:
        url = reverse("reports:plan_report", args=[plan.pk, "html"])
    else:
        url = reverse("reports:followup_report", args=[plan.pk, ordinal, "html"])
    page, console = _open_watched(browse, url)
    # The report's own stylesheet is loaded (from <head>).
    assert page.evaluate("getComputedStyle(document.querySelector('.mp-report table')).borderCollapse") == "collapse"
    page.get_by_role("button", name="Udskriv").click()  # the click handler runs before click() returns
    assert page.evaluate("window.__printed") == 1
    _assert_no_csp_violation(page, console)


def test_udskriv_prints_the_term_report_page_which_passes_axe(demo, browse, axe):
    term = ElectionTerm.objects.get()
    page, console = _open_watched(browse, reverse("reports:term_report", args=[term.pk, "html"]))
    axe.check(page, "statusrapport (html)")
    axe.assert_clean()
    page.get_by_role("button", name="Udskriv").click()  # the click handler runs before click() returns
    assert page.evaluate("window.__printed") == 1
    _assert_no_csp_violation(page, console)
