"""Logging in: throttling, sessions, password rules, two-step verification, cookie flags.

Throttling is django-axes keyed on username + address, with a cool-off (not a ban). The
cool-off is tested by moving the clock: axes reads ``django.utils.timezone.now`` through
its own imports, so the ``clock`` fixture replaces it there too.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.middleware import LOGIN_AT, SEEN_AT
from accounts.services import has_two_factor, issue_recovery_codes
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def login(client: Client, username: str, password: str, *, ip: str = "192.0.2.10", **extra):
    data = {"username": username, "password": password, **extra}
    return client.post(reverse("login"), data, REMOTE_ADDR=ip)


def logged_in_as(client: Client):
    return client.session.get("_auth_user_id")


# --- throttling -------------------------------------------------------------------------


def _lock_out(username: str, ip: str = "192.0.2.10"):
    responses = [
        login(Client(), username, "fout wachtwoord", ip=ip)
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert responses[0].status_code == 200  # the normal error first
    return responses


def test_lockout_refuses_even_the_right_password(pm_a):
    _lock_out("pm_a")

    response = login(Client(), "pm_a", TEST_PASSWORD)

    assert response.status_code == 429
    assertContains(response, nl("Too many attempts"), status_code=429)
    assert '<html lang="nl" dir="ltr">' in response.content.decode()
    assert AccessAttempt.objects.filter(username="pm_a").exists()


def test_lockout_is_per_user_a_colleague_on_the_same_tablet_logs_in(pm_a, pm_a2):
    _lock_out("pm_a")

    client = Client()
    response = login(client, "pm_a2", TEST_PASSWORD)

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert logged_in_as(client) == str(pm_a2.pk)


def test_lockout_is_per_address(pm_a, clock):
    _lock_out("pm_a", ip="192.0.2.10")
    # Past the limit an unknown device waits a moment per user name (test_login_devices.py).
    clock.advance(seconds=2)

    client = Client()
    response = login(client, "pm_a", TEST_PASSWORD, ip="198.51.100.7")

    assert response.status_code == 302
    assert logged_in_as(client) == str(pm_a.pk)


def test_lockout_ends_after_the_cool_off(pm_a, clock):
    _lock_out("pm_a")
    assert login(Client(), "pm_a", TEST_PASSWORD).status_code == 429

    clock.advance(seconds=settings.AXES_COOLOFF_TIME.total_seconds() - 60)
    assert login(Client(), "pm_a", TEST_PASSWORD).status_code == 429, "cool-off too short"
    # Trying during the lock-out restarts the cool-off; wait a full one from here.
    clock.advance(seconds=settings.AXES_COOLOFF_TIME.total_seconds() + 60)
    client = Client()
    response = login(client, "pm_a", TEST_PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == str(pm_a.pk)


def test_lockout_looks_the_same_for_an_unknown_user(pm_a):
    """Neither the lock-out nor its absence tells whether an account exists."""
    known = _lock_out("pm_a")
    unknown = _lock_out("niemand")

    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert login(Client(), "niemand", "x").status_code == 429


def test_failed_login_does_not_reveal_whether_the_user_exists(pm_a):
    wrong_password = login(Client(), "pm_a", "fout wachtwoord")
    unknown_user = login(Client(), "niemand", "fout wachtwoord")
    pm_a.is_active = False
    pm_a.save()
    inactive = login(Client(), "pm_a", TEST_PASSWORD)

    def error(response) -> str:
        content = response.content.decode()
        match = re.search(r'<div class="alert alert-danger"[^>]*>(.*?)</div>', content, re.S)
        assert match, "no error shown"
        return match.group(1).strip()

    assert wrong_password.status_code == unknown_user.status_code == inactive.status_code == 200
    assert error(wrong_password) == error(unknown_user) == error(inactive)


# --- sessions ---------------------------------------------------------------------------


def test_login_rotates_the_session_key(pm_a):
    client = Client()
    session = client.session
    session["before_login"] = True
    session.save()
    old_key = session.session_key

    login(client, "pm_a", TEST_PASSWORD)

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()


def _set_session(client: Client, **values) -> str:
    session = client.session
    for name, value in values.items():
        session[name] = value
    session.save()
    return session.session_key


def test_idle_timeout_logs_out(client_for, pm_a, child_a):
    client = client_for(pm_a)
    key = _set_session(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    url = reverse("child_detail", args=[child_a.pk])

    response = client.get(url)

    assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)
    assert not Session.objects.filter(session_key=key).exists()
    assert logged_in_as(client) is None
    assert client.get(reverse("home")).status_code == 302


def test_not_yet_idle_stays_logged_in(client_for, pm_a):
    client = client_for(pm_a)
    _set_session(client, **{SEEN_AT: int(time.time()) - 29 * 60})

    assert client.get(reverse("home")).status_code == 200
    # ...and the request counts as activity.
    assert int(time.time()) - client.session[SEEN_AT] < 5


def test_absolute_timeout_logs_out_even_when_active(client_for, pm_a):
    client = client_for(pm_a)
    now = int(time.time())
    key = _set_session(client, **{LOGIN_AT: now - 12 * 60 * 60 - 60, SEEN_AT: now})

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=key).exists()


def test_session_clock_starts_at_login(pm_a):
    client = Client()
    before = int(time.time())
    login(client, "pm_a", TEST_PASSWORD)

    assert before <= client.session[LOGIN_AT] <= int(time.time())
    assert before <= client.session[SEEN_AT] <= int(time.time())


def test_deactivated_user_is_out_on_the_next_request(client_for, pm_a):
    client = client_for(pm_a)
    assert client.get(reverse("home")).status_code == 200

    pm_a.is_active = False
    pm_a.save()
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_deactivation_ends_the_session_for_good(client_for, pm_a):
    client = client_for(pm_a)
    key = client.session.session_key
    pm_a.is_active = False
    pm_a.save()
    client.get(reverse("home"))

    pm_a.is_active = True
    pm_a.save()
    response = client.get(reverse("home"))

    assert response.status_code == 302, "the old session came back after reactivation"
    assert not Session.objects.filter(session_key=key).exists()


def test_password_change_logs_out_the_other_sessions(client_for, pm_a):
    here = client_for(pm_a)
    elsewhere = client_for(pm_a)  # e.g. the group tablet
    new = "een nieuwe lange wachtzin voor mij"

    response = here.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )

    assertRedirects(response, reverse("password_change_done"))
    assert here.get(reverse("home")).status_code == 200
    other = elsewhere.get(reverse("home"))
    assert other.status_code == 302
    assert other["Location"].startswith(reverse("login"))


# --- password rules ----------------------------------------------------------------------


def _change_password(client_for, user, new: str):
    return client_for(user).post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("Kx9#mQ2$vL7", False),  # 11 characters, however "complex"
        ("password1234", False),  # a common password
        ("de zon schijnt op het dak van de crèche en wij drinken thee.", True),  # 60, spaces
        ("mijnkatslaaptaltijdopdebank", True),  # all lowercase: no composition rules
        ("1234567890123", False),  # long enough, but on the common list
    ],
)
def test_password_rules(client_for, pm_a, password, accepted):
    response = _change_password(client_for, pm_a, password)

    pm_a.refresh_from_db()
    if accepted:
        assert response.status_code == 302
        assert pm_a.check_password(password)
    else:
        assert response.status_code == 200
        assert "new_password2" in response.context["form"].errors
        assert pm_a.check_password(TEST_PASSWORD)


def test_sixty_character_passphrase_is_really_sixty():
    assert len("de zon schijnt op het dak van de crèche en wij drinken thee.") == 60


def test_minimum_length_is_twelve(client_for, pm_a):
    # Twelve characters, and not a common word with digits ("zonnebloem12" is refused).
    assert _change_password(client_for, pm_a, "gele bloemen").status_code == 302


# --- two-step verification -----------------------------------------------------------------


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def manager_device(manager_a) -> TOTPDevice:
    return TOTPDevice.objects.create(user=manager_a, name="Telefoon", confirmed=True)


@pytest.mark.parametrize("page", ["home", "child_detail", "history", "overview", "search"])
def test_manager_must_verify_before_any_page(client_for, manager_a, manager_device, child_a, page):
    client = client_for(manager_a, verified=False)
    url = reverse(page, args=[child_a.pk]) if page == "child_detail" else reverse(page)

    response = client.get(url)

    assertRedirects(response, f"{reverse('two_factor')}?next={url}", fetch_redirect_response=False)


def test_correct_code_unlocks_the_pages(client_for, manager_a, manager_device, child_a):
    client = client_for(manager_a, verified=False)
    url = reverse("child_detail", args=[child_a.pk])
    assertNotContains(client.get(url, follow=True), "Emma de Vries")

    response = client.post(reverse("two_factor"), {"token": code_for(manager_device), "next": url})

    assertRedirects(response, url)
    assertContains(client.get(url), "Emma de Vries")
    assert client.get(reverse("history")).status_code == 200


def test_the_session_key_is_renewed_when_the_session_is_verified(
    client_for, manager_a, manager_device
):
    """A session key seen before the second step (e.g. on a shared tablet) is useless after."""
    client = client_for(manager_a, verified=False)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("two_factor"), {"token": code_for(manager_device)})

    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get(reverse("history")).status_code == 200


def test_wrong_code_shows_an_error(client_for, manager_a, manager_device):
    client = client_for(manager_a, verified=False)
    wrong = f"{(int(code_for(manager_device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("two_factor"), {"token": wrong})

    assert response.status_code == 200
    assertContains(response, nl("This code is not correct or has expired. Try again."))
    assert client.get(reverse("home")).status_code == 302


def test_recovery_code_works_once(client_for, manager_a, manager_device):
    code = issue_recovery_codes(manager_a)[0]

    first = client_for(manager_a, verified=False)
    assert first.post(reverse("two_factor"), {"token": code}).status_code == 302
    assert first.get(reverse("home")).status_code == 200

    second = client_for(manager_a, verified=False)
    response = second.post(reverse("two_factor"), {"token": code})
    assert response.status_code == 200
    assertContains(response, nl("This code is not correct or has expired. Try again."))
    assert second.get(reverse("home")).status_code == 302


def test_manager_without_authenticator_is_sent_to_set_up(client_for, manager_a):
    client = client_for(manager_a, verified=False)

    response = client.get(reverse("home"), follow=True)

    assertContains(response, nl("Set up two-step verification"))
    assertContains(response, 'class="qr-code"')


def test_pm_without_two_factor_is_not_asked(client_for, pm_a, child_a):
    client = Client()
    login(client, "pm_a", TEST_PASSWORD)

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("child_detail", args=[child_a.pk])).status_code == 200


def test_pm_switches_two_factor_on_and_off(pm_a):
    client = Client()
    login(client, "pm_a", TEST_PASSWORD)
    settings_page = client.get(reverse("two_factor_settings"))
    assertContains(settings_page, reverse("two_factor"))

    setup = client.get(reverse("two_factor"))
    assertContains(setup, 'class="qr-code"')
    device = TOTPDevice.objects.get(user=pm_a, confirmed=False)
    confirmed = client.post(reverse("two_factor"), {"token": code_for(device)})

    assert confirmed.status_code == 200  # the recovery codes, shown once
    assert has_two_factor(pm_a)
    assert len(re.findall(r"<code[^>]*>\s*\w{6,}\s*</code>", confirmed.content.decode())) >= 5

    # The next login asks for a code, before any page.
    again = Client()
    login(again, "pm_a", TEST_PASSWORD)
    assert again.get(reverse("home"))["Location"].startswith(reverse("two_factor"))
    device.refresh_from_db()
    # A later time step: the code just used may not be used twice.
    assert (
        again.post(reverse("two_factor"), {"token": code_for(device, offset=30)}).status_code == 302
    )
    assert again.get(reverse("home")).status_code == 200

    # Switching off: no code asked at the next login.
    response = again.post(reverse("two_factor_disable"))
    assertRedirects(response, reverse("two_factor_settings"))
    assert not has_two_factor(pm_a)
    third = Client()
    login(third, "pm_a", TEST_PASSWORD)
    assert third.get(reverse("home")).status_code == 200


def test_manager_cannot_switch_two_factor_off(client_for, manager_a):
    client = client_for(manager_a)
    assert has_two_factor(manager_a)

    response = client.post(reverse("two_factor_disable"), follow=True)

    assertContains(response, nl("Two-factor authentication is required for your role."))
    assert has_two_factor(manager_a)
    assertNotContains(client.get(reverse("two_factor_settings")), reverse("two_factor_disable"))


def test_unverified_manager_cannot_renew_recovery_codes(client_for, manager_a, manager_device):
    client = client_for(manager_a, verified=False)
    codes = issue_recovery_codes(manager_a)

    response = client.post(reverse("recovery_codes_renew"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor"))
    assert client.post(reverse("two_factor"), {"token": codes[0]}).status_code == 302  # unchanged


def test_two_factor_next_stays_on_this_site(client_for, manager_a, manager_device):
    client = client_for(manager_a, verified=False)

    response = client.post(
        reverse("two_factor"),
        {"token": code_for(manager_device), "next": "https://evil.example.com/"},
    )

    assertRedirects(response, "/", fetch_redirect_response=False)


@pytest.mark.parametrize("target", ["f", "home", "@SUM(A1)", "//evil.example.com/x"])
def test_two_factor_next_that_is_no_path_goes_home(client_for, manager_a, manager_device, target):
    """Found by the form fuzzing: a bare word was taken for a view name (a 500)."""
    client = client_for(manager_a, verified=False)

    response = client.post(
        reverse("two_factor"), {"token": code_for(manager_device), "next": target}
    )

    assertRedirects(response, "/", fetch_redirect_response=False)


# --- production settings -------------------------------------------------------------------

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECURE_SSL": "1",
    "ALLOWED_HOSTS": "testserver",
    "DJANGO_SETTINGS_MODULE": "ouderportaal.settings",
}

PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client, override_settings
# Pages are rendered without collectstatic here; that changes nothing about cookies.
plain = {**s.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain):
    response = Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
csrf = response.cookies.get(s.CSRF_COOKIE_NAME)
print(json.dumps({
    "names": [s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME],
    "session": [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,
                s.SESSION_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN],
    "csrf": [s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE, s.CSRF_COOKIE_PATH,
             s.CSRF_COOKIE_DOMAIN],
    "language": [s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY,
                 s.LANGUAGE_COOKIE_SAMESITE],
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "status": response.status_code,
    "csrf_cookie": None if csrf is None else {
        "secure": csrf["secure"], "samesite": csrf["samesite"], "path": csrf["path"],
        "domain": csrf["domain"]},
    "hsts_header": response.get("Strict-Transport-Security"),
}))
"""


