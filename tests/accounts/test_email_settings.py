"""E-mail and link settings from the environment, checked in a fresh interpreter."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from django.core.mail import EmailMessage

from accounts.mail_console import ReadableConsoleBackend

SHOW = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({"MAILERS": settings.MAILERS, "SITE_URL": settings.SITE_URL,
                  "FROM": settings.DEFAULT_FROM_EMAIL}))
"""

_VARS = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DEFAULT_FROM_EMAIL", "EMAIL_HOST",
    "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
}  # fmt: skip


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in _VARS}
    clean.update(DJANGO_SETTINGS_MODULE="ouderportaal.settings", **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", SHOW], env=clean, capture_output=True, text=True, check=False
    )


PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "ouderportaal.example.nl", "DEBUG": "0"}


def shown(**env: str) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_debug_without_a_host_prints_to_the_console():
    found = shown(DEBUG="1")

    assert found["MAILERS"]["default"]["BACKEND"] == "accounts.mail_console.ReadableConsoleBackend"
    assert found["SITE_URL"] == "http://127.0.0.1:8000"


def test_the_console_shows_a_long_link_whole():
    """make run prints e-mail in the terminal: the invitation link must be usable there."""
    link = "http://127.0.0.1:8011/accounts/uitnodiging/" + "W" * 80 + "/"
    stream = io.StringIO()
    backend = ReadableConsoleBackend(stream=stream)
    backend.send_messages(
        [EmailMessage("Uitnodiging voor Ouderportaal", f"Open:\n{link}\n", to=["a@example.nl"])]
    )
    printed = stream.getvalue()
    assert link in printed.splitlines()
    assert "Subject: Uitnodiging voor Ouderportaal" in printed and "To: a@example.nl" in printed


def test_production_without_a_host_uses_a_local_relay_and_the_allowed_host():
    found = shown(**PRODUCTION)

    mailer = found["MAILERS"]["default"]
    assert mailer["BACKEND"].endswith("smtp.EmailBackend")
    assert mailer["OPTIONS"]["host"] == "localhost" and mailer["OPTIONS"]["port"] == 25
    assert found["SITE_URL"] == "https://ouderportaal.example.nl"
    assert found["FROM"] == "Ouderportaal <noreply@ouderportaal.example.nl>"


def test_smtp_settings_come_from_the_environment():
    found = shown(
        **PRODUCTION,
        EMAIL_HOST="smtp.example.nl",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="app",
        EMAIL_HOST_PASSWORD="geheim-genoeg",
        EMAIL_USE_TLS="1",
        EMAIL_TIMEOUT="7",
        SITE_URL="https://portaal.example.nl/",
        DEFAULT_FROM_EMAIL="Kinderopvang <info@example.nl>",
    )

    assert found["MAILERS"]["default"]["OPTIONS"] == {
        "host": "smtp.example.nl",
        "port": 587,
        "username": "app",
        "password": "geheim-genoeg",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 7,
    }
    assert found["SITE_URL"] == "https://portaal.example.nl"
    assert found["FROM"] == "Kinderopvang <info@example.nl>"


def test_tls_and_ssl_together_is_a_clear_error():
    result = start(**PRODUCTION, EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")

    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr and "exclude each other" in result.stderr


def test_a_site_url_without_scheme_is_refused():
    result = start(**PRODUCTION, SITE_URL="ouderportaal.example.nl")

    assert result.returncode != 0
    assert "SITE_URL must be an http(s) address" in result.stderr


def test_a_wildcard_host_needs_site_url():
    result = start(**{**PRODUCTION, "ALLOWED_HOSTS": "*"})

    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr
