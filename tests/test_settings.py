"""Strict settings: a mistyped environment variable stops the start, naming the variable,
and every setting the code reads is defined in config/settings.py (no silent getattr defaults)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.env import env_bool, env_float, env_int, env_list, env_str
from milepael.audit import buffer
from milepael.audit.models import AccessLogEntry

BASE_DIR = Path(settings.BASE_DIR)


# --- env_bool ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "True", "yes", "Yes", "on", "ON", "  true ", "\tyes\n"])
def test_env_bool_accepts_the_true_words(value):
    assert env_bool("X", False, env={"X": value}) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "NO", "off", "Off", " 0 "])
def test_env_bool_accepts_the_false_words(value):
    assert env_bool("X", True, env={"X": value}) is False


@pytest.mark.parametrize("default", [True, False])
@pytest.mark.parametrize("env", [{}, {"X": ""}, {"X": "   "}])
def test_env_bool_unset_or_blank_gives_the_default(env, default):
    assert env_bool("X", default, env=env) is default


@pytest.mark.parametrize("value", ["ture", "2", "y", "n", "enabled", "yes please", "-1", "1.0", "tru e"])
def test_env_bool_refuses_anything_else_naming_variable_and_value(value):
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("MILEPAEL_PRODUCTION", False, env={"MILEPAEL_PRODUCTION": value})
    assert f"MILEPAEL_PRODUCTION={value}" in str(error.value)


def test_env_bool_reads_the_process_environment_by_default(monkeypatch):
    monkeypatch.setenv("MILEPAEL_TEST_FLAG", "on")
    assert env_bool("MILEPAEL_TEST_FLAG") is True
    monkeypatch.setenv("MILEPAEL_TEST_FLAG", "nej")
    with pytest.raises(ImproperlyConfigured, match="MILEPAEL_TEST_FLAG=nej"):
        env_bool("MILEPAEL_TEST_FLAG")


# --- env_int ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("5", 5), (" 7 ", 7), ("0", 0), ("-3", -3), ("7200", 7200)])
def test_env_int_accepts_whole_numbers(value, expected):
    assert env_int("X", 1, env={"X": value}) == expected


@pytest.mark.parametrize("env", [{}, {"X": ""}, {"X": "  "}])
def test_env_int_unset_or_blank_gives_the_default(env):
    assert env_int("X", 42, env=env) == 42


@pytest.mark.parametrize("value", ["abc", "5.0", "1e3", "2h", "5 000", "0x10", "fem"])
def test_env_int_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(ImproperlyConfigured) as error:
        env_int("MILEPAEL_SESSION_SECONDS", 7200, env={"MILEPAEL_SESSION_SECONDS": value})
    assert f"MILEPAEL_SESSION_SECONDS={value}" in str(error.value)
    assert "whole number" in str(error.value)


def test_env_int_minimum():
    assert env_int("X", 5, env={"X": "1"}, minimum=1) == 1
    with pytest.raises(ImproperlyConfigured, match=r"X=0: expected a whole number of at least 1"):
        env_int("X", 5, env={"X": "0"}, minimum=1)
    # The default is the programmer's choice and is not checked against the minimum.
    assert env_int("X", 5, env={}, minimum=1) == 5


# --- env_float --------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("10", 10.0), ("2.5", 2.5), (" 0.5 ", 0.5), ("1e1", 10.0)])
def test_env_float_accepts_numbers(value, expected):
    assert env_float("X", 1.0, env={"X": value}) == expected


@pytest.mark.parametrize("value", ["ti", "2,5", "nan", "inf", "-inf", "10s"])
def test_env_float_refuses_what_is_not_a_finite_number(value):
    with pytest.raises(ImproperlyConfigured) as error:
        env_float("MILEPAEL_OIDC_TIMEOUT_SECONDS", 10.0, env={"MILEPAEL_OIDC_TIMEOUT_SECONDS": value})
    assert f"MILEPAEL_OIDC_TIMEOUT_SECONDS={value}" in str(error.value)


def test_env_float_default_and_minimum():
    assert env_float("X", 10.0, env={"X": " "}) == 10.0
    with pytest.raises(ImproperlyConfigured, match=r"X=0: expected a number of at least 0\.1"):
        env_float("X", 10.0, env={"X": "0"}, minimum=0.1)


# --- env_list and env_str ---------------------------------------------------------------


def test_env_list_splits_on_commas_and_drops_blanks():
    assert env_list("X", env={"X": " a, b ,,c ,"}) == ["a", "b", "c"]
    assert env_list("X", "x,y", env={}) == ["x", "y"]
    assert env_list("X", ["x"], env={}) == ["x"]
    # Set but empty means an empty list ("no groups"), not the default.
    assert env_list("X", "x,y", env={"X": ""}) == []


def test_env_str_keeps_the_value_unless_asked_to_strip():
    assert env_str("X", "d", env={}) == "d"
    assert env_str("X", "d", env={"X": " secret "}) == " secret "
    assert env_str("X", "d", env={"X": " host "}, strip=True) == "host"
    assert env_str("X", "d", env={"X": "  "}, strip=True) == "d"


# --- Django refuses to start on a typo --------------------------------------------------


def _start_django(**variables: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MILEPAEL_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_django_starts_with_the_default_environment():
    result = _start_django()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MILEPAEL_PRODUCTION", "ture"),
        ("MILEPAEL_DEBUG", "ja"),
        ("MILEPAEL_SESSION_SECONDS", "2h"),
        ("MILEPAEL_LOGIN_FAILURE_LIMIT", "0"),
        ("MILEPAEL_ACCESS_LOG", "maybe"),
    ],
)
def test_django_refuses_to_start_with_a_mistyped_variable_and_names_it(variable, value):
    result = _start_django(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{variable}={value}" in result.stderr


# --- Every setting the code reads exists --------------------------------------------------

SCANNED = [BASE_DIR / "milepael", BASE_DIR / "config"]
# mozilla-django-oidc's helpers read a setting by name, like getattr(settings, name, default).
SETTINGS_HELPERS = {"get_settings", "import_from_settings"}


def _imports_django_settings(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "django.conf"
        and any(alias.name == "settings" and alias.asname is None for alias in node.names)
        for node in ast.walk(tree)
    )


def _literal_name(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def settings_read_by_the_code() -> dict[str, list[str]]:
    """Every NAME in `settings.NAME`, `getattr/hasattr(settings, "NAME"…)` and mozilla's
    `get_settings("NAME"…)` under milepael/ and config/ → where it is read."""
    found: dict[str, list[str]] = {}
    for root in SCANNED:
        for path in sorted(root.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            uses_settings = _imports_django_settings(tree)
            for node in ast.walk(tree):
                name = None
                if (
                    uses_settings
                    and isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "settings"
                    and node.attr.isupper()
                ):
                    name = node.attr
                elif isinstance(node, ast.Call) and node.args:
                    func = node.func
                    func_name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                    if (
                        uses_settings
                        and func_name in ("getattr", "hasattr")
                        and len(node.args) >= 2
                        and isinstance(node.args[0], ast.Name)
                        and node.args[0].id == "settings"
                    ):
                        name = _literal_name(node.args[1])
                    elif func_name in SETTINGS_HELPERS:
                        name = _literal_name(node.args[0])
                if name:
                    found.setdefault(name, []).append(f"{path.relative_to(BASE_DIR)}:{node.lineno}")
    return found


def test_the_scan_sees_the_settings_the_code_reads():
    """Guard against a scan that finds nothing and so passes vacuously."""
    found = settings_read_by_the_code()
    assert {
        "MILEPAEL_ACCESS_LOG",
        "MILEPAEL_MAX_IMPORT_BYTES",
        "MILEPAEL_REPORT_BACKGROUND_THRESHOLD",
        "MILEPAEL_OIDC_ENABLED",
        "MILEPAEL_OIDC_ROLE_CLAIM",
        "MILEPAEL_OIDC_USERNAME_CLAIM",
        "AUTH_USER_MODEL",
    } <= set(found)


def test_every_setting_the_code_reads_is_defined():
    """With the default environment (SSO off), as the embedded mode runs."""
    missing = {
        name: places for name, places in sorted(settings_read_by_the_code().items()) if not hasattr(settings, name)
    }
    assert not missing, "read by the code but not defined in config/settings.py: " + "; ".join(
        f"{name} ({', '.join(places)})" for name, places in missing.items()
    )


def test_sso_settings_are_defined_with_their_defaults_when_sso_is_off():
    assert settings.MILEPAEL_OIDC_ENABLED is False
    assert settings.MILEPAEL_OIDC_ROLE_CLAIM == "groups"
    assert settings.MILEPAEL_OIDC_USERNAME_CLAIM == "preferred_username"
    assert settings.MILEPAEL_OIDC_DEPARTMENT_PREFIX == "milepael-center:"
    assert settings.MILEPAEL_OIDC_ADMIN_GROUPS == [] and settings.MILEPAEL_OIDC_READER_GROUPS == []
    assert settings.MILEPAEL_OIDC_DEPARTMENT_GROUPS == {} and settings.MILEPAEL_OIDC_ISSUER == ""
    assert "mozilla_django_oidc" not in settings.INSTALLED_APPS


# --- MILEPAEL_ACCESS_LOG ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_access_log_is_on_by_default_and_can_be_switched_off(reader_client, settings):
    assert settings.MILEPAEL_ACCESS_LOG is True
    reader_client.get(reverse("plans:home"))
    buffer.flush()
    assert AccessLogEntry.objects.filter(path=reverse("plans:home")).count() == 1
    settings.MILEPAEL_ACCESS_LOG = False
    reader_client.get(reverse("plans:home"))
    buffer.flush()
    assert AccessLogEntry.objects.filter(path=reverse("plans:home")).count() == 1
