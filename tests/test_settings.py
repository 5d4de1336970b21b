"""Settings come from the environment and refuse to start half-configured.

Start-up behaviour is tested in a fresh interpreter (the settings module runs once
per process); the helpers and the resulting settings are tested directly.
"""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from ouderportaal import settings as settings_module
from ouderportaal.settings import database_from_url

SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY_SET": bool(settings.SECRET_KEY),
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
}))
"""

_CONFIG_VARS = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "SECURE_SSL",
    "SECURE_SSL_REDIRECT",
    "CSRF_TRUSTED_ORIGINS",
)


def start(**env: str) -> subprocess.CompletedProcess:
    """Import the settings and set Django up in a fresh interpreter with exactly ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in _CONFIG_VARS}
    clean["DJANGO_SETTINGS_MODULE"] = "ouderportaal.settings"
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def started(**env: str) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- start-up -------------------------------------------------------------------------


def test_production_without_secret_key_refuses_to_start():
    result = start(DEBUG="0", ALLOWED_HOSTS="ouderportaal.example.nl")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_debug_unset_means_production():
    result = start(ALLOWED_HOSTS="ouderportaal.example.nl")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = start(DEBUG="0", SECRET_KEY="a-real-secret")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_with_everything_set_starts():
    shown = started(
        DEBUG="0", SECRET_KEY="a-real-secret", ALLOWED_HOSTS="a.example.nl, b.example.nl"
    )
    assert shown["DEBUG"] is False
    assert shown["ALLOWED_HOSTS"] == ["a.example.nl", "b.example.nl"]


def test_development_without_secret_key_starts():
    shown = started(DEBUG="1")
    assert shown["DEBUG"] is True
    assert shown["SECRET_KEY_SET"] is True
    assert shown["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert shown["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.parametrize("value", ["maybe", "2", "ja"])
def test_bad_boolean_refuses_to_start(value):
    result = start(DEBUG=value, SECRET_KEY="s", ALLOWED_HOSTS="x.example.nl")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG" in result.stderr
    assert value in result.stderr


def test_bad_integer_refuses_to_start():
    result = start(DEBUG="1", CONN_MAX_AGE="lang")
    assert result.returncode != 0
    assert "CONN_MAX_AGE" in result.stderr


def test_database_url_switches_to_postgresql():
    shown = started(DEBUG="1", DATABASE_URL="postgres://app:geheim@db.internal:5433/ouderportaal")
    assert shown["ENGINE"] == "django.db.backends.postgresql"
    assert shown["NAME"] == "ouderportaal"
    assert shown["CONN_MAX_AGE"] == 60

    shown = started(DEBUG="1", DATABASE_URL="postgres://db/ouderportaal", CONN_MAX_AGE="0")
    assert shown["CONN_MAX_AGE"] == 0


def test_bad_database_url_refuses_to_start():
    result = start(DEBUG="1", DATABASE_URL="mysql://db/ouderportaal")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


# --- helpers --------------------------------------------------------------------------


def test_database_from_url_parses_every_part():
    db = database_from_url("postgresql://ouder%40app:p%40ss%2Fword@db.example.nl:5433/portaal", 30)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["NAME"] == "portaal"
    assert db["USER"] == "ouder@app"
    assert db["PASSWORD"] == "p@ss/word"
    assert db["HOST"] == "db.example.nl"
    assert db["PORT"] == "5433"
    assert db["CONN_MAX_AGE"] == 30
    assert db["CONN_HEALTH_CHECKS"] is True


def test_database_from_url_minimal():
    db = database_from_url("postgres:///portaal", 0)
    assert db["NAME"] == "portaal"
    assert db["USER"] == db["PASSWORD"] == db["HOST"] == db["PORT"] == ""
    assert db["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    "url", ["sqlite:///db.sqlite3", "mysql://u@h/db", "postgres://u@h", "postgres://u@h/"]
)
def test_database_from_url_rejects(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url, 60)


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", " Yes ")
    assert settings_module.env_bool("X_BOOL") is True
    monkeypatch.setenv("X_BOOL", "off")
    assert settings_module.env_bool("X_BOOL", True) is False
    monkeypatch.delenv("X_BOOL")
    assert settings_module.env_bool("X_BOOL", True) is True
    monkeypatch.setenv("X_BOOL", "misschien")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        settings_module.env_bool("X_BOOL")

    monkeypatch.setenv("X_INT", "42")
    assert settings_module.env_int("X_INT", 1) == 42
    monkeypatch.setenv("X_INT", "")
    assert settings_module.env_int("X_INT", 7) == 7
    monkeypatch.setenv("X_INT", "4.2")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        settings_module.env_int("X_INT", 1)

    monkeypatch.setenv("X_LIST", " a.nl, ,b.nl ")
    assert settings_module.env_list("X_LIST") == ["a.nl", "b.nl"]
    monkeypatch.delenv("X_LIST")
    assert settings_module.env_list("X_LIST", ["x"]) == ["x"]


# --- the settings in force ----------------------------------------------------------------


def test_dutch_first_amsterdam_time():
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _name in settings.STAFF_LANGUAGES] == ["nl", "en"]
    # The parent portal (and the pages parents meet on the way in) speak four more.
    assert [code for code, _name in settings.LANGUAGES] == ["nl", "en", "tr", "ar", "pl", "uk"]
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ is True
    assert settings.USE_I18N is True


def test_argon2_is_the_production_hasher():
    # The tests swap in a fast hasher (conftest); the settings module keeps the real list.
    assert settings_module.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_login_is_required_everywhere_by_default():
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE


# --- headers on the pages ------------------------------------------------------------------


@pytest.fixture
def logged_in_pages(child_a, parent_a):
    return [
        reverse("home"),
        reverse("search"),
        reverse("child_detail", args=[child_a.pk]),
        reverse("parent_detail", args=[parent_a.pk]),
    ]


def _script_src(csp: str) -> str:
    directives = {
        part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";") if part.strip()
    }
    return directives["script-src"]


@pytest.mark.django_db
def test_logged_in_pages_have_csp_with_nonce(client_for, pm_a, logged_in_pages):
    client = client_for(pm_a)
    nonces = set()
    for url in logged_in_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        script_src = _script_src(csp)
        assert "'unsafe-inline'" not in script_src
        assert "'unsafe-eval'" not in script_src
        match = re.search(r"'nonce-([^']+)'", script_src)
        assert match, script_src
        nonce = match.group(1)
        # Every script on the page carries this response's nonce.
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert scripts
        for tag in scripts:
            assert f'nonce="{nonce}"' in tag, tag
        nonces.add(nonce)
        assert "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp
    assert len(nonces) == len(logged_in_pages)  # a fresh nonce per response


@pytest.mark.django_db
def test_logged_in_pages_are_not_stored(client_for, pm_a, logged_in_pages):
    client = client_for(pm_a)
    for url in logged_in_pages:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


@pytest.mark.django_db
def test_not_found_for_logged_in_user_is_not_stored(client_for, pm_a, child_a):
    response = client_for(pm_a).get(reverse("child_detail", args=[child_a.pk + 1000]))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_login_page_has_csp_and_frame_protection(client):
    response = client.get(reverse("login"))
    assert "'unsafe-inline'" not in _script_src(response["Content-Security-Policy"])
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
