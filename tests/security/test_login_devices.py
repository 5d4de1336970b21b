"""A lock-out an attacker cannot use against a user (OWASP device cookies), and the client
address behind 0, 1 or 2 trusted proxies.

Behind a reverse proxy that does not pass on client addresses, every client shares the
proxy's address: five wrong passwords from anyone would lock a known user out, again and
again. A browser that logged in before carries a signed device cookie and is not locked by
failures from elsewhere; it has a failure limit of its own; unknown devices slow down per
user name.
"""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import devices
from accounts.models import KnownDevice
from audit.models import AuditEvent
from ouderportaal.network import client_address
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def login(client: Client, username: str, password: str, *, ip: str = PROXY):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.fixture
def known_browser(manager_a):
    """The manager's own browser: logged in once, logged out, cookie kept."""
    client = Client()
    assert login(client, manager_a.username, TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert devices.cookie_name() in client.cookies
    return client


def attack(username: str, times: int | None = None, *, ip: str = PROXY) -> list[int]:
    times = settings.AXES_FAILURE_LIMIT if times is None else times
    return [
        login(Client(), username, "geraden-wachtwoord", ip=ip).status_code for _ in range(times)
    ]


def test_a_successful_login_makes_the_browser_known(manager_a):
    client = Client()
    response = login(client, manager_a.username, TEST_PASSWORD)

    cookie = response.cookies[devices.cookie_name()]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.KNOWN_DEVICE_DAYS * 24 * 3600
    device = KnownDevice.objects.get(user=manager_a)
    # Only a hash of the key is stored, never the cookie itself.
    assert device.key_hash not in cookie.value


def test_failures_from_elsewhere_do_not_lock_the_users_known_device(manager_a, known_browser):
    """The attack behind a proxy: same address, five wrong passwords, again and again."""
    statuses = attack(manager_a.username, settings.AXES_FAILURE_LIMIT + 3)
    assert 429 in statuses, "the attacker is locked out"

    response = login(known_browser, manager_a.username, TEST_PASSWORD)

    assert response.status_code == 302
    assert logged_in(known_browser) == str(manager_a.pk)


def test_the_attacker_without_the_cookie_stays_locked(manager_a, known_browser):
    attack(manager_a.username)
    stranger = Client()

    response = login(stranger, manager_a.username, TEST_PASSWORD)

    # Refused: locked (429) or told to wait (the slow-down per user name comes first).
    assert response.status_code in (200, 429)
    assert logged_in(stranger) is None


def test_a_cookie_of_another_user_is_not_a_known_device(manager_a, pm_a, known_browser):
    attack(pm_a.username)

    response = login(known_browser, pm_a.username, TEST_PASSWORD)

    assert response.status_code in (200, 429)
    assert logged_in(known_browser) is None


def test_a_tampered_cookie_is_not_a_known_device(manager_a, known_browser):
    name = devices.cookie_name()
    known_browser.cookies[name] = known_browser.cookies[name].value[:-2] + "xx"
    attack(manager_a.username)

    assert login(known_browser, manager_a.username, TEST_PASSWORD).status_code in (200, 429)
    assert logged_in(known_browser) is None


def test_a_known_device_has_a_failure_limit_of_its_own(manager_a, known_browser, clock):
    """A stolen device cookie does not give unlimited guesses."""
    username = manager_a.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert login(known_browser, username, "fout").status_code == 200
    assert not AccessAttempt.objects.filter(username=username).exists()

    assert login(known_browser, username, TEST_PASSWORD).status_code == 429
    device = KnownDevice.objects.get(user=manager_a)
    assert device.locked_until is not None

    clock.advance(seconds=settings.AXES_COOLOFF_TIME.total_seconds() + 1)
    assert login(known_browser, username, TEST_PASSWORD).status_code == 302


def test_unknown_devices_slow_down_per_user_name_whatever_the_address(pm_a, clock):
    """Guesses spread over many addresses: past the limit each waits longer."""
    username = pm_a.username
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), username, "fout", ip=f"198.51.100.{n + 1}")

    response = login(Client(), username, TEST_PASSWORD, ip="203.0.113.50")
    assert response.status_code == 200
    assert "Te veel mislukte pogingen voor deze gebruikersnaam." in response.content.decode()
    assert AccessAttempt.objects.filter(ip_address="203.0.113.50").count() == 0, (
        "a refused attempt is not counted, so waiting is enough"
    )

    clock.advance(seconds=2)
    client = Client()
    assert login(client, username, TEST_PASSWORD, ip="203.0.113.50").status_code == 302
    assert logged_in(client) == str(pm_a.pk)


def test_the_wait_doubles_and_is_capped(pm_a):
    now = timezone.now()
    AccessAttempt.objects.create(
        username="pm_a",
        ip_address="198.51.100.1",
        user_agent="",
        http_accept="",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=settings.AXES_FAILURE_LIMIT + 3,
    )
    AccessAttempt.objects.filter(username="pm_a").update(attempt_time=now)
    assert devices.login_wait_seconds("pm_a", now=now) == 8
    AccessAttempt.objects.filter(username="pm_a").update(failures_since_start=99)
    assert devices.login_wait_seconds("pm_a", now=now) == settings.LOGIN_SLOWDOWN_MAX_SECONDS
    later = now + datetime.timedelta(seconds=settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    assert devices.login_wait_seconds("pm_a", now=later) == 0


# --- the client address behind trusted proxies ------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        # The attacker sends a header of their own; nginx appends the real address.
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "10.0.0.1", "10.0.0.2"),  # fewer hops than proxies: not through all of them
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_client_address_is_the_one_the_outermost_trusted_proxy_added(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_an_attacker_cannot_choose_the_address_of_the_trail_or_the_throttle(settings, pm_a):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        Client().post(
            reverse("login"),
            {"username": "pm_a", "password": "fout"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    assert set(AuditEvent.objects.values_list("ip", flat=True)) <= {"203.0.113.0"}


def test_the_old_setting_is_refused_with_a_clear_message():
    env = {"TRUST_X_FORWARDED_FOR": "1", "DEBUG": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; "
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ouderportaal.settings'); "
            "django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
