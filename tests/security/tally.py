"""Counts the attempts of the security suite and prints them at the end of the run:
"Sikkerhedstest: 812 forsøg, 812 holdt".

Honest counting: a test that makes many attempts (every XSS payload into every output, every
hostile upload) records each with `attempt(held)` just before asserting it; any other test in
tests/security counts as one attempt, held when it passed. Skipped tests count for nothing.

A pytest plugin (registered from tests/conftest.py), because with pytest-xdist the tests run
in workers while the summary is printed by the controller: each test's counts travel with its
report (`user_properties`), and the process that prints the summary adds them up.
"""

import pytest

SECURITY_TESTS = "tests/security/"
_pending = {"tried": 0, "held": 0}
_totals = {"tried": 0, "held": 0}


def attempt(held: bool) -> bool:
    """Record one attack attempt; `held` when the application withstood it. Returns `held`,
    so a test can write `assert attempt(payload_is_inert), payload`."""
    _pending["tried"] += 1
    _pending["held"] += bool(held)
    return held


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "setup":
        _pending.update(tried=0, held=0)
    if report.when == "call" and report.nodeid.startswith(SECURITY_TESTS):
        report.user_properties.append(("security_attempts", (_pending["tried"], _pending["held"])))
        _pending.update(tried=0, held=0)


def pytest_runtest_logreport(report):
    if report.when != "call" or report.skipped or not report.nodeid.startswith(SECURITY_TESTS):
        return
    if _totals.get("worker"):
        return  # an xdist worker forwards the report; the controller counts it
    counts = dict(report.user_properties).get("security_attempts")
    if counts is None:
        return
    tried, held = counts
    if tried == 0:  # a test without attempts of its own is one attempt
        tried, held = 1, int(report.passed)
    _totals["tried"] += tried
    _totals["held"] += held


def pytest_configure(config):
    # In an xdist worker the summary is not printed, and counting there would count twice.
    if hasattr(config, "workerinput"):
        _totals["worker"] = True


def pytest_terminal_summary(terminalreporter):
    if _totals.get("worker") or not _totals["tried"]:
        return
    tried, held = _totals["tried"], _totals["held"]
    terminalreporter.write_sep("-", "sikkerhedstest")
    terminalreporter.write_line(f"Sikkerhedstest: {tried} forsøg, {held} holdt", red=held != tried, green=held == tried)
