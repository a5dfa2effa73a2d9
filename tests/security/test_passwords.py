"""Local accounts' passwords (ASVS 2.1): at least 12 characters, not common, not in a breached
list; the demo accounts only in the demo, never in a production database."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from milepael.demo.services import DEMO_PASSWORD, DEMO_USERS
from tests.security.tally import attempt

pytestmark = pytest.mark.django_db

WEAK = [
    ("kort-kode1", "mindst 12 tegn"),  # too short
    ("password1234", "kendt fra lækager"),  # 12 characters, but breached
    ("qwertyuiop123", "kendt fra lækager"),
    ("123456789012", "udelukkende numerisk"),
    ("Password1234", "kendt fra lækager"),  # a capital letter does not make it new
]


@pytest.mark.parametrize("password,message", WEAK)
def test_weak_passwords_are_refused_in_danish(password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert attempt(any(message in text for text in refused.value.messages)), refused.value.messages


@pytest.mark.parametrize("password", ["korrekt-hest-batteri-hæfteklamme", "Budgetopfølgning 3 i Ballerup!"])
def test_good_passwords_pass(password):
    validate_password(password)


def _demo_users(password: str = DEMO_PASSWORD):
    for username, *_rest in DEMO_USERS:
        get_user_model().objects.create_user(username, password=password)


def security_errors() -> list[str]:
    return [message.id for message in run_checks(tags=["security"], include_deployment_checks=True)]


def test_check_deploy_fails_when_a_demo_account_exists_in_production(settings):
    settings.PRODUCTION = True
    _demo_users()
    assert attempt("milepael.E001" in security_errors())


def test_a_demo_user_name_with_its_own_password_is_fine(settings):
    settings.PRODUCTION = True
    _demo_users(password="en-helt-anden-og-lang-adgangskode")
    assert attempt("milepael.E001" not in security_errors())


def test_demo_accounts_outside_production_are_fine(settings):
    settings.PRODUCTION = False
    _demo_users()
    assert "milepael.E001" not in security_errors()


def test_load_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="MILEPAEL_PRODUCTION=1"):
        call_command("load_demo")
    assert attempt(not get_user_model().objects.exists())