WEAK_KEY = "x"


def _production(tmp_path, args: list[str], secret_key: str = WEAK_KEY):
    """Run in a fresh process with the production environment (and none of the test one)."""
    env = {
        **{k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ},
        **PRODUCTION_ENV,
        "SECRET_KEY": secret_key,
        "SQLITE_PATH": str(tmp_path / "empty.sqlite3"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cookie_flags_in_production(tmp_path):
    """settings.py computes these at import time, so they are read in a fresh process."""
    result = _production(tmp_path, ["-c", PROBE])
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])

    assert found["names"] == ["__Host-sessionid", "__Host-csrftoken"]
    # secure, HttpOnly, SameSite=Lax; and the __Host- prefix needs Path=/ and no Domain
    assert found["session"] == [True, True, "Lax", "/", None]
    assert found["csrf"] == [True, "Lax", "/", None]
    assert found["language"] == [True, True, "Lax"]
    assert found["hsts"][0] >= 31_536_000
    assert found["hsts"][1:] == [True, True]
    assert found["ssl_redirect"] is True
    assert found["status"] == 200
    assert found["csrf_cookie"] == {"secure": True, "samesite": "Lax", "path": "/", "domain": ""}
    assert found["hsts_header"].startswith("max-age=31536000")


def test_check_deploy_is_clean(tmp_path):
    """``manage.py check --deploy`` with production settings: 0 findings at WARNING level."""
    key = secrets.token_urlsafe(50)
    result = _production(
        tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], key
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    print(f"\ncheck --deploy: {output.strip()}")


def test_check_deploy_flags_a_weak_secret_key(tmp_path):
    """The short key of the cookie probe above is caught by the deploy check (security.W009)."""
    result = _production(tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr
