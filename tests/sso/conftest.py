"""Fixtures for the SSO tests: Milepæl's SSO settings, and a real OpenID Connect provider
(django-oauth-toolkit) running as a separate process on 127.0.0.1."""

import json
import os
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from pytest_django.live_server_helper import LiveServer

from config.oidc_settings import LIST_ADDITIONS, oidc_settings

PROJECT_ROOT = Path(django_settings.BASE_DIR)
PROVIDER_SETTINGS = "tests.sso.provider.settings"
START_TIMEOUT = 30
COMMAND_TIMEOUT = 60

# The groups the tests' IdP hands out, and how Milepæl is told to read them.
ADMIN_GROUP = "milepael-okonomi"
READER_GROUP = "milepael-laesere"
SSO_ENV = {
    "MILEPAEL_OIDC_CLIENT_ID": "milepael-test",
    "MILEPAEL_OIDC_CLIENT_SECRET": "milepael-test-secret-0123456789",
    "MILEPAEL_OIDC_SCOPES": "openid email profile groups",
    "MILEPAEL_OIDC_ADMIN_GROUPS": ADMIN_GROUP,
    "MILEPAEL_OIDC_READER_GROUPS": READER_GROUP,
    "MILEPAEL_OIDC_TIMEOUT_SECONDS": "10",
}


def apply_sso_settings(settings, env: dict[str, str]) -> dict:
    """Apply oidc_settings(env) through pytest-django's `settings` fixture (undone after the test),
    with Milepæl's URLconf plus the SSO routes. INSTALLED_APPS is left alone: mozilla_django_oidc
    has no models or templates, and reloading the app registry under a live server is unsafe."""
    values = oidc_settings(env)
    for key, value in values.items():
        if key == "AUTHENTICATION_BACKENDS":
            settings.AUTHENTICATION_BACKENDS = [*django_settings.AUTHENTICATION_BACKENDS, *value]
        elif key not in LIST_ADDITIONS:
            setattr(settings, key, value)
    settings.ROOT_URLCONF = "tests.sso.urls_rp"
    return values


@pytest.fixture(scope="session")
def live_server():
    """Milepæl as the relying party, on 127.0.0.1 at a free port (pytest-django's default is localhost)."""
    server = LiveServer("127.0.0.1")
    yield server
    server.stop()


@dataclass
class Provider:
    url: str
    discovery: dict
    env: dict
    log: Path

    def seed(self, spec: dict) -> None:
        run_provider_command([sys.executable, "-m", "tests.sso.provider.cli"], self.env, stdin=json.dumps(spec))

    def sso_env(self) -> dict[str, str]:
        return {
            **SSO_ENV,
            "MILEPAEL_OIDC_AUTHORIZATION_ENDPOINT": self.discovery["authorization_endpoint"],
            "MILEPAEL_OIDC_TOKEN_ENDPOINT": self.discovery["token_endpoint"],
            "MILEPAEL_OIDC_USERINFO_ENDPOINT": self.discovery["userinfo_endpoint"],
            "MILEPAEL_OIDC_JWKS_ENDPOINT": self.discovery["jwks_uri"],
            "MILEPAEL_OIDC_ISSUER": self.discovery["issuer"],
        }


def run_provider_command(command: list[str], env: dict, stdin: str | None = None) -> str:
    result = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def rsa_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def wait_for_port(process: subprocess.Popen, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OpenID provider exited with {process.returncode}")
        ready, _w, _x = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
            if line.startswith("LISTENING "):
                return int(line.split()[1])
    raise TimeoutError(f"the OpenID provider did not start within {timeout} s")


@pytest.fixture(scope="module")
def oidc_provider(live_server, tmp_path_factory):
    """A django-oauth-toolkit OpenID provider in its own process, with Milepæl registered as a
    confidential authorization-code client whose redirect URI is the live server's callback."""
    workdir = tmp_path_factory.mktemp("oidc-provider")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MILEPAEL_", "DATABASE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": PROVIDER_SETTINGS,
            "SSO_TEST_OP_DB": str(workdir / "provider.sqlite3"),
            "SSO_TEST_OP_RSA_KEY": rsa_private_key_pem(),
            "PYTHONPATH": str(PROJECT_ROOT),
            "PYTHONUNBUFFERED": "1",
            "NO_PROXY": "127.0.0.1",
        }
    )
    run_provider_command([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env)

    log = workdir / "provider.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.provider.serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        port = wait_for_port(process, START_TIMEOUT)
        url = f"http://127.0.0.1:{port}"
        discovery = requests.get(f"{url}/o/.well-known/openid-configuration", timeout=10).json()
        provider = Provider(url=url, discovery=discovery, env=env, log=log)
        provider.seed(
            {
                "client": {
                    "client_id": SSO_ENV["MILEPAEL_OIDC_CLIENT_ID"],
                    "client_secret": SSO_ENV["MILEPAEL_OIDC_CLIENT_SECRET"],
                    "redirect_uri": f"{live_server.url}/oidc/callback/",
                }
            }
        )
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        process.stdout.close()
